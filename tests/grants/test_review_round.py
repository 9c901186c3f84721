"""专家评审: checked applications with reviewed articles go to a review round and are 专家评审中; the round's
results come back per application (calibrated rank, reviewers' comments as the round's anonymity says)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.grants import decisions
from hardtech.grants.choices import ApplicationStatus
from hardtech.review.models import RoundState
from support.grant_applications import checked_application
from support.grant_reviews import reviewed, second_applicant
from support.round_helpers import RUBRIC

pytestmark = pytest.mark.django_db


def test_send_to_review_puts_applications_in_a_round(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "8"])
    assert [a.pk for a in decisions.reviewable(call)] == [app.pk]
    round_ = decisions.send_to_review(operator, call, [app], title="专家评审", criteria=RUBRIC)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_REVIEW
    assert [r.pk for r in decisions.rounds_of(app)] == [round_.pk]
    assert round_.items.get().item == app
    assert decisions.reviewable(call) == []


def test_an_application_without_reviewed_articles_is_refused(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    with pytest.raises(ValidationError, match="不能提交评审"):
        decisions.send_to_review(operator, call, [app], title="专家评审", criteria=RUBRIC)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CHECKED


def test_only_the_operator_sends_to_review(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    with pytest.raises(PermissionDenied):
        decisions.send_to_review(applicant_user, call, [app], title="专家评审", criteria=RUBRIC)


def test_review_summary_ranks_and_keeps_reviewers_anonymous(operator, applicant_user, applicant, call):
    other, other_user = second_applicant()
    strong = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    weak = checked_application(other_user, operator, call, other, articles=["8"])
    round_ = reviewed(operator, call, [strong, weak], {strong.pk: 9, weak.pk: 4})
    assert round_.state == RoundState.CLOSED
    best, worst = decisions.review_summary(strong), decisions.review_summary(weak)
    assert best.closed and (best.rank, worst.rank) == (1, 2)
    assert best.ranked == 2 and best.submitted == 2
    assert best.raw_mean > worst.raw_mean
    assert {c.reviewer for c in best.comments} == {"匿名专家1", "匿名专家2"}
    assert all("研发投入真实" in c.text for c in best.comments)
