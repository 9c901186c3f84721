"""/api/demands: 技术需求 — list, detail, create, update, delete and the review workflow."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from hardtech.accounts.models import Role
from hardtech.catalogue.api.common import create_record, etag, search, update_record
from hardtech.catalogue.api.listings import ERRORS, add_listing_routes, get_listing
from hardtech.catalogue.models import Demand, Organisation
from hardtech.catalogue.permissions import can_create, can_edit, role_of, visible_listings
from hardtech.catalogue.schemas import DemandCreate, DemandFilters, DemandOut, DemandPage, DemandPatch
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, order_key, paginate, region_q
from hardtech.core.api.schemas import ErrorOut, PageParams
from hardtech.core.search import json_list_has

router = Router(tags=["技术需求"])


def _queryset() -> QuerySet:
    return Demand.objects.select_related("enterprise")


def _reload(pk: int) -> Demand:
    return _queryset().get(pk=pk)


def _check_enterprise(data: dict) -> None:
    # Demand.clean() follows self.enterprise, which would raise on an id that does not exist.
    if data.get("enterprise") is not None:
        check_references({"enterprise": (Organisation, [data["enterprise"]])})


@router.get("", auth=optional_auth, response={200: DemandPage, 401: ERRORS[401]}, summary="需求列表")
def list_demands(request: HttpRequest, filters: Query[DemandFilters], page: Query[PageParams]) -> dict:
    qs = search(visible_listings(caller(request), _queryset()), filters.q)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.enterprise:
        qs = qs.filter(enterprise=filters.enterprise)
    qs = qs.filter(json_list_has("cooperation_modes", filters.cooperation_mode), region_q(filters.region))
    return paginate(qs.order_by(order_key(filters.ordering), "-id"), page)


@router.get("/{item_id}", auth=optional_auth, response={200: DemandOut, **ERRORS}, summary="需求详情")
def get_demand(request: HttpRequest, response: HttpResponse, item_id: int) -> Demand:
    obj = get_listing(request, Demand, item_id)
    etag(response, obj)
    return obj


@router.post("", auth=token_auth, response={201: DemandOut, **ERRORS}, summary="新建需求（草稿）")
def create_demand(request: HttpRequest, payload: DemandCreate):
    user = caller(request)
    forbid_unless(can_create(user, Demand), "无权发布技术需求")
    data = payload.dict(exclude_unset=True)
    # An enterprise user publishes as its own enterprise; naming another one is refused (a reserved field).
    obj = Demand(created_by=user)
    if role_of(user) == Role.ENTERPRISE:
        obj.enterprise_id = user.organisation_id
        if data.get("enterprise") is None:
            data.pop("enterprise", None)
    _check_enterprise(data)
    saved = create_record(request, obj, data)
    return Status(201, _reload(saved.obj.pk))


@router.patch(
    "/{item_id}",
    auth=token_auth,
    response={200: DemandOut, **ERRORS, 409: ErrorOut},
    summary="修改需求（需求企业仅管委会和技术经理人可改）",
)
def update_demand(request: HttpRequest, response: HttpResponse, item_id: int, payload: DemandPatch) -> Demand:
    obj = get_listing(request, Demand, item_id)
    forbid_unless(can_edit(caller(request), obj), "无权修改该需求")
    data = payload.dict(exclude_unset=True)
    _check_enterprise(data)
    saved = update_record(request, obj, data)
    etag(response, saved.obj)
    return _reload(obj.pk)


add_listing_routes(router, Demand, DemandOut, _reload)
