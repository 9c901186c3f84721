"""The provinces a region filter offers, read from the data itself."""

from django.db.models import QuerySet

from hardtech.catalogue.models import Demand, Organisation


def _distinct(queryset: QuerySet, field: str) -> list[str]:
    return list(queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct())


def organisation_regions() -> list[str]:
    return _distinct(Organisation.objects.all(), "province")


def demand_regions() -> list[str]:
    return _distinct(Demand.objects.all(), "province")
