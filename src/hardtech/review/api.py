"""/api/review/: the conflict-of-interest registry (/conflicts) and the review rounds."""

from ninja import Router

router = Router(tags=["专家评审"])
