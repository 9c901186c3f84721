"""审定 pages: the call's review page sends checked applications to a round; the decision page shows the
engine's cap per article and takes an approval with its reason (a refusal shown on the form); 完成审定."""

import pytest
from django.urls import reverse

from hardtech.grants.choices import ApplicationStatus, Decision, Route
from hardtech.policies.models import Recognition
from hardtech.review.models import Round
from support.grant_applications import checked_application
from support.grant_awards import award
from support.grant_reviews import item_of, reviewed, second_applicant

pytestmark = pytest.mark.django_db


def _decide(client, app, item, approve="1", amount="", reason="符合条件"):
    return client.post(
        reverse("grants:decide", args=[app.pk]),
        {"d-item": item.pk, "d-approve": approve, "d-amount": amount, "d-reason": reason},
    )


def test_the_operator_decides_and_concludes(client, operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    client.force_login(operator)
    page = client.get(reverse("grants:decide", args=[app.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "第6条 高新技术企业" in body and "40.00 万元" in body
    too_much = _decide(client, app, item_of(app, "6"), amount="40.01")
    assert too_much.status_code == 200 and "超过第6条测算上限 40.00 万元" in too_much.content.decode()
    assert item_of(app, "6").decision == Decision.PENDING
    assert _decide(client, app, item_of(app, "6"), amount="40.00").status_code == 302
    assert _decide(client, app, item_of(app, "7"), approve="0", reason="证书过期").status_code == 302
    assert (item_of(app, "6").decision, item_of(app, "7").decision) == (Decision.APPROVED, Decision.REJECTED)
    done = client.post(reverse("grants:conclude", args=[app.pk]))
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DECIDED
    stale = client.post(
        reverse("grants:decide", args=[app.pk]),
        {"d-item": item_of(app, "7").pk, "d-approve": "1", "d-amount": "10.00", "d-reason": "改判"},
        follow=True,
    )
    assert "“已审定（待公示）”状态的申报不能审定" in stale.content.decode()
    assert item_of(app, "7").decision == Decision.REJECTED


def test_the_decision_page_is_the_operator_s(client, operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    client.force_login(applicant_user)
    assert client.get(reverse("grants:decide", args=[app.pk])).status_code == 403
    assert client.get(reverse("grants:call_review", args=[call.pk])).status_code == 403
    assert client.post(reverse("grants:conclude", args=[app.pk])).status_code == 403
    _, stranger = second_applicant()
    client.force_login(stranger)
    assert client.get(reverse("grants:decide", args=[app.pk])).status_code == 404
    assert _decide(client, app, item_of(app, "6"), amount="1.00").status_code == 404


def test_the_review_page_sends_a_round(client, operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "8"])
    client.force_login(operator)
    page = client.get(reverse("grants:call_review", args=[call.pk]))
    assert page.status_code == 200 and "第8条 研发费用补助" in page.content.decode()
    data = {
        "applications": [str(app.pk)],
        "title": "研发费用补助评审",
        "reviewers_per_item": 2,
        "max_load": 5,
        "deadline": "",
        "anonymity": "anonymous",
        "c0_name": "创新性",
        "c0_weight": "0.6",
        "c0_min": 1,
        "c0_max": 10,
        "c1_name": "投入真实性",
        "c1_weight": "0.3",
        "c1_min": 1,
        "c1_max": 10,
    }
    wrong = client.post(reverse("grants:call_review", args=[call.pk]), data)
    assert wrong.status_code == 200 and "权重之和应为 1" in wrong.content.decode()
    sent = client.post(reverse("grants:call_review", args=[call.pk]), {**data, "c1_weight": "0.4"})
    round_ = Round.objects.get(title="研发费用补助评审")
    assert sent.status_code == 302 and sent.url == reverse("review:round_detail", args=[round_.pk])
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_REVIEW


def test_the_decision_page_shows_the_round_s_results(client, operator, applicant_user, applicant, call):
    other, other_user = second_applicant()
    app = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    rival = checked_application(other_user, operator, call, other, articles=["8"])
    reviewed(operator, call, [app, rival], {app.pk: 9, rival.pk: 3})
    client.force_login(operator)
    body = client.get(reverse("grants:decide", args=[app.pk])).content.decode()
    assert "第 1 名 / 共 2 项" in body
    assert "匿名专家1" in body and "研发投入真实" in body
    assert "评审专家1" not in body  # an anonymous round shows no reviewer's name


def test_recompute_shows_the_change_on_the_decision_page(client, operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    Recognition.objects.filter(profile__organisation=applicant, type="specialized").delete()
    client.force_login(operator)
    page = client.post(reverse("grants:decide_recompute", args=[app.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("grants:decide", args=[app.pk])
    body = page.content.decode()
    assert "第7条 10.00 → 0.00 万元" in body and "测算变化 -10.00 万元" in body


def test_an_offer_is_not_decided_here(client, operator, applicant, call):
    offer = award(
        operator, call, applicant, {"11": "5.00"}, route=Route.OFFER, status=ApplicationStatus.CONFIRMED
    )
    client.force_login(operator)
    response = client.get(reverse("grants:decide", args=[offer.pk]))
    assert response.status_code == 302 and response.url == reverse("grants:offer", args=[offer.pk])
