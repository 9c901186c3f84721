"""The round pages through the web: the operator creates a round with its rubric and assigns; the expert signs
the pledge and saves a draft that the form shows again; refusals keep the input; who may open which page."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment, Round, Score
from hardtech.review.workflow import ROUND
from support.round_helpers import items, make_round, panel, reviewer

RUBRIC_POST = {
    "c0_name": "创新性",
    "c0_weight": "0.6",
    "c0_min": "1",
    "c0_max": "10",
    "c1_name": "市场前景",
    "c1_weight": "0.4",
    "c1_min": "1",
    "c1_max": "10",
}


def _create(client, records, **rubric):
    data = {
        "title": "网页创建的评审轮次",
        "reviewers_per_item": "2",
        "max_load": "5",
        "items": [f"{r._meta.model_name}-{r.pk}" for r in records],
        **RUBRIC_POST,
        **rubric,
    }
    return client.post(reverse("review:round_create"), data)


def test_operator_creates_and_assigns(client, users, university, enterprise):
    panel(3)
    records = items(university, enterprise, 2)
    client.force_login(users[Role.OPERATOR])
    response = _create(client, records)
    round_ = Round.objects.get()
    assert response.status_code == 302 and response.url == reverse("review:round_detail", args=[round_.pk])
    assert [c.name for c in round_.criteria.all()] == ["创新性", "市场前景"]
    client.post(reverse("review:round_assign", args=[round_.pk]))
    assert Assignment.objects.count() == 4
    page = client.get(reverse("review:round_detail", args=[round_.pk])).content.decode()
    assert "分配引擎" in page and "开始评审" in page


def test_bad_rubric_keeps_the_input(client, users, university, enterprise):
    records = items(university, enterprise, 1)
    client.force_login(users[Role.OPERATOR])
    response = _create(client, records, c1_weight="0.3")
    assert response.status_code == 200
    page = response.content.decode()
    assert "权重之和应为 1，现为 0.9" in page and "网页创建的评审轮次" in page
    assert not Round.objects.exists()


def test_conflict_explained_and_conflicted_pick_refused(client, users, university, enterprise):
    insider = reviewer("校内专家", "insider", university)
    panel(2)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 1), k=2)
    item = round_.items.get()
    client.force_login(users[Role.OPERATOR])
    page = client.get(reverse("review:round_detail", args=[round_.pk])).content.decode()
    assert "回避的专家" in page and "校内专家" in page
    response = client.post(
        reverse("review:round_manual", args=[round_.pk, item.pk]),
        {f"i{item.pk}-expert": insider.pk},
        follow=True,
    )
    assert "不能指定校内专家评审" in response.content.decode()


def test_expert_pledges_then_saves_a_draft(client, users, university, enterprise):
    panel(2)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 1), k=2)
    services.run_assignment(users[Role.OPERATOR], round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", users[Role.OPERATOR], round_)
    assignment = Assignment.objects.first()
    client.force_login(assignment.expert.user)
    score_url = reverse("review:score", args=[assignment.pk])
    assert client.get(score_url).url == reverse("review:pledge", args=[round_.pk])
    client.post(reverse("review:pledge", args=[round_.pk]), {"accept": "1"})
    first = round_.criteria.first()
    client.post(score_url, {f"c{first.pk}": "6", "comment": "先保存", "save": "1"})
    assert Score.objects.get().values == {str(first.pk): 6}
    page = client.get(score_url).content.decode()
    assert 'value="6"' in page and "先保存" in page and "草稿已于" in page
    refused = client.post(score_url, {f"c{first.pk}": "0", "comment": "改了", "save": "1"}).content.decode()
    assert "得分应在 1–10 分之间，实际为 0" in refused and "改了" in refused


@pytest.mark.parametrize("role", [Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT])
def test_only_the_operator_runs_rounds(client, users, achievement, role):
    round_ = make_round(users[Role.OPERATOR], [achievement])
    client.force_login(users[role])
    for name, args in [
        ("round_list", []),
        ("round_create", []),
        ("round_detail", [round_.pk]),
        ("results", [round_.pk]),
    ]:
        assert client.get(reverse(f"review:{name}", args=args)).status_code == 403
    assert client.post(reverse("review:round_assign", args=[round_.pk])).status_code == 403


def test_other_experts_cannot_open_an_assignment(client, users, university, enterprise):
    panel(3)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 1), k=2)
    services.run_assignment(users[Role.OPERATOR], round_)
    outsider = next(e for e in services.candidates() if not Assignment.objects.filter(expert=e).exists())
    client.force_login(outsider.user)
    assert client.get(reverse("review:score", args=[Assignment.objects.first().pk])).status_code == 404
    assert client.get(reverse("review:pledge", args=[round_.pk])).status_code == 403


def test_nav_shows_review_to_operator_and_expert(client, users):
    client.force_login(users[Role.OPERATOR])
    assert reverse("review:round_list") in client.get(reverse("home")).content.decode()
    client.force_login(users[Role.EXPERT])
    assert reverse("review:my_reviews") in client.get(reverse("home")).content.decode()


def test_operator_edits_the_rubric_until_scores_exist(client, users, achievement):
    round_ = make_round(users[Role.OPERATOR], [achievement])
    client.force_login(users[Role.OPERATOR])
    url = reverse("review:round_rubric", args=[round_.pk])
    assert 'value="创新性"' in client.get(url).content.decode()  # the current rubric, not the default
    bad = client.post(url, {**RUBRIC_POST, "c1_weight": "0.5"}).content.decode()
    assert "权重之和应为 1，现为 1.1" in bad
    assert client.post(url, RUBRIC_POST).status_code == 302
    assert [c.name for c in round_.criteria.all()] == ["创新性", "市场前景"]
