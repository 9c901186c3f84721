"""Who may see, edit and evaluate applicant profiles, and run policies in bulk — shared by pages and the API.

An enterprise or institution user owns the profile of its own organisation; the operator edits any profile and
runs batches; the technology manager reads profiles.
"""

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser, owns, role_of
from hardtech.policies.models import APPLICANT_KIND


def is_applicant(org: Organisation) -> bool:
    """Organisations a support policy can apply to (not the park itself)."""
    return org.kind in APPLICANT_KIND


def can_run(user: AnyUser) -> bool:
    """Batch runs, the 免申即享 list and profile imports: the operator only."""
    return role_of(user) == Role.OPERATOR


def can_view_profile(user: AnyUser, org: Organisation) -> bool:
    return role_of(user) in (Role.OPERATOR, Role.MANAGER) or owns(user, org)


def can_edit_profile(user: AnyUser, org: Organisation) -> bool:
    return role_of(user) == Role.OPERATOR or owns(user, org)


def own_applicant(user: AnyUser) -> Organisation | None:
    """The organisation whose profile the user keeps, if the user is an applicant's own account."""
    if role_of(user) not in (Role.ENTERPRISE, Role.INSTITUTION) or user.organisation_id is None:
        return None
    org = user.organisation
    return org if is_applicant(org) else None
