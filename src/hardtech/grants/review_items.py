"""Applications as review items (专家评审): who stands behind one (the applicant, its contact) for the conflict-of-
interest registry, what reviewers read, and which may enter a round (those sent to review)."""

from hardtech.grants import permissions
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from hardtech.review.conflicts.parties import ItemAdapter, Parties, register, team_of

register(
    ItemAdapter(
        Application,
        "grant-applications",
        "兑现申报",
        lambda a: Parties(frozenset([a.applicant_id]), team_of(a.contact_name)),
        permissions.can_view,
        reviewable=lambda a: a.status in (ApplicationStatus.CHECKED, ApplicationStatus.IN_REVIEW),
        document=lambda a: (f"{a.applicant.name} 政策兑现申报", a.summary),
    )
)
