"""Request and response shapes of the deals' API (/api/deals): deals, their checklist, team, activity,
documents, stage visits and feedback, and the technology contracts. Money (万元) is Decimal both ways, written
as a string; the shared pieces (ids, choices, pages, errors) are hardtech.core.api.schemas."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from hardtech.catalogue.choices import TechField
from hardtech.core.api.schemas import MAX_ITEMS, Id, Page, Ref, choice, money, search_box, version_field
from hardtech.deals.choices import (
    ActivityKind,
    ContractStatus,
    ContractType,
    CostKind,
    EndReason,
    EntityKind,
    IpType,
    Landing,
    PaymentMethod,
    Source,
    Stage,
)

# --- references ---------------------------------------------------------------------------------------------


class UserRef(Schema):
    id: int
    name: str = Field(description="姓名（未填时为用户名）")


class DealStepOut(Schema):
    name: str = Field(description="POST /api/deals/{id}/move 的 transition")
    label: str
    note_required: bool


# --- deals --------------------------------------------------------------------------------------------------


class DealOut(Schema):
    id: int
    code: str = Field(description="项目编号，如 JY2026000123")
    title: str
    stage: str
    stage_label: str
    source: str
    source_label: str
    lead: UserRef
    amount: Decimal | None = Field(description="预计金额（万元）")
    stage_entered_at: datetime
    opened_at: datetime
    closed_at: datetime | None
    version: int


class DealPage(Page):
    items: list[DealOut]


class DealDetail(DealOut):
    summary: str
    stage_note: str
    end_reason: str
    end_reason_label: str
    landing: str
    landing_label: str
    landed_company: Ref | None
    achievements: list[Ref]
    experts: list[Ref]
    demands: list[Ref]
    sellers: list[Ref] = Field(description="成果方（供给方）机构")
    buyers: list[Ref] = Field(description="需求方企业")
    steps: list[DealStepOut] = Field(description="调用者现在可以执行的阶段操作")


class DealFilters(Schema):
    stage: str | None = choice(Stage, "阶段", None)
    lead: Id | None = Field(None, description="牵头技术经理人（用户 id）")
    source: str | None = choice(Source, "来源", None)
    buyer: Id | None = Field(None, description="需求方机构 id")
    seller: Id | None = Field(None, description="成果方机构 id")
    q: str | None = search_box("项目名称、编号或简介中的文字")


class DealCreate(Schema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=4000)
    source: str = choice(Source, "来源", Source.MANUAL.value)
    achievements: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS, description="科技成果 id")
    experts: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS, description="专家 id（技术诀窍）")
    demands: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS, description="技术需求 id")
    sellers: list[Id] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="成果方机构 id（默认取成果与专家的机构）"
    )
    buyers: list[Id] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="需求方机构 id（默认取需求的企业）"
    )
    amount: Decimal | None = money("预计金额")
    lead: Id | None = Field(
        None, description="牵头技术经理人（用户 id）；仅管委会可指定，技术经理人牵头自己创建的项目"
    )


class DealPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, max_length=4000)
    amount: Decimal | None = money("预计金额")
    version: int | None = version_field()


class MoveIn(Schema):
    transition: str = Field(
        max_length=40,
        description="to_<阶段>（清单完成后进入下一阶段）、skip_to_<阶段>（越过清单，须填理由）或 end（终止）",
    )
    note: str = Field("", max_length=500, description="说明；越过清单时为理由，终止时为终止说明（必填）")
    reason: str | None = choice(EndReason, "终止原因（transition 为 end 时必填）", None)
    landing: str | None = choice(Landing, "落地形式（进入落地阶段时必填）", None)


class LeadIn(Schema):
    user: Id = Field(description="新的牵头技术经理人（用户 id）")


# --- checklist ----------------------------------------------------------------------------------------------


class ChecklistItemOut(Schema):
    id: int
    stage: str
    stage_label: str
    code: str
    label: str
    required: bool
    due_on: date | None
    done: bool
    done_at: datetime | None
    done_by: UserRef | None
    note: str


class ChecklistItemIn(Schema):
    label: str = Field(min_length=1, max_length=200)
    due_on: date | None = None
    required: bool = Field(False, description="推进到下一阶段前必须完成")


class ChecklistItemPatch(Schema):
    done: bool | None = Field(None, description="true 为完成，false 为撤销完成")
    due_on: date | None = Field(None, description="截止日期；null 为清除")
    note: str | None = Field(None, max_length=500)


# --- team ---------------------------------------------------------------------------------------------------


class TeamRoleOut(Schema):
    code: str
    label: str


class MemberOut(Schema):
    id: int = Field(description="成员记录 id（DELETE /team/{id} 用）")
    user: UserRef
    role: str
    role_label: str
    added_at: datetime


class TeamOut(Schema):
    lead: UserRef
    members: list[MemberOut]


class MemberIn(Schema):
    user: Id = Field(description="技术经理人（用户 id）")
    role: str = Field(max_length=30, description="团队角色代码（GET /api/deals/team-roles）")


# --- activity, documents, stages, feedback ------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    occurred_at: datetime
    summary: str
    body: str
    author: UserRef | None
    created_at: datetime


class ActivityIn(Schema):
    kind: str = choice(ActivityKind, "类型")
    summary: str = Field(min_length=1, max_length=200)
    body: str = Field("", max_length=5000)
    occurred_at: datetime | None = Field(None, description="发生时间；默认为现在")


class VersionOut(Schema):
    id: int
    number: int
    name: str
    content_type: str
    size: int
    note: str
    uploaded_by: UserRef | None
    uploaded_at: datetime
    url: str = Field(description="下载地址（网站登录后，能查看该项目的用户可下载）")


class DealDocumentOut(Schema):
    id: int
    title: str
    created_at: datetime
    versions: list[VersionOut] = Field(description="各版本，最新在前")


class VisitOut(Schema):
    stage: str
    stage_label: str
    entered_at: datetime
    left_at: datetime | None
    moved_by: UserRef | None
    note: str
    override: str = Field(description="越过清单的理由（未越过为空）")


class DealFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5, description="服务评分 1–5")
    comment: str = Field("", max_length=2000)


class DealFeedbackOut(Schema):
    id: int
    side: str
    side_label: str
    rating: int
    comment: str
    created_at: datetime


# --- contracts ----------------------------------------------------------------------------------------------


class ContractFilters(Schema):
    status: str | None = choice(ContractStatus, "登记状态", None)
    type: str | None = choice(ContractType, "合同类型", None)
    year: int | None = Field(None, ge=1980, le=2200, description="签订年份")


class ContractOut(Schema):
    id: int
    deal: int | None
    project_name: str
    contract_type: str
    contract_type_label: str
    buyer_name: str
    seller_name: str
    signed_on: date
    total_amount: Decimal = Field(description="合同总额（万元）")
    technology_amount: Decimal = Field(description="技术交易额（万元）")
    status: str
    status_label: str
    registration_no: str | None
    registered_at: datetime | None
    version: int


class ContractPage(Page):
    items: list[ContractOut]


class CostOut(Schema):
    kind: str
    kind_label: str
    description: str
    amount: Decimal


class ContractDetail(ContractOut):
    buyer: int | None
    buyer_credit_code: str
    buyer_kind: str
    buyer_region: str
    buyer_in_zone: bool
    seller: int | None
    seller_credit_code: str
    seller_kind: str
    seller_region: str
    seller_in_zone: bool
    valid_from: date
    valid_to: date
    paid_amount: Decimal
    payment_method: str
    ip_type: str
    tech_field: str
    expected_investment: Decimal | None
    expected_output: Decimal | None
    registrar_note: str
    submitted_at: datetime | None
    imported: bool
    costs: list[CostOut] = Field(description="非技术性费用（从合同总额中扣除得技术交易额）")
    revisions: int = Field(description="登记后更正的次数")


class RegisteredOut(ContractDetail):
    deal_outcome: str = Field(description="登记对项目阶段的影响（如“项目已进入‘登记’阶段”或仍停留的原因）")


class CostIn(Schema):
    kind: str = choice(CostKind, "费用类别")
    description: str = Field("", max_length=200)
    amount: Decimal = Field(description="金额（万元，字符串或数字，两位小数）")


class ContractFields(Schema):
    """The registration form's fields the team fills in (and the registrar corrects); only those sent change."""

    project_name: str | None = Field(None, max_length=200)
    contract_type: str | None = choice(ContractType, "合同类型", None)
    buyer_name: str | None = Field(None, max_length=200)
    buyer_credit_code: str | None = Field(None, max_length=18, description="买方统一社会信用代码")
    buyer_kind: str | None = choice(EntityKind, "买方主体类型", None)
    buyer_region: str | None = Field(None, max_length=6, description="买方所在地区代码（GB/T 2260，6 位）")
    seller_name: str | None = Field(None, max_length=200)
    seller_credit_code: str | None = Field(None, max_length=18, description="卖方统一社会信用代码")
    seller_kind: str | None = choice(EntityKind, "卖方主体类型", None)
    seller_region: str | None = Field(None, max_length=6, description="卖方所在地区代码（GB/T 2260，6 位）")
    signed_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    total_amount: Decimal | None = money("合同总额")
    paid_amount: Decimal | None = money("已支付金额")
    payment_method: str | None = choice(PaymentMethod, "支付方式", None)
    ip_type: str | None = choice(IpType, "知识产权类型", None)
    tech_field: str | None = choice(TechField, "技术领域", None)
    expected_investment: Decimal | None = money("预计新增投资（技术转让合同必填）")
    expected_output: Decimal | None = money("预计新增产值（技术转让合同必填）")
    costs: list[CostIn] | None = Field(
        None, max_length=MAX_ITEMS, description="非技术性费用（设备、原材料、零部件……）；给出时替换原有各项"
    )


class ContractPatch(ContractFields):
    version: int | None = version_field()


class RegisterIn(Schema):
    contract_type: str | None = choice(ContractType, "认定的合同类型（不填为原类型）", None)
    technology_amount: Decimal | None = money("核定的技术交易额（不填为合同总额减非技术性费用）")
    note: str = Field("", max_length=500, description="登记意见")


class ReturnIn(Schema):
    note: str = Field(max_length=500, description="退回补正的意见（必填）")


class CorrectIn(ContractFields):
    reason: str = Field(max_length=500, description="更正理由（必填）")
    technology_amount: Decimal | None = money("更正后的技术交易额")
    version: int | None = version_field()
