"""Written by its owner."""

from ninja import Router

router = Router(tags=["政策兑现"])
