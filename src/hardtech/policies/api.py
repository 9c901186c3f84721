"""/api/policy/: the policies, one applicant evaluated and explained, and batch runs (免申即享).

Profiles are in the shape of shared/policy/FORMAT.md; amounts (万元) travel as strings with two decimals.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from hardtech.catalogue.models import Organisation
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, forbid_unless
from hardtech.core.api.schemas import ErrorOut, Id
from hardtech.core.api.throttling import anonymous_limits
from hardtech.engines.policy import (
    Policy,
    ProfileError,
    Result,
    evaluate,
    explain,
    list_policies,
    split_no_application,
)
from hardtech.policies.models import ApplicantProfile
from hardtech.policies.permissions import can_run, can_view_profile, is_applicant
from hardtech.policies.views.profiles import profile_of
from hardtech.policies.views.running import money, policy_named

router = Router(tags=["政策兑现"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# One request evaluates at most this many posted profiles; stored profiles are not limited.
MAX_BATCH = 10_000
# A posted profile is bounded like a stored one could be: a few dozen years, a few hundred records of each
# kind, each a flat object of short values (FORMAT.md). Unbounded lists made one anonymous evaluation of
# 20,000 events take seconds and answer 5 MB.
MAX_YEARS = 50
MAX_RECORDS = 200
Key = Annotated[str, Field(max_length=50)]
Value = bool | int | float | Annotated[str, Field(max_length=100)] | None
Record = Annotated[dict[Key, Value], Field(max_length=20)]


class ArticleOut(Schema):
    number: int
    title: str
    kinds: list[str] = Field(description="适用的主体类型；空表示不限")
    items: list[str] = Field(description="本条各项")
    text: str = Field(description="条文")


class PolicyOut(Schema):
    name: str
    title: str
    unit: str
    first_year: int = Field(description="适用的第一个申报年度")
    last_year: int = Field(description="适用的最后一个申报年度")
    effective: date = Field(description="施行日期")
    annual_cap: Decimal | None = Field(description="年度总额上限（万元）")
    articles: list[ArticleOut]


class ProfileIn(Schema):
    """An applicant profile (FORMAT.md); an absent or null flag or year means "not reported"."""

    id: str = Field("profile", max_length=100)
    name: str = Field("", max_length=200)
    kind: str = Field(max_length=20, description="enterprise | university | institute | investor")
    registered_in_zone: bool | None = None
    tax_in_zone: bool | None = None
    serious_dishonesty: bool | None = None
    rd_expense: dict[Key, Decimal] = Field(
        default_factory=dict, max_length=MAX_YEARS, description="研发费用（万元），键为年度"
    )
    revenue: dict[Key, Decimal] = Field(
        default_factory=dict, max_length=MAX_YEARS, description="营业收入（万元），键为年度"
    )
    events: list[Record] = Field(
        default_factory=list, max_length=MAX_RECORDS, description="认定、获批、获奖事项"
    )
    contracts: list[Record] = Field(default_factory=list, max_length=MAX_RECORDS, description="技术合同")
    investments: list[Record] = Field(default_factory=list, max_length=MAX_RECORDS, description="投资")
    prior_awards: dict[Key, Decimal] = Field(
        default_factory=dict, max_length=MAX_YEARS, description="此前已获奖励（万元）"
    )


class EvaluateIn(Schema):
    policy: str = Field("sample", max_length=50)
    year: int = Field(ge=2000, le=2100, description="申报年度")
    profile: ProfileIn | None = Field(None, description="试算的申请主体；与 organisation 二选一")
    organisation: Id | None = Field(None, description="用平台上该机构的企业档案测算（需有权查看）")


class ResultOut(Schema):
    id: str
    name: str = ""
    organisation: int | None = None
    year: int
    eligible: bool
    articles: dict[str, str] = Field(description="各条金额（万元）")
    total: str = Field(description="适用年度上限后的合计（万元）")
    missing: dict[str, list[str]] = Field(description="各条缺少的数据")
    ready: list[str] = Field(description="数据完整即可兑现的条款（免申即享）")


class EvaluateOut(Schema):
    policy: str
    result: ResultOut
    explanation: dict[str, Any] = Field(
        description="逐条说明：条件与取值、参数、上限、差一点、缺少的数据、条文"
    )
    text: str = Field(description="纯文本说明")


class BatchIn(Schema):
    policy: str = Field("sample", max_length=50)
    year: int = Field(ge=2000, le=2100, description="申报年度")
    profiles: list[ProfileIn] | None = Field(
        None, max_length=MAX_BATCH, description="要测算的申请主体；省略则测算平台上全部企业档案"
    )


class NoApplicationOut(Schema):
    ready: list[str] = Field(description="免申即享：数据完整即可兑现的主体 id")
    ready_total: str = Field(description="免申即享金额合计（万元）")
    incomplete: list[str] = Field(description="缺少数据的主体 id")


class BatchOut(Schema):
    policy: str
    year: int
    count: int
    results: list[ResultOut]
    no_application: NoApplicationOut


def _policy(name: str) -> Policy:
    if name not in list_policies():
        raise ValidationError({"policy": f"没有名为“{name}”的政策（可用：{'、'.join(list_policies())}）"})
    return policy_named(name)


def result_out(r: Result, name: str = "", organisation: int | None = None) -> dict:
    return {
        "id": r.id,
        "name": name,
        "organisation": organisation,
        "year": r.year,
        "eligible": r.eligible,
        "articles": {k: money(v) for k, v in r.articles.items()},
        "total": money(r.total),
        "missing": r.missing,
        "ready": list(r.ready),
    }


def _engine_profile(p: ProfileIn) -> dict:
    # Unset flags stay absent: the engine reports them as missing data instead of reading them as false.
    return p.dict(exclude_none=True)


@router.get(
    "/policies", auth=optional_auth, response={200: list[PolicyOut], 401: ErrorOut}, summary="政策列表"
)
def policies(request: HttpRequest) -> list[dict]:
    out = []
    for name in list_policies():
        p = policy_named(name)
        out.append(
            {
                "name": p.name,
                "title": p.title,
                "unit": p.unit,
                "first_year": p.first_year,
                "last_year": p.last_year,
                "effective": p.effective,
                "annual_cap": p.annual_cap.amount if p.annual_cap else None,
                "articles": [
                    {
                        "number": a.number,
                        "title": a.title,
                        "kinds": sorted(a.kinds or ()),
                        "items": [i.label for i in a.items],
                        "text": a.text,
                    }
                    for a in p.articles
                ],
            }
        )
    return out


@router.post(
    "/evaluate",
    auth=optional_auth,
    throttle=anonymous_limits(costly=True),
    response={200: EvaluateOut, **ERRORS},
    summary="测算一个申请主体",
)
def evaluate_one(request: HttpRequest, payload: EvaluateIn) -> dict:
    policy = _policy(payload.policy)
    if (payload.profile is None) == (payload.organisation is None):
        raise ValidationError("请提供 profile（试算）或 organisation（平台上的企业档案）之一")
    name, org_id = "", None
    if payload.organisation is not None:
        org = Organisation.objects.filter(pk=payload.organisation).first()
        if org is None or not is_applicant(org):
            raise ValidationError({"organisation": "没有该申请主体"})
        forbid_unless(can_view_profile(caller(request), org), "无权查看该机构的企业档案")
        profile, name, org_id = profile_of(org).to_profile(), org.name, org.pk
    else:
        profile = _engine_profile(payload.profile)  # type: ignore[arg-type]
        name = profile.get("name", "")
    try:
        explanation = explain(policy, profile, payload.year)
    except ProfileError as e:
        raise ValidationError({"profile": str(e)}) from None
    body = explanation.to_json()
    body.pop("result")
    return {
        "policy": policy.name,
        "result": result_out(explanation.result, name, org_id),
        "explanation": body,
        "text": explanation.to_text(),
    }


@router.post("/batch", auth=token_auth, response={200: BatchOut, **ERRORS}, summary="批量测算（免申即享）")
def batch(request: HttpRequest, payload: BatchIn) -> dict:
    forbid_unless(can_run(caller(request)), "只有园区运营（管委会）可以批量测算")
    policy = _policy(payload.policy)
    if payload.profiles is None:
        stored = [
            p
            for p in ApplicantProfile.objects.with_records().order_by("organisation__name")
            if p.applicant_kind is not None
        ]
        profiles = [p.to_profile() for p in stored]
        labels = [(p.organisation.name, p.organisation_id) for p in stored]
    else:
        profiles = [_engine_profile(p) for p in payload.profiles]
        labels = [(p.get("name", ""), None) for p in profiles]
    try:
        results = evaluate(policy, profiles, payload.year)
    except ProfileError as e:
        raise ValidationError({"profiles": str(e)}) from None
    split = split_no_application(results)
    return {
        "policy": policy.name,
        "year": payload.year,
        "count": len(results),
        "results": [result_out(r, *label) for r, label in zip(results, labels, strict=True)],
        "no_application": {
            "ready": [r.id for r in split.ready],
            "ready_total": money(sum((r.total for r in split.ready), Decimal(0))),
            "incomplete": [r.id for r in split.incomplete],
        },
    }
