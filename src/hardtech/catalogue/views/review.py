"""审核队列: the operator approves or rejects what is pending (the actions are listings.act)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hardtech.catalogue import permissions
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.forms import ReviewForm
from hardtech.catalogue.models import Achievement, Demand
from hardtech.core.views import require


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(permissions.can_review(request.user))
    pending = {"status": ListingStatus.PENDING}
    return render(
        request,
        "catalogue/review_queue.html",
        {
            "achievements": Achievement.objects.filter(**pending)
            .prefetch_related("organisations")
            .defer("search_text")
            .order_by("submitted_at", "id"),
            "demands": Demand.objects.filter(**pending)
            .select_related("enterprise")
            .defer("search_text")
            .order_by("submitted_at", "id"),
            "review_form": ReviewForm(),
        },
    )
