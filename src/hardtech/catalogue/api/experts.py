"""/api/experts: 专家 — list, detail, create, update, delete."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from hardtech.accounts.models import Role
from hardtech.catalogue.api.common import create_record, etag, get_visible, search, update_record
from hardtech.catalogue.api.listings import ERRORS
from hardtech.catalogue.models import Expert, Organisation
from hardtech.catalogue.permissions import can_create, can_delete, can_edit, role_of
from hardtech.catalogue.schemas import ExpertCreate, ExpertFilters, ExpertOut, ExpertPage, ExpertPatch
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, order_key, paginate, region_q
from hardtech.core.api.schemas import ErrorOut, PageParams
from hardtech.core.search import json_list_has

router = Router(tags=["专家"])


def _queryset() -> QuerySet:
    return Expert.objects.select_related("organisation")


def _check_organisation(data: dict) -> None:
    if data.get("organisation") is not None:
        check_references({"organisation": (Organisation, [data["organisation"]])})


@router.get("", auth=optional_auth, response={200: ExpertPage, 401: ErrorOut}, summary="专家列表")
def list_experts(request: HttpRequest, filters: Query[ExpertFilters], page: Query[PageParams]) -> dict:
    qs = search(_queryset(), filters.q)
    if filters.kind:
        qs = qs.filter(organisation__kind=filters.kind)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    qs = qs.filter(json_list_has("fields", filters.field), region_q(filters.region, "organisation__"))
    return paginate(qs.order_by(order_key(filters.ordering), "id"), page)


@router.get("/{item_id}", auth=optional_auth, response={200: ExpertOut, **ERRORS}, summary="专家详情")
def get_expert(request: HttpRequest, response: HttpResponse, item_id: int) -> Expert:
    obj = get_visible(request, _queryset(), item_id)
    etag(response, obj)
    return obj


@router.post("", auth=token_auth, response={201: ExpertOut, **ERRORS}, summary="新建专家")
def create_expert(request: HttpRequest, payload: ExpertCreate):
    user = caller(request)
    forbid_unless(can_create(user, Expert), "无权新建专家")
    data = payload.dict(exclude_unset=True)
    if data.get("organisation") is None and role_of(user) == Role.INSTITUTION:
        data["organisation"] = user.organisation_id
    _check_organisation(data)
    saved = create_record(request, Expert(), data)
    return Status(201, _queryset().get(pk=saved.obj.pk))


@router.patch(
    "/{item_id}",
    auth=token_auth,
    response={200: ExpertOut, **ERRORS, 409: ErrorOut},
    summary="修改专家（所在机构仅管委会、技术经理人和本机构可改）",
)
def update_expert(request: HttpRequest, response: HttpResponse, item_id: int, payload: ExpertPatch) -> Expert:
    obj = get_visible(request, _queryset(), item_id)
    forbid_unless(can_edit(caller(request), obj), "无权修改该专家")
    data = payload.dict(exclude_unset=True)
    _check_organisation(data)
    saved = update_record(request, obj, data)
    etag(response, saved.obj)
    return _queryset().get(pk=obj.pk)


@router.delete("/{item_id}", auth=token_auth, response={204: None, **ERRORS}, summary="删除专家")
def delete_expert(request: HttpRequest, item_id: int):
    obj = get_visible(request, _queryset(), item_id)
    forbid_unless(can_delete(caller(request), obj), "只有管委会可以删除专家")
    with transaction.atomic():
        obj.delete()
    return Status(204, None)
