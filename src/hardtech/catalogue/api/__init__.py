"""The catalogue's REST API: one module per resource (organisations, achievements, demands, experts,
co-ownership invitations; listings.py holds the review steps achievements and demands share), gathered in
`router`, which hardtech.domains mounts under /api/."""

from ninja import Router

from hardtech.catalogue.api import achievements, demands, experts, invitations, organisations

router = Router()
router.add_router("/organisations", organisations.router)
router.add_router("/achievements", achievements.router)
router.add_router("/demands", demands.router)
router.add_router("/experts", experts.router)
router.add_router("/invitations", invitations.router)
