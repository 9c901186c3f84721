"""Nothing is lost when a reviewer's session expires mid-form: the scores sent are kept, and once the expert
signs in again the scoring page saves them as a draft (another user signing in gets nothing of them)."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment, Score
from hardtech.review.workflow import ROUND
from support.round_helpers import PASSWORD, items, make_round, panel


@pytest.fixture
def assignment(users, university, enterprise) -> Assignment:
    panel(2)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 1), k=2)
    services.run_assignment(users[Role.OPERATOR], round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", users[Role.OPERATOR], round_)
    found = Assignment.objects.select_related("expert__user").first()
    services.accept_pledge(found.expert.user, round_)
    return found


def _expire_and_send(client, assignment: Assignment) -> str:
    first = assignment.item.round.criteria.first()
    client.logout()  # the session ends while the form is open
    url = reverse("review:score", args=[assignment.pk])
    response = client.post(url, {f"c{first.pk}": "9", "comment": "过期前写的意见", "save": "1"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    return str(first.pk)


def test_scores_sent_after_expiry_become_a_draft_after_signing_in(client, assignment):
    user = assignment.expert.user
    client.force_login(user)
    key = _expire_and_send(client, assignment)
    assert not Score.objects.exists()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    page = client.get(reverse("review:score", args=[assignment.pk])).content.decode()
    score = Score.objects.get(assignment=assignment)
    assert score.values == {key: 9} and score.comment == "过期前写的意见" and not score.submitted
    assert "已恢复登录过期前填写的评分" in page and "过期前写的意见" in page


def test_another_user_signing_in_gets_nothing(client, assignment):
    client.force_login(assignment.expert.user)
    _expire_and_send(client, assignment)
    other = Assignment.objects.exclude(pk=assignment.pk).select_related("expert__user").first()
    client.post(reverse("login"), {"username": other.expert.user.username, "password": PASSWORD})
    assert client.get(reverse("review:score", args=[assignment.pk])).status_code == 404
    assert not Score.objects.exists()
