"""Who may do what with deals and their contracts — one table for the pages, the API and the services.

A deal is seen only by its parties (the users who belong to its buyer or seller organisations, an institution's
users also for the labs below it), its team (the lead technology manager 牵头技术经理人 and the specialists, each
holding a scoped grant on the deal) and the operator (管委会). The team works the deal; the lead (or the
operator) manages the team and may move a stage on without its checklist, giving a reason. Any technology
manager may open a deal (and leads it). The registrar (技术合同登记员) sees every submitted contract and registers
it, but nothing else of the deal.
"""

import rules
from django.db.models import Q, QuerySet

from hardtech.accounts import grants, scopes
from hardtech.accounts.membership import organisation_ids
from hardtech.accounts.models import Role
from hardtech.catalogue.permissions import AnyUser, is_manager, is_operator, member_family_ids, role_of
from hardtech.deals.choices import ContractStatus, Stage
from hardtech.deals.models import Contract, Deal, Feedback

DEAL_LEAD = scopes.declare("deal.lead", "项目牵头技术经理人", "deals.Deal")
DEAL_SPECIALIST = scopes.declare("deal.specialist", "项目团队专员", "deals.Deal")


def party_organisation_ids(user: AnyUser) -> set[int]:
    """The organisations whose deals the user sees as a party: those it belongs to, and for an institution's
    users the labs and institutes below them."""
    if role_of(user) == Role.INSTITUTION:
        return member_family_ids(user)
    return organisation_ids(user)


def team_deal_ids(user: AnyUser) -> set[int]:
    return grants.granted_ids(user, DEAL_LEAD, Deal) | grants.granted_ids(user, DEAL_SPECIALIST, Deal)


def _party_side(user: AnyUser, deal: Deal) -> str | None:
    """ "buyer" or "seller" when the user belongs to one of the deal's organisations on that side."""
    ids = party_organisation_ids(user)
    if not ids:
        return None
    if deal.buyers.filter(pk__in=ids).exists():
        return Feedback.Side.BUYER
    if deal.sellers.filter(pk__in=ids).exists():
        return Feedback.Side.SELLER
    return None


is_lead = rules.predicate(lambda user, deal: grants.has_grant(user, DEAL_LEAD, deal), name="is_lead")
is_specialist = rules.predicate(
    lambda user, deal: grants.has_grant(user, DEAL_SPECIALIST, deal), name="is_specialist"
)
is_team = is_lead | is_specialist
is_party = rules.predicate(lambda user, deal: _party_side(user, deal) is not None, name="is_party")
is_registrar = rules.predicate(lambda user: role_of(user) == Role.REGISTRAR, name="is_registrar")
is_open = rules.predicate(lambda user, deal: deal.stage not in (Stage.CLOSED, Stage.ENDED), name="is_open")
is_closed = rules.predicate(lambda user, deal: deal.stage == Stage.CLOSED, name="is_closed")
contract_editable = rules.predicate(
    lambda user, contract: contract.status in (ContractStatus.DRAFT, ContractStatus.RETURNED),
    name="contract_editable",
)
contract_submitted = rules.predicate(
    lambda user, contract: contract.status == ContractStatus.SUBMITTED, name="contract_submitted"
)
contract_registered = rules.predicate(
    lambda user, contract: contract.status == ContractStatus.REGISTERED, name="contract_registered"
)
contract_filed = rules.predicate(
    lambda user, contract: contract.status != ContractStatus.DRAFT, name="contract_filed"
)
contract_of_team = rules.predicate(
    lambda user, contract: contract.deal_id is not None and is_team(user, contract.deal),
    name="contract_of_team",
)
contract_of_party = rules.predicate(
    lambda user, contract: contract.deal_id is not None and is_party(user, contract.deal),
    name="contract_of_party",
)

RULES = rules.RuleSet(
    {
        "deal.open": is_operator | is_manager,
        "deal.view": is_operator | is_team | is_party,
        # Edit its content, tick the checklist, log activity, take an ordinary step.
        "deal.work": (is_operator | is_team) & is_open,
        # Documents and messages: everyone who sees the deal.
        "deal.contribute": is_operator | is_team | is_party,
        # Manage the team, move on without a finished checklist (with a reason), end the deal.
        "deal.lead": is_operator | is_lead,
        "deal.feedback": is_party & is_closed,
        "deal.performance": is_operator,
        "contract.view": is_operator | (is_registrar & contract_filed) | contract_of_team | contract_of_party,
        "contract.edit": (is_operator | contract_of_team) & contract_editable,
        "contract.register": (is_operator | is_registrar) & contract_submitted,
        "contract.correct": (is_operator | is_registrar) & contract_registered,
        "contract.import": is_operator | is_registrar,
    }
)


def can_open(user: AnyUser) -> bool:
    return RULES.test_rule("deal.open", user)


def can_view(user: AnyUser, deal: Deal) -> bool:
    return RULES.test_rule("deal.view", user, deal)


def can_work(user: AnyUser, deal: Deal) -> bool:
    return RULES.test_rule("deal.work", user, deal)


def can_contribute(user: AnyUser, deal: Deal) -> bool:
    return RULES.test_rule("deal.contribute", user, deal)


def can_lead(user: AnyUser, deal: Deal) -> bool:
    return RULES.test_rule("deal.lead", user, deal)


def can_give_feedback(user: AnyUser, deal: Deal) -> bool:
    return RULES.test_rule("deal.feedback", user, deal)


def feedback_side(user: AnyUser, deal: Deal) -> str | None:
    return _party_side(user, deal)


def can_see_performance(user: AnyUser) -> bool:
    """The ranking of all managers; a manager sees their own figures on their workspace."""
    return RULES.test_rule("deal.performance", user)


def can_view_contract(user: AnyUser, contract: Contract) -> bool:
    return RULES.test_rule("contract.view", user, contract)


def can_edit_contract(user: AnyUser, contract: Contract) -> bool:
    return RULES.test_rule("contract.edit", user, contract)


def can_register(user: AnyUser, contract: Contract) -> bool:
    return RULES.test_rule("contract.register", user, contract)


def can_correct(user: AnyUser, contract: Contract) -> bool:
    return RULES.test_rule("contract.correct", user, contract)


def can_import_contracts(user: AnyUser) -> bool:
    return RULES.test_rule("contract.import", user)


def visible_deals(user: AnyUser) -> QuerySet[Deal]:
    """The deals the user may see: all for the operator; the team's and the parties' own for the others."""
    role = role_of(user)
    if role is None:
        return Deal.objects.none()
    if role == Role.OPERATOR:
        return Deal.objects.all()
    orgs = party_organisation_ids(user)
    q = Q(pk__in=team_deal_ids(user))
    if orgs:
        q |= Q(pk__in=Deal.objects.filter(Q(buyers__in=orgs) | Q(sellers__in=orgs)).values("pk"))
    return Deal.objects.filter(q)


def visible_contracts(user: AnyUser) -> QuerySet[Contract]:
    role = role_of(user)
    if role == Role.OPERATOR:
        return Contract.objects.all()
    if role == Role.REGISTRAR:
        return Contract.objects.exclude(status=ContractStatus.DRAFT)
    return Contract.objects.filter(deal__in=visible_deals(user).values("pk"))
