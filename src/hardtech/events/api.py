"""The events' REST API (filled in by the API work)."""

from ninja import Router

router = Router(tags=["对接活动"])
