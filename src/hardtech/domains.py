"""Every domain's web pages and API routes are registered here, and nowhere else: hardtech.urls mounts each
domain's `urls` module under its URL prefix, and the API assembly (hardtech.api.root) each domain's ninja
`router` under its prefix below /api/. A new domain adds one line."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    app: str
    urls: str | None = None  # the module of its pages' URL patterns
    url_prefix: str = ""  # where they are mounted, below the site root
    router: str | None = None  # the dotted path of its ninja Router
    api_prefix: str = ""  # where that is mounted, below /api/


DOMAINS: tuple[Domain, ...] = (
    Domain("accounts", "hardtech.accounts.urls", "account/", "hardtech.accounts.api.router"),
    Domain("catalogue", "hardtech.catalogue.urls", "", "hardtech.catalogue.api.router"),
    Domain("policies", "hardtech.policies.urls", "policy/", "hardtech.policies.api.router", "/policy/"),
    Domain("matching", router="hardtech.matching.api.router", api_prefix="/match/"),
    Domain(
        "notifications",
        "hardtech.notifications.urls",
        "inbox/",
        "hardtech.notifications.api.router",
        "/notifications",
    ),
    Domain("messaging", "hardtech.messaging.urls", "messages/", "hardtech.messaging.api.router", "/threads"),
    Domain("spreadsheets", "hardtech.spreadsheets.urls", "bulk/"),
    Domain("review", "hardtech.review.urls", "review/", "hardtech.review.api.router", "/review/"),
    Domain("deals", "hardtech.deals.urls", "deals/", "hardtech.deals.api.router", "/deals"),
    Domain("events", "hardtech.events.urls", "events/", "hardtech.events.api.router", "/events"),
    Domain("grants", "hardtech.grants.urls", "grants/", "hardtech.grants.api.router", "/grants"),
)
