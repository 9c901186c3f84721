"""What achievements and demands share: visibility-aware lookup, delete and the review workflow actions.

Permission checks come from hardtech.catalogue.permissions; state checks from the model's workflow methods.
An action the caller may do but the current status forbids is a 409 Conflict.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from hardtech.catalogue import services
from hardtech.catalogue.api.common import get_visible
from hardtech.catalogue.models import Achievement, Demand
from hardtech.catalogue.permissions import can_delete, can_review, can_submit, can_withdraw, visible_listings
from hardtech.catalogue.schemas import ApproveIn, RejectIn
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless
from hardtech.core.api.schemas import ErrorOut

Listing = Achievement | Demand
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def get_listing(request: HttpRequest, model: type[Listing], pk: int) -> Listing:
    return get_visible(request, visible_listings(caller(request), model.objects.all()), pk)


def _transition(obj: Listing, action: str, note: str = "") -> None:
    try:
        services.transition(obj, action, note)
    except ValidationError as exc:
        raise HttpError(409, "；".join(exc.messages)) from exc


def add_listing_routes(
    router: Router, model: type[Listing], out: type, reload: Callable[[int], Listing]
) -> None:
    """Register DELETE /{id} and the POST /{id}/submit|approve|reject|withdraw actions on the router."""
    name = model._meta.model_name
    label = model._meta.verbose_name

    @router.delete(
        "/{item_id}",
        auth=token_auth,
        response={204: None, **ERRORS, 409: ErrorOut},
        operation_id=f"{name}_delete",
        summary=f"删除{label}",
    )
    def delete(request: HttpRequest, item_id: int):
        obj = get_listing(request, model, item_id)
        forbid_unless(can_delete(caller(request), obj), "只有管委会或草稿/已退回状态下的所属机构可以删除")
        with transaction.atomic():
            obj.delete()
        return Status(204, None)

    @router.post(
        "/{item_id}/submit",
        auth=token_auth,
        response={200: out, **ERRORS, 409: ErrorOut},
        operation_id=f"{name}_submit",
        summary="提交审核",
    )
    def submit(request: HttpRequest, item_id: int):
        obj = get_listing(request, model, item_id)
        forbid_unless(can_submit(caller(request), obj), "无权提交该条目")
        _transition(obj, "submit")
        return reload(obj.pk)

    @router.post(
        "/{item_id}/approve",
        auth=token_auth,
        response={200: out, **ERRORS, 409: ErrorOut},
        operation_id=f"{name}_approve",
        summary="审核通过（管委会）",
    )
    def approve(request: HttpRequest, item_id: int, payload: ApproveIn | None = None):
        obj = get_listing(request, model, item_id)
        forbid_unless(can_review(caller(request)), "只有管委会可以审核")
        _transition(obj, "approve", (payload.note if payload else "").strip())
        return reload(obj.pk)

    @router.post(
        "/{item_id}/reject",
        auth=token_auth,
        response={200: out, **ERRORS, 409: ErrorOut},
        operation_id=f"{name}_reject",
        summary="退回（管委会，须填写意见）",
    )
    def reject(request: HttpRequest, item_id: int, payload: RejectIn):
        obj = get_listing(request, model, item_id)
        forbid_unless(can_review(caller(request)), "只有管委会可以审核")
        if not payload.note.strip():
            raise ValidationError({"note": ValidationError("退回时请填写审核意见", code="required")})
        _transition(obj, "reject", payload.note.strip())
        return reload(obj.pk)

    @router.post(
        "/{item_id}/withdraw",
        auth=token_auth,
        response={200: out, **ERRORS, 409: ErrorOut},
        operation_id=f"{name}_withdraw",
        summary="撤回",
    )
    def withdraw(request: HttpRequest, item_id: int):
        obj = get_listing(request, model, item_id)
        forbid_unless(can_withdraw(caller(request), obj), "无权撤回该条目")
        _transition(obj, "withdraw")
        return reload(obj.pk)
