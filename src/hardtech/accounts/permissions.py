"""Who may manage accounts, organisations' members and scoped grants: the accounts domain's table.

The operator manages every user, role and grant; an organisation's admin (the scoped role organisation.admin)
invites and removes its members, hands the admin role on, and grants on its organisation the scoped roles
declared as the organisation's to give (profile.reader). Its members see who else belongs to it.
"""

import rules

from hardtech.accounts import grants, scopes
from hardtech.accounts.membership import organisation_ids
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser, is_operator

is_org_admin = rules.predicate(
    lambda user, org: grants.has_grant(user, scopes.ORGANISATION_ADMIN, org), name="is_org_admin"
)
is_org_member = rules.predicate(lambda user, org: org.pk in organisation_ids(user), name="is_org_member")

RULES = rules.RuleSet(
    {
        "accounts.manage": is_operator,
        "organisation.see_members": is_operator | is_org_member,
        "organisation.manage_members": is_operator | is_org_admin,
    }
)


def can_manage_accounts(user: AnyUser) -> bool:
    return RULES.test_rule("accounts.manage", user)


def can_see_members(user: AnyUser, org: Organisation) -> bool:
    return RULES.test_rule("organisation.see_members", user, org)


def can_manage_members(user: AnyUser, org: Organisation) -> bool:
    return RULES.test_rule("organisation.manage_members", user, org)


def grantable_on_organisation(user: AnyUser, org: Organisation) -> list[scopes.ScopedRole]:
    """The scoped roles the user may grant on this organisation: every role for the operator, the roles an
    organisation gives itself for its admin."""
    on_orgs = scopes.declared(Organisation)
    if is_operator.test(user):
        return on_orgs
    return [r for r in on_orgs if r.org_admin_grants] if is_org_admin.test(user, org) else []
