"""What achievements and demands share: visibility-aware lookup, delete and the review workflow's steps.

The steps (POST /{id}/submit|approve|reject|withdraw|approve_revision|reject_revision) are generated from the
declared workflow (catalogue/workflow.py) by hardtech.core.workflow.add_routes: 403 when the caller may not,
409 when the current status forbids the step, 422 without a required note.
"""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from hardtech.catalogue.api.common import get_visible
from hardtech.catalogue.models import Achievement, Demand
from hardtech.catalogue.permissions import can_delete, visible_listings
from hardtech.catalogue.workflow import REVIEW
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless
from hardtech.core.api.schemas import ErrorOut
from hardtech.core.workflow import add_routes

Listing = Achievement | Demand
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def get_listing(request: HttpRequest, model: type[Listing], pk: int) -> Listing:
    return get_visible(request, visible_listings(caller(request), model.objects.all()), pk)


def add_listing_routes(
    router: Router, model: type[Listing], out: type, reload: Callable[[int], Listing]
) -> None:
    """Register DELETE /{id} and the POST /{id}/<step> of the review workflow on the router."""
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

    add_routes(
        router,
        REVIEW,
        prefix=name,
        get=lambda request, item_id: get_listing(request, model, item_id),
        reload=reload,
        out=out,
    )
