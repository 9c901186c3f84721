"""URLs of the catalogue's pages, under each kind's code (catalogue.kinds) and named by its slug. Listing pages take
their ListingKind (achievements or demands) as an extra argument."""

from types import ModuleType

from django.urls import path

from hardtech.catalogue.kinds import EXPERTS, ORGANISATIONS, RecordKind
from hardtech.catalogue.views import (
    achievements,
    attachments,
    demands,
    experts,
    invitations,
    listings,
    mine,
    organisations,
    review,
)


def record_urls(kind: RecordKind, views: ModuleType, opts: dict | None = None) -> list:
    """A kind's library, create, detail and edit pages: /<code>/… named <slug>_list, _create, _detail, _edit."""
    opts, prefix = opts or {}, kind.code
    return [
        path(f"{prefix}/", views.library, opts, name=f"{kind.slug}_list"),
        path(f"{prefix}/new/", views.edit, opts, name=f"{kind.slug}_create"),
        path(f"{prefix}/<int:pk>/", views.detail, opts, name=f"{kind.slug}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.edit, opts, name=f"{kind.slug}_edit"),
    ]


def listing_urls(kind: listings.ListingKind) -> list:
    """A listing kind's pages, and a URL per workflow step (<slug>_submit, _approve …)."""
    opts = {"kind": kind}
    return [
        *record_urls(kind.record, listings, opts),
        *[
            path(
                f"{kind.record.code}/<int:pk>/{action}/",
                listings.act,
                {**opts, "action": action},
                name=f"{kind.slug}_{action}",
            )
            for action in listings.ACTIONS
        ],
    ]


urlpatterns = [
    *listing_urls(achievements.KIND),
    *listing_urls(demands.KIND),
    *record_urls(EXPERTS, experts),
    *record_urls(ORGANISATIONS, organisations),
    path("review/", review.queue, name="review_queue"),
    path("mine/", mine.mine, name="mine"),
    path("invitations/", invitations.inbox, name="invitations"),
    path("invitations/<int:pk>/accept/", invitations.respond, {"action": "accept"}, name="invitation_accept"),
    path(
        "invitations/<int:pk>/decline/", invitations.respond, {"action": "decline"}, name="invitation_decline"
    ),
    path("attachments/<int:pk>/", attachments.download, name="attachment"),
]
