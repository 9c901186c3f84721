"""/api/invitations: 共有机构邀请 — an achievement's owner asked the caller's organisation to become a co-owner;
the caller accepts (the organisation joins the achievement's organisations) or declines."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from hardtech.catalogue import services
from hardtech.catalogue.api.common import service_errors
from hardtech.catalogue.api.listings import ERRORS
from hardtech.catalogue.models import OwnershipInvitation
from hardtech.catalogue.schemas import InvitationOut, InvitationPage
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, paginate
from hardtech.core.api.schemas import ErrorOut, PageParams

router = Router(tags=["共有机构邀请"])


def _queryset(invitations: QuerySet) -> QuerySet:
    return invitations.select_related("achievement", "organisation").prefetch_related(
        "achievement__organisations"
    )


@router.get(
    "", auth=token_auth, response={200: InvitationPage, 401: ErrorOut}, summary="待本机构确认的共有机构邀请"
)
def list_invitations(request: HttpRequest, page: Query[PageParams]) -> dict:
    return paginate(
        _queryset(services.pending_invitations(caller(request))).order_by("-created_at", "-id"), page
    )


def _respond(request: HttpRequest, invitation_id: int, accept: bool) -> OwnershipInvitation:
    user = caller(request)
    # Invitations addressed to another organisation look like missing ones (404).
    invitation = services.invitations_for(user).filter(pk=invitation_id).first()
    if invitation is None:
        raise HttpError(404, "未找到")
    try:
        with service_errors():
            services.respond(user, invitation, accept)
    except ValidationError as exc:
        raise HttpError(409, "；".join(exc.messages)) from exc
    return _queryset(OwnershipInvitation.objects.all()).get(pk=invitation.pk)


@router.post(
    "/{invitation_id}/accept",
    auth=token_auth,
    response={200: InvitationOut, **ERRORS, 409: ErrorOut},
    summary="接受邀请：本机构成为该成果的共有机构",
)
def accept_invitation(request: HttpRequest, invitation_id: int) -> OwnershipInvitation:
    return _respond(request, invitation_id, accept=True)


@router.post(
    "/{invitation_id}/decline",
    auth=token_auth,
    response={200: InvitationOut, **ERRORS, 409: ErrorOut},
    summary="拒绝邀请",
)
def decline_invitation(request: HttpRequest, invitation_id: int) -> OwnershipInvitation:
    return _respond(request, invitation_id, accept=False)
