"""Who may do what in the conflict registry: the operator (管委会) reads every item's conflicts, records
relations and conflicts for any expert and waives one; an expert declares only their own conflicts, on an
item they may see."""

from django.db import models

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Expert
from hardtech.catalogue.permissions import AnyUser, role_of
from hardtech.review.conflicts.parties import adapter_for


def can_manage(user: AnyUser) -> bool:
    """Read every conflict, record relations and conflicts, waive: 管委会."""
    return role_of(user) == Role.OPERATOR


def expert_of(user: AnyUser) -> Expert | None:
    """The user's own expert profile, if any."""
    if not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user).select_related("organisation").first()


def can_see_item(user: AnyUser, item: models.Model) -> bool:
    adapter = adapter_for(item)
    return adapter is not None and adapter.can_view(user, item)


def can_declare(user: AnyUser, expert: Expert, item: models.Model) -> bool:
    """The expert themself on an item they may see, or the operator on anyone's behalf."""
    if can_manage(user):
        return True
    return user.is_authenticated and expert.user_id == user.pk and can_see_item(user, item)
