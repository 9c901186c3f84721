"""/api/organisations: 机构 — list, detail, create, update, delete."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import can_create, can_delete, can_edit

from .auth import optional_auth, token_auth
from .common import (
    assign,
    caller,
    check_references,
    forbid_unless,
    get_visible,
    order_key,
    paginate,
    region_q,
    save_owned,
    search,
)
from .listings import ERRORS
from .schemas import (
    ErrorOut,
    OrganisationCreate,
    OrganisationFilters,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    PageParams,
)

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
    return paginate(qs.filter(region_q(filters.region)).order_by(order_key(filters.ordering), "id"), page)


@router.get("/{item_id}", auth=optional_auth, response={200: OrganisationOut, **ERRORS}, summary="机构详情")
def get_organisation(request: HttpRequest, item_id: int) -> Organisation:
    return get_visible(request, Organisation.objects.all(), item_id)


@router.post("", auth=token_auth, response={201: OrganisationOut, **ERRORS}, summary="新建机构（管委会）")
def create_organisation(request: HttpRequest, payload: OrganisationCreate):
    user = caller(request)
    forbid_unless(can_create(user, Organisation), "只有管委会可以新建机构")
    data = payload.dict(exclude_unset=True)
    _check_parent(data)
    obj = Organisation()
    assign(obj, data)
    save_owned(user, obj)
    return Status(201, Organisation.objects.get(pk=obj.pk))


@router.patch("/{item_id}", auth=token_auth, response={200: OrganisationOut, **ERRORS}, summary="修改机构")
def update_organisation(request: HttpRequest, item_id: int, payload: OrganisationPatch) -> Organisation:
    user = caller(request)
    obj = get_visible(request, Organisation.objects.all(), item_id)
    forbid_unless(can_edit(user, obj), "无权修改该机构")
    data = payload.dict(exclude_unset=True)
    _check_parent(data)
    assign(obj, data)
    save_owned(user, obj)
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
