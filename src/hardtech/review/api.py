"""/api/review/: the conflict-of-interest registry (/conflicts) and the review rounds."""

from ninja import Router

from hardtech.review.conflicts.api import router as conflicts_router

router = Router(tags=["专家评审"])
router.add_router("/conflicts", conflicts_router)
