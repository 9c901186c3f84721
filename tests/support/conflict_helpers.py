"""Platform records for the conflict-of-interest tests: a university with a lab, an item of it with a team,
and experts inside and outside it."""

from datetime import date, timedelta

from django.utils import timezone

from hardtech.catalogue.models import Achievement, Expert, Organisation


def years_ago(years: int) -> date:
    return timezone.localdate() - timedelta(days=365 * years + 30)


def make_expert(name: str, organisation: Organisation | None, **fields) -> Expert:
    return Expert.objects.create(
        name=name, organisation=organisation, fields=["electronic_information"], **fields
    )


def record(
    title: str,
    completers: list[str],
    organisations: list[Organisation],
    completed_on: date | None,
    contact: str = "",
):
    """A published achievement as the platform holds papers and patents: completers, organisations, date."""
    item = Achievement.objects.create(
        title=title,
        field="electronic_information",
        summary=title,
        completers=completers,
        completed_on=completed_on,
        contact_name=contact,
        status="published",
    )
    item.organisations.set(organisations)
    return item
