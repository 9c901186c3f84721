"""Stage steps posted from the deal's page go through services.move: a refusal comes back as a Chinese message
on the page, a step taken is said so, and a user outside the team is refused."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import StageVisit
from support.deal_pages import client_as, shown_messages

pytestmark = pytest.mark.django_db


def _step(user, deal, name, **data):
    return client_as(user).post(reverse("deals:step", args=[deal.pk, name]), data, follow=True)


def test_unfinished_checklist_is_refused_with_its_items(users, deal):
    response = _step(users[Role.MANAGER], deal, "to_negotiating")
    deal.refresh_from_db()
    assert deal.stage == Stage.INTRODUCED
    assert any("阶段清单尚未完成" in m and "双方签署保密协议" in m for m in shown_messages(response))


def test_finished_checklist_moves_on_with_the_note(users, deal):
    for item in deal.checklist.all():
        services.tick(users[Role.MANAGER], item)
    response = _step(users[Role.MANAGER], deal, "to_negotiating", note="双方有意向")
    deal.refresh_from_db()
    assert deal.stage == Stage.NEGOTIATING
    assert StageVisit.objects.get(deal=deal, stage=Stage.NEGOTIATING).note == "双方有意向"
    assert any("已进入洽谈" in m for m in shown_messages(response))


def test_skipping_needs_a_reason(users, deal):
    response = _step(users[Role.MANAGER], deal, "skip_to_negotiating", note="")
    deal.refresh_from_db()
    assert deal.stage == Stage.INTRODUCED
    assert any("请填写" in m for m in shown_messages(response))
    _step(users[Role.MANAGER], deal, "skip_to_negotiating", note="保密协议随合同一并签署")
    deal.refresh_from_db()
    assert deal.stage == Stage.NEGOTIATING


def test_registration_needs_the_registered_contract(users, deal):
    for name in ("skip_to_negotiating", "skip_to_signed"):
        services.move(users[Role.MANAGER], deal, name, "测试")
    response = _step(users[Role.MANAGER], deal, "skip_to_registered", note="测试")
    assert any("认定登记" in m for m in shown_messages(response))


def test_landing_needs_its_form(users, deal):
    deal.stage = Stage.IMPLEMENTING
    deal.save()
    response = _step(users[Role.MANAGER], deal, "skip_to_landed", note="测试")
    assert any("落地形式" in m for m in shown_messages(response))
    _step(users[Role.MANAGER], deal, "skip_to_landed", note="测试", landing="company")
    deal.refresh_from_db()
    assert deal.stage == Stage.LANDED and deal.landing == "company"


def test_ending_needs_a_reason_from_the_list(users, deal):
    response = _step(users[Role.MANAGER], deal, "end", note="谈不拢")
    assert any("终止原因" in m for m in shown_messages(response))
    _step(users[Role.MANAGER], deal, "end", note="谈不拢", reason="price")
    deal.refresh_from_db()
    assert deal.stage == Stage.ENDED and deal.end_reason == "price"


def test_a_wrong_state_is_a_message(users, deal):
    response = _step(users[Role.MANAGER], deal, "skip_to_signed", note="跳两级")
    assert any("不能" in m for m in shown_messages(response))
    deal.refresh_from_db()
    assert deal.stage == Stage.INTRODUCED


def test_parties_and_outsiders_are_refused(users, deal):
    assert _step(users[Role.ENTERPRISE], deal, "skip_to_negotiating", note="急").status_code == 403
    assert _step(users[Role.EXPERT], deal, "skip_to_negotiating", note="急").status_code == 404
    assert (
        client_as(users[Role.MANAGER]).post(reverse("deals:step", args=[deal.pk, "bogus"])).status_code == 404
    )
    assert client_as(users[Role.MANAGER]).get(reverse("deals:step", args=[deal.pk, "end"])).status_code == 405
