"""Who may see, edit and evaluate applicant profiles, and run policies in bulk — shared by pages and the API.

一企一档 figures (R&D expense, revenue, contracts …) are confidential: they are read by the enterprise itself (the
users who belong to it), the operator, and the users the enterprise granted profile.reader on it (its admin
grants and revokes that on its profile page, e.g. to the technology manager of its deal). The operator edits
any profile and runs batches.
"""

import rules

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import Role
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser, is_operator, is_owner, role_of
from hardtech.policies.models import APPLICANT_KIND

PROFILE_READER = scopes.declare(
    "profile.reader", "企业档案查阅人", "catalogue.Organisation", org_admin_grants=True
)

is_profile_reader = rules.predicate(
    lambda user, org: grants.has_grant(user, PROFILE_READER, org), name="is_profile_reader"
)

RULES = rules.RuleSet(
    {
        "profile.view": is_operator | is_owner | is_profile_reader,
        "profile.edit": is_operator | is_owner,
        # Batch runs, the 免申即享 list and profile imports.
        "policy.run": is_operator,
    }
)


def is_applicant(org: Organisation) -> bool:
    """Organisations a support policy can apply to (not the park itself)."""
    return org.kind in APPLICANT_KIND


def can_run(user: AnyUser) -> bool:
    """Batch runs, the 免申即享 list and profile imports: the operator only."""
    return RULES.test_rule("policy.run", user)


def can_view_profile(user: AnyUser, org: Organisation) -> bool:
    return RULES.test_rule("profile.view", user, org)


def can_edit_profile(user: AnyUser, org: Organisation) -> bool:
    return RULES.test_rule("profile.edit", user, org)


def readable_profiles(user: AnyUser) -> set[int] | None:
    """Ids of the applicants whose profiles the user may read beyond its own; None for all (the operator)."""
    if role_of(user) == Role.OPERATOR:
        return None
    return grants.granted_ids(user, PROFILE_READER, Organisation)


def own_applicant(user: AnyUser) -> Organisation | None:
    """The organisation whose profile the user keeps, if the user is an applicant's own account."""
    if role_of(user) not in (Role.ENTERPRISE, Role.INSTITUTION) or user.organisation_id is None:
        return None
    org = user.organisation
    return org if is_applicant(org) else None
