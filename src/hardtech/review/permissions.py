"""Who may do what in a review round: the operator (管委会) runs rounds and is their chair; an expert reviews
the items assigned to them, once they have accepted the round's confidentiality pledge."""

from hardtech.accounts.models import Role
from hardtech.catalogue.permissions import AnyUser, role_of

from .models import Assignment, Pledge, Round


def can_manage(user: AnyUser, obj: Round | None = None) -> bool:
    """管委会"""
    return role_of(user) == Role.OPERATOR


def can_chair(user: AnyUser, obj: Round) -> bool:
    """The chair reads every reviewer's scores and the calibrated results: the operator."""
    return can_manage(user)


def is_reviewer(user: AnyUser, round_: Round) -> bool:
    return (
        user.is_authenticated
        and Assignment.objects.filter(item__round=round_, expert__user=user, declined=False).exists()
    )


def has_pledged(user: AnyUser, round_: Round) -> bool:
    return user.is_authenticated and Pledge.objects.filter(round=round_, user=user).exists()


def can_review_assignment(user: AnyUser, assignment: Assignment) -> bool:
    """The assigned expert, after the pledge, while the assignment stands."""
    return (
        user.is_authenticated
        and not assignment.declined
        and assignment.expert.user_id == user.pk
        and has_pledged(user, assignment.item.round)
    )


def sees_review_nav(user: AnyUser) -> bool:
    return role_of(user) in (Role.OPERATOR, Role.EXPERT)
