"""Who may see and do what with calls, applications, notices and payments — one table for pages, API, services.

An application is seen only by its applicant (the users who belong to the applying organisation), the operator
(管委会) and the experts assigned to review it (not declined). Reviewers never see bank details, nor does the
public: the public notice shows applicant, article and amount only. The operator runs calls, checks, decisions,
notices, objections and payments.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hardtech.accounts.membership import organisation_ids
from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser, is_operator
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from hardtech.policies.permissions import is_applicant

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def can_manage(user: AnyUser) -> bool:
    """管委会"""
    return bool(getattr(user, "is_authenticated", False)) and is_operator(user)


def operators():
    """管委会's active users (told of work arriving: submissions, confirmed offers, objections)."""
    return User.objects.filter(role=Role.OPERATOR, is_active=True)


def applicant_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations the user may apply for: those it belongs to that a support policy applies to."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = organisation_ids(user)
    return [o for o in Organisation.objects.filter(pk__in=ids).order_by("name") if is_applicant(o)]


def is_member(user: AnyUser, application: Application) -> bool:
    """申报主体的用户"""
    return bool(getattr(user, "is_authenticated", False)) and application.applicant_id in organisation_ids(
        user
    )


def reviewer_application_ids(user: AnyUser) -> set[int]:
    """Applications the user reviews (an assignment in a review round, not declined)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    from hardtech.review.models import Assignment  # the review app builds on nothing of grants

    ct = ContentType.objects.get_for_model(Application)
    return set(
        Assignment.objects.filter(expert__user=user, declined=False, item__content_type=ct).values_list(
            "item__object_id", flat=True
        )
    )


def is_reviewer(user: AnyUser, application: Application) -> bool:
    """评审专家（已分配）"""
    return application.pk in reviewer_application_ids(user)


def can_view(user: AnyUser, application: Application) -> bool:
    return can_manage(user) or is_member(user, application) or is_reviewer(user, application)


def can_see_bank(user: AnyUser, application: Application) -> bool:
    """收款账户: the applicant and the operator only."""
    return can_manage(user) or is_member(user, application)


def can_edit(user: AnyUser, application: Application) -> bool:
    """申报主体的用户, while a draft or returned for correction"""
    return is_member(user, application) and application.status in EDITABLE


def visible_applications(user: AnyUser) -> QuerySet[Application]:
    qs = Application.objects.select_related("call", "applicant")
    if can_manage(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(Q(applicant_id__in=organisation_ids(user)) | Q(pk__in=reviewer_application_ids(user)))
