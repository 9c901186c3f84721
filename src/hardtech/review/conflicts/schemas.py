"""The conflict registry's API shapes: an item's conflicts, a declaration, a waiver, a relation."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from hardtech.core.api.schemas import Id, choice
from hardtech.review.models.conflicts import REASON_MAX_LENGTH, RelationKind

ItemKind = Literal["achievements", "demands"]
Reason = Field(min_length=1, max_length=REASON_MAX_LENGTH, description="原因（必填）")


class ItemRef(Schema):
    kind: ItemKind = Field(description="条目类型：achievements 科技成果、demands 技术需求")
    id: Id


class ConflictOut(Schema):
    rule: str = Field(description="规则代码")
    label: str
    explanation: str = Field(description="冲突说明，如“与申报单位同属西北工业大学”")
    reference: str = Field(description="参考依据")
    waived: bool
    waiver_reason: str | None = None


class ExpertConflictsOut(Schema):
    expert_id: int
    name: str
    organisation: str | None
    conflicts: list[ConflictOut]


class ItemConflictsOut(Schema):
    kind: str
    id: int
    title: str
    experts: list[ExpertConflictsOut]


class DeclareIn(ItemRef):
    reason: str = Reason
    expert_id: Id | None = Field(None, description="专家编号；专家本人申报时省略（管委会代为登记时必填）")


class DeclaredOut(Schema):
    id: int
    expert_id: int
    reason: str
    created_at: datetime


class WaiveIn(ItemRef):
    expert_id: Id
    rule: str = Field(min_length=1, max_length=40, description="要豁免的规则代码")
    reason: str = Reason


class WaiverOut(Schema):
    id: int
    expert_id: int
    rule: str
    reason: str
    created_at: datetime


class RelationIn(Schema):
    expert_id: Id
    kind: str = choice(RelationKind, "关系")
    person_name: str = Field("", max_length=50, description="对方姓名（导师、学生、亲属）")
    organisation_id: Id | None = Field(None, description="对方机构编号（曾任职、持股、任职）")
    since: date | None = None
    until: date | None = None
    source: str = Field("", max_length=200, description="信息来源")


class RelationOut(Schema):
    id: int
    expert_id: int
    kind: str
    person_name: str
    organisation_id: int | None
    since: date | None
    until: date | None
    source: str
