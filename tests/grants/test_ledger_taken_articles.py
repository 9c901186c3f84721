"""An article pays an applicant once a year (ledger.taken_articles): a standing application or offer holds it;
one withdrawn, rejected for that article, or a draft left when its call closed does not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hardtech.grants import ledger
from hardtech.grants.choices import ApplicationStatus, Decision
from hardtech.grants.models import Application, ApplicationItem, Call
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db


def _holding(call: Call, org, status: str, decision: str = Decision.PENDING) -> Application:
    app = Application.objects.create(call=call, applicant=org, status=status)
    ApplicationItem.objects.create(
        application=app, article="6", title="高新技术企业", mode="instant", decision=decision
    )
    return app


def _taken(org) -> set[str]:
    return ledger.taken_articles(org.pk, "sample", 2026)


def test_a_standing_application_holds_its_article(operator, applicant):
    _holding(open_call(operator), applicant, ApplicationStatus.SUBMITTED)
    assert _taken(applicant) == {"6"}


def test_what_no_longer_stands_frees_the_article(operator, applicant):
    _holding(open_call(operator), applicant, ApplicationStatus.WITHDRAWN)
    _holding(open_call(operator), applicant, ApplicationStatus.CHECKED, Decision.REJECTED)
    assert _taken(applicant) == set()


def test_a_draft_left_when_its_call_closed_frees_the_article(operator, applicant):
    closed = open_call(operator)
    draft = _holding(closed, applicant, ApplicationStatus.DRAFT)
    assert _taken(applicant) == {"6"}
    Call.objects.filter(pk=closed.pk).update(deadline=timezone.now() - timedelta(days=1))
    assert _taken(applicant) == set()
    assert ledger.taken_articles(applicant.pk, "sample", 2026, besides=draft.pk) == set()
