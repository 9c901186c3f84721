"""The review rounds' API shapes (/api/review/rounds)."""

from datetime import datetime

from ninja import Field, Schema

from hardtech.core.api.schemas import Id, Page

from .models import Recommendation


class CriterionOut(Schema):
    id: int
    name: str
    weight: float
    scale_min: int
    scale_max: int
    anchors: str


class ReviewItemOut(Schema):
    id: int
    kind: str = Field(description="评审对象类型：achievement 或 demand")
    object_id: int
    title: str


class AssignmentOut(Schema):
    id: int
    item: int
    expert: int
    expert_name: str
    source: str
    affinity: float
    declined: bool
    declined_reason: str


class RoundOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    reviewers_per_item: int
    max_load: int
    deadline: datetime | None
    anonymity: str = Field(description="anonymous 匿名（主持人看不到评分人姓名）或 named 实名")


class RoundPage(Page):
    items: list[RoundOut]


class RoundDetail(RoundOut):
    description: str
    criteria: list[CriterionOut]
    items: list[ReviewItemOut]
    assignments: list[AssignmentOut] = Field(description="管委会看到全部分配；专家只看到自己的")


class AssignedOut(Schema):
    created: list[AssignmentOut]


class PledgeOut(Schema):
    round: int
    accepted_at: datetime


class ScoreIn(Schema):
    assignment: Id
    values: dict[str, int | None] = Field(
        default_factory=dict, max_length=50, description="各指标得分：{指标 id: 整数分}，草稿可只填部分"
    )
    recommendation: Recommendation | None = None
    comment: str = Field("", max_length=4000)
    submit: bool = Field(False, description="true 为提交（须填全部指标与推荐意见，提交后不能修改）")


class ScoreOut(Schema):
    assignment: int
    expert_name: str
    item: int
    values: dict[str, int]
    recommendation: str
    comment: str
    submitted: bool
    saved_at: datetime


class ResultItemOut(Schema):
    item: int
    title: str
    rank: int | None = Field(description="校准排名")
    quality: float | None = Field(description="校准估计")
    se: float | None = Field(description="校准估计的标准误")
    raw_mean: float | None = Field(description="原始加权均分")
    raw_rank: int | None
    spread: float = Field(description="专家加权总分的最大差")
    disagreement: bool
    before_finals: int | None = Field(None, description="决赛两两比较计入前的校准排名（无比较时为空）")


class ResultsOut(Schema):
    calibrated: bool
    note: str
    items: list[ResultItemOut]
    judges: list[dict]
    outliers: list[dict]


class ReviewerProfileOut(Schema):
    expert: int
    name: str
    fields: list[str] = Field(description="技术领域（来自专家信息）")
    keywords: list[str] = Field(description="研究方向关键词（来自专家信息）")
    works: list[str] = Field(description="代表成果（来自专家信息）")
    available: bool
    availability_note: str
    max_load_per_round: int | None = Field(description="每轮最多评审数；空为按评审轮次的上限")


class ReviewerProfileIn(Schema):
    available: bool = True
    availability_note: str = Field("", max_length=500)
    max_load_per_round: int | None = Field(None, ge=1, le=100)


class ReviewInvitationOut(Schema):
    id: int
    round: int
    round_title: str
    expert: int
    expert_name: str
    state: str = Field(description="pending 待答复、accepted 已接受、declined 已谢绝")
    reason: str
    responded_at: datetime | None


class InviteIn(Schema):
    experts: list[Id] = Field(min_length=1, max_length=200)


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=500, description="谢绝时必填")


class FinalsIn(Schema):
    size: int = Field(6, ge=2, le=50, description="决赛项目数：校准排名的前 N 项")
    judges: list[Id] | None = Field(
        None, max_length=200, description="决赛评委（专家 id）；留空为本轮全部评审专家"
    )


class FinalistOut(Schema):
    item: int
    title: str
    seed: int = Field(description="入围时的校准名次")


class ComparisonIn(Schema):
    first: Id = Field(description="项目甲（评审对象 id）")
    second: Id = Field(description="项目乙（评审对象 id）")
    winner: Id = Field(description="较优的一项，须是项目甲或项目乙")


class ComparisonOut(Schema):
    judge: str
    item_a: int
    item_b: int
    winner: int


class PairOut(Schema):
    item_a: int
    item_b: int
    winner: int | None = Field(description="已选的较优项；未比较为空")


class FinalsOut(Schema):
    round: int
    size: int
    finalists: list[FinalistOut]
    judges: list[str]
    comparisons: list[ComparisonOut] = Field(description="主持人看到全部比较，评委只看到自己的")
    pairs: list[PairOut] = Field(description="调用者要比较的项目对（已排除其有利益冲突的项目）")
