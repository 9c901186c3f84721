"""首页: the zone at a glance — counts and the latest listings."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hardtech.catalogue.choices import OrganisationKind, label_of
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation

RECENT = 6


def home(request: HttpRequest) -> HttpResponse:
    by_kind = Organisation.objects.values("kind").annotate(n=Count("id")).order_by("-n")
    return render(
        request,
        "web/home.html",
        {
            "achievement_count": Achievement.objects.published().count(),
            "demand_count": Demand.objects.published().count(),
            "expert_count": Expert.objects.count(),
            "organisation_count": sum(row["n"] for row in by_kind),
            "organisation_kinds": [
                {"kind": row["kind"], "label": label_of(OrganisationKind, row["kind"]), "n": row["n"]}
                for row in by_kind
            ],
            "achievements": Achievement.objects.published()
            .defer("search_text")
            .prefetch_related("organisations")[:RECENT],
            "demands": Demand.objects.published().defer("search_text").select_related("enterprise")[:RECENT],
        },
    )
