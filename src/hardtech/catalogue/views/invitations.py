"""共有机构邀请: the invitations addressed to the user's organisation, accepted or declined here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.catalogue import services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    invitations = (
        services.pending_invitations(request.user)
        .prefetch_related("achievement__organisations")
        .order_by("-created_at", "-id")
    )
    return render(request, "catalogue/invitations.html", {"invitations": invitations})


@login_required
@require_POST
def respond(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    # Invitations addressed to another organisation are not found (404), as elsewhere.
    invitation = get_object_or_404(services.invitations_for(request.user), pk=pk)
    accept = action == "accept"
    try:
        services.respond(request.user, invitation, accept)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        title, organisation = invitation.achievement.title, invitation.organisation.name
        messages.success(
            request,
            f"“{organisation}”已成为“{title}”的共有机构" if accept else f"已拒绝“{title}”的共有邀请",
        )
    return redirect("invitations")
