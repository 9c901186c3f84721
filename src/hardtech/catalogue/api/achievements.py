"""/api/achievements: 科技成果 — list, detail, create, update, delete and the review workflow."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from hardtech.accounts.models import Role
from hardtech.catalogue.api.common import create_record, etag, search, update_record
from hardtech.catalogue.api.listings import ERRORS, add_listing_routes, get_listing
from hardtech.catalogue.models import Achievement, InvitationStatus, Organisation, OwnershipInvitation
from hardtech.catalogue.permissions import can_create, can_edit, role_of, visible_listings
from hardtech.catalogue.schemas import (
    AchievementCreate,
    AchievementFilters,
    AchievementOut,
    AchievementPage,
    AchievementPatch,
)
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, order_key, paginate, region_q
from hardtech.core.api.schemas import ErrorOut, PageParams
from hardtech.core.search import json_list_has

router = Router(tags=["科技成果"])


def _queryset(signed_in: bool = True) -> QuerySet:
    """With the pending co-ownership invitations, which only signed-in editors are shown."""
    queryset = Achievement.objects.prefetch_related("organisations")
    if not signed_in:
        return queryset
    pending = OwnershipInvitation.objects.filter(status=InvitationStatus.PENDING).select_related(
        "organisation"
    )
    return queryset.prefetch_related(
        Prefetch("ownership_invitations", queryset=pending, to_attr="pending_invitations")
    )


def _reload(pk: int) -> Achievement:
    return _queryset().get(pk=pk)


def _organisations(ids: list[int] | None) -> list[int]:
    if not ids:
        raise ValidationError({"organisations": ValidationError("请至少选择一个所属机构", code="required")})
    check_references({"organisations": (Organisation, ids)})
    return ids


@router.get("", auth=optional_auth, response={200: AchievementPage, 401: ERRORS[401]}, summary="成果列表")
def list_achievements(
    request: HttpRequest, filters: Query[AchievementFilters], page: Query[PageParams]
) -> dict:
    user = caller(request)
    qs = search(visible_listings(user, _queryset(user.is_authenticated)), filters.q)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.maturity:
        qs = qs.filter(maturity=filters.maturity)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.organisation:
        qs = qs.filter(organisations=filters.organisation)
    if filters.kind:
        qs = qs.filter(organisations__kind=filters.kind)
    qs = qs.filter(
        json_list_has("transfer_modes", filters.transfer_mode), region_q(filters.region, "organisations__")
    )
    # The organisation joins can repeat a row; order by id last so pages are stable.
    return paginate(qs.distinct().order_by(order_key(filters.ordering), "-id"), page)


@router.get("/{item_id}", auth=optional_auth, response={200: AchievementOut, **ERRORS}, summary="成果详情")
def get_achievement(request: HttpRequest, response: HttpResponse, item_id: int) -> Achievement:
    obj = get_listing(request, Achievement, item_id)
    etag(response, obj)
    return _reload(obj.pk)


# Said on create and update, where an owner's choice of another organisation becomes an invitation.
ORGANISATIONS_NOTE = (
    "所属机构：高校/院所用户可直接添加本机构及下属机构；选择其他机构时不会直接加入，而是向其发出共有邀请"
    "（见返回的 pending_organisations），对方接受后才成为所属机构；不能移除其他共有机构。"
)


@router.post(
    "",
    auth=token_auth,
    response={201: AchievementOut, **ERRORS},
    summary="新建成果（草稿）",
    description=ORGANISATIONS_NOTE,
)
def create_achievement(request: HttpRequest, payload: AchievementCreate):
    user = caller(request)
    forbid_unless(can_create(user, Achievement), "无权发布科技成果")
    data = payload.dict(exclude_unset=True)
    ids = data.pop("organisations", None)
    if not ids and role_of(user) == Role.INSTITUTION and user.organisation_id:
        ids = [user.organisation_id]
    saved = create_record(request, Achievement(created_by=user), data, {"organisations": _organisations(ids)})
    return Status(201, _reload(saved.obj.pk))


@router.patch(
    "/{item_id}",
    auth=token_auth,
    response={200: AchievementOut, **ERRORS, 409: ErrorOut},
    summary="修改成果",
    description=ORGANISATIONS_NOTE,
)
def update_achievement(
    request: HttpRequest, response: HttpResponse, item_id: int, payload: AchievementPatch
) -> Achievement:
    obj = get_listing(request, Achievement, item_id)
    forbid_unless(can_edit(caller(request), obj), "无权修改该成果")
    data = payload.dict(exclude_unset=True)
    m2m = {"organisations": _organisations(data.pop("organisations"))} if "organisations" in data else {}
    saved = update_record(request, obj, data, m2m)
    etag(response, saved.obj)
    return _reload(obj.pk)


add_listing_routes(router, Achievement, AchievementOut, _reload)
