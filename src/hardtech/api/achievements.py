"""/api/achievements: 科技成果 — list, detail, create, update, delete and the review workflow."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Organisation
from hardtech.catalogue.permissions import can_create, can_edit, role_of, visible_listings

from .auth import optional_auth, token_auth
from .common import (
    assign,
    caller,
    check_references,
    forbid_unless,
    json_list_has,
    order_key,
    paginate,
    region_q,
    save_owned,
    search,
)
from .listings import ERRORS, add_listing_routes, get_listing
from .schemas import (
    AchievementCreate,
    AchievementFilters,
    AchievementOut,
    AchievementPage,
    AchievementPatch,
    PageParams,
)

router = Router(tags=["科技成果"])


def _queryset() -> QuerySet:
    return Achievement.objects.prefetch_related("organisations")


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
    qs = search(visible_listings(caller(request), _queryset()), filters.q)
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
def get_achievement(request: HttpRequest, item_id: int) -> Achievement:
    return get_listing(request, Achievement, item_id)


@router.post("", auth=token_auth, response={201: AchievementOut, **ERRORS}, summary="新建成果（草稿）")
def create_achievement(request: HttpRequest, payload: AchievementCreate):
    user = caller(request)
    forbid_unless(can_create(user, Achievement), "无权发布科技成果")
    data = payload.dict(exclude_unset=True)
    ids = data.pop("organisations", None)
    if not ids and role_of(user) == Role.INSTITUTION and user.organisation_id:
        ids = [user.organisation_id]
    obj = Achievement(created_by=user)
    assign(obj, data)
    save_owned(user, obj, {"organisations": _organisations(ids)})
    return Status(201, _reload(obj.pk))


@router.patch("/{item_id}", auth=token_auth, response={200: AchievementOut, **ERRORS}, summary="修改成果")
def update_achievement(request: HttpRequest, item_id: int, payload: AchievementPatch) -> Achievement:
    user = caller(request)
    obj = get_listing(request, Achievement, item_id)
    forbid_unless(can_edit(user, obj), "无权修改该成果")
    data = payload.dict(exclude_unset=True)
    m2m = {"organisations": _organisations(data.pop("organisations"))} if "organisations" in data else {}
    assign(obj, data)
    save_owned(user, obj, m2m)
    return _reload(obj.pk)


add_listing_routes(router, Achievement, AchievementOut, _reload)
