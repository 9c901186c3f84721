"""我的发布: the user's own listings in every status."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hardtech.catalogue import permissions, services
from hardtech.catalogue.models import Achievement, Demand, Expert

MAX_ROWS = 200  # beyond this the libraries, filtered by status, are the better tool


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "catalogue/mine.html",
        {
            "achievements": permissions.owned_listings(user, Achievement.objects.all())
            .defer("search_text")
            .prefetch_related("organisations")
            .order_by("-updated_at")[:MAX_ROWS],
            "demands": permissions.owned_listings(user, Demand.objects.all())
            .defer("search_text")
            .select_related("enterprise")
            .order_by("-updated_at")[:MAX_ROWS],
            "expert_profile": Expert.objects.filter(user=user).first(),
            "can_create_achievement": permissions.can_create(user, Achievement),
            "can_create_demand": permissions.can_create(user, Demand),
            "can_edit_organisation": user.organisation_id is not None
            and permissions.can_edit(user, user.organisation),
            # Co-ownership invitations are addressed to organisations: any user of one may answer them.
            "has_organisation": user.organisation_id is not None,
            "pending_invitations": services.pending_invitations(user).count(),
        },
    )
