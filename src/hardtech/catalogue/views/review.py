"""审核队列: the operator approves or returns what waits for review — new submissions (待审核) and revisions of
published listings (修改待审核) — with the steps drawn from the declared workflow (the actions are listings.act)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hardtech.catalogue import permissions
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.views import achievements, demands
from hardtech.catalogue.views.listings import ListingKind, buttons
from hardtech.core.views import require

WAITING = Q(status=ListingStatus.PENDING) | Q(status=ListingStatus.PUBLISHED, pending_changes__isnull=False)


def _rows(request: HttpRequest, kind: ListingKind, related: str, prefetch: bool) -> list[tuple]:
    queryset = kind.model.objects.filter(WAITING).defer("search_text").order_by("submitted_at", "id")
    queryset = queryset.prefetch_related(related) if prefetch else queryset.select_related(related)
    return [(obj, buttons(kind, request.user, obj)) for obj in queryset]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(permissions.can_review(request.user))
    return render(
        request,
        "catalogue/review_queue.html",
        {
            "achievements": _rows(request, achievements.KIND, "organisations", prefetch=True),
            "demands": _rows(request, demands.KIND, "enterprise", prefetch=False),
        },
    )
