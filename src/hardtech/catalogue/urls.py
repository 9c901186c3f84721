"""URLs of the catalogue's pages. Listing pages take their ListingKind (achievements or demands) as an extra
argument."""

from django.urls import path

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


def listing_urls(prefix: str, kind: listings.ListingKind) -> list:
    opts = {"kind": kind}
    return [
        path(f"{prefix}/", listings.library, opts, name=f"{kind.slug}_list"),
        path(f"{prefix}/new/", listings.edit, opts, name=f"{kind.slug}_create"),
        path(f"{prefix}/<int:pk>/", listings.detail, opts, name=f"{kind.slug}_detail"),
        path(f"{prefix}/<int:pk>/edit/", listings.edit, opts, name=f"{kind.slug}_edit"),
        *[
            path(
                f"{prefix}/<int:pk>/{action}/",
                listings.act,
                {**opts, "action": action},
                name=f"{kind.slug}_{action}",
            )
            for action in listings.ACTIONS
        ],
    ]


urlpatterns = [
    *listing_urls("achievements", achievements.KIND),
    *listing_urls("demands", demands.KIND),
    path("experts/", experts.library, name="expert_list"),
    path("experts/new/", experts.edit, name="expert_create"),
    path("experts/<int:pk>/", experts.detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", experts.edit, name="expert_edit"),
    path("organisations/", organisations.library, name="organisation_list"),
    path("organisations/new/", organisations.edit, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.edit, name="organisation_edit"),
    path("review/", review.queue, name="review_queue"),
    path("mine/", mine.mine, name="mine"),
    path("invitations/", invitations.inbox, name="invitations"),
    path("invitations/<int:pk>/accept/", invitations.respond, {"action": "accept"}, name="invitation_accept"),
    path(
        "invitations/<int:pk>/decline/", invitations.respond, {"action": "decline"}, name="invitation_decline"
    ),
    path("attachments/<int:pk>/", attachments.download, name="attachment"),
]
