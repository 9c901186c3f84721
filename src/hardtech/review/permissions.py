"""Who may do what in a review round: the operator (管委会) runs rounds and is their chair; an expert reviews
the items assigned to them, once they have accepted the round's confidentiality pledge."""

from hardtech.accounts.models import Role
from hardtech.catalogue.permissions import AnyUser, role_of

from .models import Anonymity, Assignment, Invitation, Pledge, Round, Score


def can_manage(user: AnyUser, obj: Round | None = None) -> bool:
    """管委会"""
    return role_of(user) == Role.OPERATOR


def can_chair(user: AnyUser, obj: Round) -> bool:
    """The chair reads every reviewer's scores and the calibrated results: the operator, or the user the round
    names as its chair."""
    return can_manage(user) or (user.is_authenticated and obj.chair_id == user.pk)


def sees_reviewer_names(user: AnyUser, round_: Round) -> bool:
    """Which reviewer gave which score: the operator always; the chair only in a 实名 round; nobody else."""
    return can_manage(user) or (round_.anonymity == Anonymity.NAMED and can_chair(user, round_))


def sees_peer_scores(user: AnyUser, assignment: Assignment) -> bool:
    """A reviewer sees the other reviewers' scores of an item (never their names) only once their own is
    submitted."""
    return (
        can_review_assignment(user, assignment)
        and Score.objects.filter(assignment=assignment, submitted=True).exists()
    )


def can_edit_profile(user: AnyUser, expert) -> bool:
    """The expert themself, or the operator."""
    return can_manage(user) or (user.is_authenticated and expert.user_id == user.pk)


def can_respond(user: AnyUser, invitation: Invitation) -> bool:
    """The invited expert."""
    return user.is_authenticated and invitation.expert.user_id == user.pk


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


def is_finals_judge(user: AnyUser, finals) -> bool:
    """A judge the finals name (they compare finalists, conflicts aside)."""
    return user.is_authenticated and finals.judges.filter(user=user).exists()


def sees_finals(user: AnyUser, finals) -> bool:
    """The chair, or a finals judge."""
    return can_chair(user, finals.round) or is_finals_judge(user, finals)
