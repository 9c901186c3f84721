"""Scores: nothing is shown before the pledge, a draft keeps partial input on the server, a score outside its
criterion's scale is refused, a submission needs every criterion and a recommendation and is final."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment, Score
from hardtech.review.workflow import ROUND
from support.round_helpers import items, make_round, panel


@pytest.fixture
def assignment(users, university, enterprise) -> Assignment:
    panel(2)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", users["operator"], round_)
    return Assignment.objects.select_related("item__round", "expert__user").first()


def _criteria(assignment: Assignment) -> list[str]:
    return [str(c.pk) for c in assignment.item.round.criteria.all()]


def test_no_scoring_before_the_pledge(assignment):
    user = assignment.expert.user
    with pytest.raises(PermissionDenied):
        services.save_score(user, assignment, {})
    services.accept_pledge(user, assignment.item.round)
    services.save_score(user, assignment, {})


def test_draft_keeps_partial_input(assignment):
    user = assignment.expert.user
    services.accept_pledge(user, assignment.item.round)
    first, *_ = _criteria(assignment)
    services.save_score(user, assignment, {first: 8}, comment="初评：创新性较好")
    score = Score.objects.get(assignment=assignment)
    assert score.values == {first: 8} and not score.submitted and score.comment == "初评：创新性较好"


def test_out_of_scale_is_refused(assignment):
    user = assignment.expert.user
    services.accept_pledge(user, assignment.item.round)
    first, *_ = _criteria(assignment)
    with pytest.raises(ValidationError, match="“创新性”的得分应在 1–10 分之间，实际为 11"):
        services.save_score(user, assignment, {first: 11})
    assert not Score.objects.exists()


def test_submission_needs_everything_and_is_final(assignment):
    user = assignment.expert.user
    services.accept_pledge(user, assignment.item.round)
    keys = _criteria(assignment)
    with pytest.raises(ValidationError, match="提交前请为以下指标打分：市场前景、团队"):
        services.save_score(user, assignment, {keys[0]: 7}, "yes", submit=True)
    with pytest.raises(ValidationError, match="提交前请选择推荐意见"):
        services.save_score(user, assignment, dict.fromkeys(keys, 7), submit=True)
    services.save_score(user, assignment, dict.fromkeys(keys, 7), "yes", submit=True)
    with pytest.raises(ValidationError, match="评分已提交"):
        services.save_score(user, assignment, dict.fromkeys(keys, 9), "yes")
    assert Score.objects.get().values == dict.fromkeys(keys, 7)


def test_no_scores_outside_the_scoring_state(users, university, enterprise):
    panel(2)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    assignment = Assignment.objects.first()
    services.accept_pledge(assignment.expert.user, round_)
    with pytest.raises(ValidationError, match="现在不能评分"):
        services.save_score(assignment.expert.user, assignment, {})


def test_submission_after_the_deadline_is_refused_but_drafts_kept(assignment):
    round_ = assignment.item.round
    round_.deadline = timezone.now() - timedelta(hours=1)
    round_.save()
    user = assignment.expert.user
    services.accept_pledge(user, round_)
    keys = _criteria(assignment)
    services.save_score(user, assignment, {keys[0]: 6})
    with pytest.raises(ValidationError, match="评审已于 .* 截止"):
        services.save_score(user, assignment, dict.fromkeys(keys, 6), "yes", submit=True)
    assert Score.objects.get().values == {keys[0]: 6}


def test_no_scores_once_the_round_is_closed(users, assignment):
    round_ = assignment.item.round
    run(ROUND, "close", users["operator"], round_)
    services.accept_pledge(assignment.expert.user, round_)
    with pytest.raises(ValidationError, match="已结束.*现在不能评分"):
        services.save_score(assignment.expert.user, assignment, {})
