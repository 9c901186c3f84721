"""/api/grants: calls, applications, offers, notices and objections, payments (written by its owner)."""

from ninja import Router

router = Router(tags=["政策兑现"])
