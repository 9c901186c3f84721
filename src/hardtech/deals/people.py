"""Who a deal reaches: its team and the users of its parties (notifications, messages and reminders)."""

from functools import reduce
from operator import or_

from hardtech.accounts import grants
from hardtech.accounts.membership import belongs_to
from hardtech.accounts.models import User
from hardtech.deals.models import Deal
from hardtech.deals.permissions import DEAL_LEAD, DEAL_SPECIALIST


def team(deal: Deal) -> list[User]:
    """The lead and the specialists, by their live grants on the deal."""
    holders = [g.user for role in (DEAL_LEAD, DEAL_SPECIALIST) for g in grants.holders(role, deal)]
    return list(dict.fromkeys(holders))


def parties(deal: Deal) -> list[User]:
    """The active users who belong to the deal's buyer and seller organisations."""
    orgs = [*deal.buyers.all(), *deal.sellers.all()]
    if not orgs:
        return []
    return list(User.objects.filter(reduce(or_, map(belongs_to, orgs)), is_active=True).order_by("pk"))


def people(deal: Deal) -> list[User]:
    return list(dict.fromkeys([*team(deal), *parties(deal)]))
