"""我的发布: the user's own listings in every status."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hardtech.accounts.models import Role, User
from hardtech.catalogue import permissions
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert

MAX_ROWS = 200  # beyond this the libraries, filtered by status, are the better tool


def own_listings(user: User, queryset: QuerySet) -> QuerySet:
    """What the user created, plus the unpublished listings they can see: for institutions and
    enterprises those are exactly their organisation's (visible_listings shows others only when published).
    Operators and managers see everything, so for them it is what they created themselves."""
    if permissions.role_of(user) in (Role.OPERATOR, Role.MANAGER):
        return queryset.filter(created_by=user)
    visible = permissions.visible_listings(user, queryset)
    return visible.filter(Q(created_by=user) | ~Q(status=ListingStatus.PUBLISHED))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "web/mine.html", {
        "achievements": own_listings(user, Achievement.objects.all()).defer("search_text")
        .prefetch_related("organisations").order_by("-updated_at")[:MAX_ROWS],
        "demands": own_listings(user, Demand.objects.all()).defer("search_text")
        .select_related("enterprise").order_by("-updated_at")[:MAX_ROWS],
        "expert_profile": Expert.objects.filter(user=user).first(),
        "can_create_achievement": permissions.can_create(user, Achievement),
        "can_create_demand": permissions.can_create(user, Demand),
        "can_edit_organisation": user.organisation_id is not None
        and permissions.can_edit(user, user.organisation),
    })
