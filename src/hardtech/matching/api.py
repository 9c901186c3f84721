"""/api/match/: matches in every direction, engine search, and feedback on matches.

    GET  /api/match/demands/{id}/achievements    成果 for a demand
    GET  /api/match/demands/{id}/experts         专家 for a demand
    GET  /api/match/achievements/{id}/demands    企业需求 for an achievement
    GET  /api/match/experts/{id}/demands         企业需求 for an expert
    GET  /api/match/search?kind=…&q=…            free-text search ranked by the engine
    POST /api/match/feedback                     a verdict on a match (JSON; token, or session + CSRF)

Sources follow the catalogue's visibility (an unpublished demand is 404 to the public); targets are always
published records. Contacts are never part of a match.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from ninja import Field, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from hardtech.accounts.models import ApiToken
from hardtech.catalogue.api.common import get_visible
from hardtech.catalogue.choices import TechField, TransferMode
from hardtech.catalogue.kinds import MatchableCode
from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.catalogue.permissions import visible_listings
from hardtech.core.api.auth import optional_auth
from hardtech.core.api.common import caller
from hardtech.core.api.schemas import ErrorOut, Id
from hardtech.core.api.throttling import anonymous_limits
from hardtech.core.search import MAX_QUERY_CHARS
from hardtech.matching import services
from hardtech.matching.feedback import record_feedback
from hardtech.matching.models import FeedbackReason, MatchKind
from hardtech.matching.present import card
from hardtech.matching.records import ACHIEVEMENTS, DEMANDS, EXPERTS, to_document

# Every match runs the engine: anonymous callers get the costly rate limit (api.throttling).
router = Router(tags=["智能匹配"], throttle=anonymous_limits(costly=True))
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut}


class ExplanationOut(Schema):
    sentence: str = Field(description="可直接转述的一句话解释")
    terms: list[str] = Field(description="双方共有的技术要点")
    agreements: list[str] = Field(description="领域、成熟度、合作方式、预算、地区的一致（或不一致）之处")


class ConfidenceOut(Schema):
    level: Literal["高", "中", "低"] = Field(description="匹配可信度：只看这一对记录自身的证据，跨查询可比")
    rank: int = Field(ge=1, le=3, description="3 高、2 中、1 低")
    reasons: list[str] = Field(description="依据：共同的专业术语、技术领域是否一致、是否超出预算")


class OwnerOut(Schema):
    name: str
    url: str


class MatchOut(Schema):
    id: int
    kind: MatchableCode
    title: str
    url: str
    rank: int
    score: float = Field(
        description="排序分（各部分之和，相对本次结果中的最佳者，只用于排序，不宜跨查询比较）"
    )
    parts: dict[str, float] = Field(
        description="得分构成：lexical 关键词匹配、dense 语义相似、field 领域、mode 合作方式、maturity 成熟度、"
        "price 价格（超出预算为负）、region 地区"
    )
    explanation: ExplanationOut
    confidence: ConfidenceOut
    owner: OwnerOut | None = Field(None, description="成果所属机构 / 需求企业 / 专家所在机构")


class MatchList(Schema):
    source: dict | None = Field(None, description="匹配依据的记录（kind、id、title）；检索时为空")
    items: list[MatchOut]


class MatchFilters(Schema):
    top: int = Field(10, ge=1, le=50)
    field: TechField | None = Field(None, description="只要这一技术领域")
    mode: TransferMode | None = Field(None, description="只要提供 / 接受这一合作方式")
    region: str | None = Field(None, max_length=20, description="只要这一省份，如 陕西省")
    min_maturity: int | None = Field(None, ge=1, le=5, description="成熟度不低于（1 研发 … 5 产业化）")
    max_price: Decimal | None = Field(None, ge=0, le=10**12, description="报价不高于（万元）")

    def engine_filters(self):
        return services.make_filters(
            field=self.field or "",
            mode=self.mode or "",
            region=self.region or "",
            min_maturity=self.min_maturity,
            max_price=self.max_price,
        )


def _source(request: HttpRequest, kind: str, pk: int):
    if kind == EXPERTS:
        return get_visible(request, Expert.objects.select_related("organisation"), pk)
    model = Achievement if kind == ACHIEVEMENTS else Demand
    return get_visible(request, visible_listings(caller(request), model.objects.all()), pk)


def _matches(request: HttpRequest, kind: str, pk: int, target: str, filters: MatchFilters) -> dict:
    source = _source(request, kind, pk)
    if not services.has_index(target):
        raise HttpError(503, "匹配索引尚未建立，请管理员运行 hardtech match-index")
    document = to_document(source)
    hits = services.matches(source, target, top=filters.top, filters=filters.engine_filters(), query=document)
    title = source.name if isinstance(source, Expert) else source.title
    return {
        "source": {"kind": kind, "id": source.pk, "title": title},
        "items": [card(hit, document).as_api() for hit in hits],
    }


def _direction(source_kind: str, target_kind: str, summary: str) -> None:
    @router.get(
        f"/{source_kind}/{{item_id}}/{target_kind}",
        auth=optional_auth,
        response={200: MatchList, **ERRORS},
        operation_id=f"match_{source_kind}_{target_kind}",
        summary=summary,
    )
    def direction(request: HttpRequest, item_id: Id, filters: Query[MatchFilters]) -> dict:
        return _matches(request, source_kind, item_id, target_kind, filters)


_direction(DEMANDS, ACHIEVEMENTS, "需求 → 匹配的科技成果")
_direction(DEMANDS, EXPERTS, "需求 → 可对接的专家")
_direction(ACHIEVEMENTS, DEMANDS, "成果 → 需要它的企业需求")
_direction(EXPERTS, DEMANDS, "专家 → 可解决的企业需求")


class SearchParams(MatchFilters):
    kind: MatchableCode
    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="检索词（简繁体均可）")


@router.get("/search", auth=optional_auth, response={200: MatchList, **ERRORS}, summary="智能检索")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    hits = services.search_hits(params.kind, params.q, filters=params.engine_filters(), top=params.top)
    if hits is None:
        raise HttpError(503, "匹配索引尚未建立或已过期，请管理员运行 hardtech match-index")
    return {"source": None, "items": [card(hit, None).as_api() for hit in hits]}


# ---- feedback ----------------------------------------------------------------------------------------------


class FeedbackAuth(HttpBearer):
    """A bearer token, or the web session with its CSRF token: the panel's buttons post with the session,
    so unlike the catalogue's write endpoints this one accepts a cookie, but only with CSRF protection."""

    def __call__(self, request: HttpRequest):
        if request.headers.get(self.header):
            return super().__call__(request)
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF 校验失败，请刷新页面后重试")
        return request.user

    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.user_for(token)


feedback_auth = FeedbackAuth()


class MatchFeedbackIn(Schema):
    source_kind: MatchKind
    source_id: Id
    target_kind: MatchKind
    target_id: Id
    relevant: bool
    reason: FeedbackReason | Literal[""] = Field("", description="不相关的原因（relevant=false 时必填）")
    note: str = Field("", max_length=500)
    score: float | None = Field(None, allow_inf_nan=False, description="反馈时看到的匹配度")
    rank: int | None = Field(None, ge=1, le=2**31 - 1, description="反馈时看到的名次")


class MatchFeedbackOut(Schema):
    id: int
    relevant: bool
    reason: str


def _store(request: HttpRequest, payload: MatchFeedbackIn):
    _source(request, payload.source_kind, payload.source_id)  # 404 unless the caller may see the source
    return record_feedback(request.auth, **payload.dict(exclude={"next"}))  # refusals: the shared 422


@router.post(
    "/feedback",
    auth=feedback_auth,
    response={201: MatchFeedbackOut, **ERRORS},
    url_name="match_feedback",
    summary="反馈匹配是否相关",
)
def feedback(request: HttpRequest, payload: MatchFeedbackIn):
    row = _store(request, payload)
    return Status(201, {"id": row.pk, "relevant": row.relevant, "reason": row.reason})


class FeedbackForm(MatchFeedbackIn):
    relevant: bool = False
    next: str = ""


@router.post("/feedback/form", auth=feedback_auth, include_in_schema=False, url_name="match_feedback_form")
def feedback_form(request: HttpRequest, payload: Form[FeedbackForm]):
    """The panel's form without JavaScript: store, then back to the page."""
    _store(request, payload)
    target = payload.next if url_has_allowed_host_and_scheme(payload.next, {request.get_host()}) else "/"
    return HttpResponseRedirect(target)
