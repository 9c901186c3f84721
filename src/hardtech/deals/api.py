"""The deals' REST API (filled in by the API work)."""

from ninja import Router

router = Router(tags=["技术转移项目"])
