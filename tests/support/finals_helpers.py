"""A scored review round for the finals tests: items of known quality, every score submitted."""

from hardtech.accounts.models import User
from hardtech.catalogue.models import Expert, Organisation
from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment, Round
from hardtech.review.workflow import ROUND

from .round_helpers import items, make_round, panel


def scored_round(
    operator: User, university: Organisation, enterprise: Organisation, quality: list[int], experts: int = 4
) -> tuple[Round, list[Expert]]:
    """Every reviewer scores each criterion of an item at the item's quality (items in creation order)."""
    judges = panel(experts)
    round_ = make_round(
        operator, items(university, enterprise, len(quality)), k=2, max_load=-(-2 * len(quality) // experts)
    )
    services.run_assignment(operator, round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", operator, round_)
    order = {item.pk: n for n, item in enumerate(round_.items.all())}
    keys = [str(c.pk) for c in round_.criteria.all()]
    for a in Assignment.objects.filter(item__round=round_).select_related("expert__user", "item__round"):
        services.accept_pledge(a.expert.user, round_)
        value = quality[order[a.item_id]]
        services.save_score(a.expert.user, a, dict.fromkeys(keys, value), "yes", submit=True)
    return round_, judges
