"""/api/organisations: 机构 — list, detail, create, update, delete."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from hardtech.catalogue.api.common import create_record, etag, get_visible, search, update_record
from hardtech.catalogue.api.listings import ERRORS
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import can_create, can_delete, can_edit
from hardtech.catalogue.schemas import (
    OrganisationCreate,
    OrganisationFilters,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
)
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, order_key, paginate, region_q
from hardtech.core.api.schemas import ErrorOut, PageParams

router = Router(tags=["机构"])


def _check_parent(data: dict) -> None:
    if data.get("parent") is not None:
        check_references({"parent": (Organisation, [data["parent"]])})


@router.get("", auth=optional_auth, response={200: OrganisationPage, 401: ErrorOut}, summary="机构列表")
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageParams]
) -> dict:
    qs = search(Organisation.objects.all(), filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    ordering = filters.ordering.replace("name", "name_sort")  # names in pinyin order, not by code point
    return paginate(qs.filter(region_q(filters.region)).order_by(order_key(ordering), "id"), page)


@router.get("/{item_id}", auth=optional_auth, response={200: OrganisationOut, **ERRORS}, summary="机构详情")
def get_organisation(request: HttpRequest, response: HttpResponse, item_id: int) -> Organisation:
    obj = get_visible(request, Organisation.objects.all(), item_id)
    etag(response, obj)
    return obj


@router.post("", auth=token_auth, response={201: OrganisationOut, **ERRORS}, summary="新建机构（管委会）")
def create_organisation(request: HttpRequest, payload: OrganisationCreate):
    user = caller(request)
    forbid_unless(can_create(user, Organisation), "只有管委会可以新建机构")
    data = payload.dict(exclude_unset=True)
    _check_parent(data)
    saved = create_record(request, Organisation(), data)
    return Status(201, Organisation.objects.get(pk=saved.obj.pk))


@router.patch(
    "/{item_id}",
    auth=token_auth,
    response={200: OrganisationOut, **ERRORS, 409: ErrorOut},
    summary="修改机构（名称、类型、上级机构仅管委会可改）",
)
def update_organisation(
    request: HttpRequest, response: HttpResponse, item_id: int, payload: OrganisationPatch
) -> Organisation:
    obj = get_visible(request, Organisation.objects.all(), item_id)
    forbid_unless(can_edit(caller(request), obj), "无权修改该机构")
    data = payload.dict(exclude_unset=True)
    _check_parent(data)
    saved = update_record(request, obj, data)
    etag(response, saved.obj)
    return Organisation.objects.get(pk=obj.pk)


@router.delete(
    "/{item_id}", auth=token_auth, response={204: None, **ERRORS, 409: ErrorOut}, summary="删除机构（管委会）"
)
def delete_organisation(request: HttpRequest, item_id: int):
    obj = get_visible(request, Organisation.objects.all(), item_id)
    forbid_unless(can_delete(caller(request), obj), "只有管委会可以删除机构")
    with transaction.atomic():
        obj.delete()
    return Status(204, None)
