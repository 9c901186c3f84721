"""The catalogue's REST API: one module per resource (organisations, achievements, demands, experts,
co-ownership invitations; listings.py holds the review steps achievements and demands share), gathered in
`router`, which hardtech.domains mounts under /api/."""

from ninja import Router

from hardtech.catalogue import kinds
from hardtech.catalogue.api import achievements, demands, experts, invitations, organisations

RESOURCES = {
    kinds.ORGANISATIONS: organisations.router,
    kinds.ACHIEVEMENTS: achievements.router,
    kinds.DEMANDS: demands.router,
    kinds.EXPERTS: experts.router,
}

router = Router()
for kind, resource in RESOURCES.items():
    router.add_router(f"/{kind.code}", resource)
router.add_router("/invitations", invitations.router)
