"""/api/grants: calls, applications, offers, notices and objections, payments — one module per area, each with
its own router, assembled here."""

from ninja import Router

from hardtech.grants.api import applications, calls, notices, offers, payments

router = Router(tags=["政策兑现"])
for area in (calls, applications, offers, notices, payments):
    router.add_router("", area.router)
