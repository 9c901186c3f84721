"""A deal's thread (项目留言): the deal registers itself as a kind of record threads can be about
(hardtech.messaging.records), as a members' thread — one per deal, read and written by the deal's people (its
team and the users of its buyer and seller organisations, hardtech.deals.people) and the operator, as they stand
now; nobody joins from outside. Called from DealsConfig.ready()."""

from django.urls import reverse

from hardtech.deals import permissions
from hardtech.deals.models import Deal
from hardtech.deals.people import people

SLUG = "deal"


def register() -> None:
    from hardtech.messaging import records  # noqa: PLC0415 — at ready(), once both apps are loaded

    records.register(
        Deal,
        SLUG,
        "技术转移项目",
        parties=people,
        can_view=permissions.can_view,
        page=lambda deal: reverse("deals:detail", args=[deal.pk]),
        members=permissions.can_contribute,
        title=lambda deal: deal.title,
    )
