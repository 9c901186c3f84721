"""Changing a call (update_call, set_article): a draft changes freely; a published call keeps its policy, year and
the articles applicants have applied for (their presence and mode), other articles may change; an ended call
changes no more; an edit based on an older version is a Conflict. Nothing is written on a refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.catalogue.services import Conflict
from hardtech.core.workflow import WrongState
from hardtech.grants import calls
from hardtech.grants.choices import ApplicationStatus, CallStatus, Mode
from hardtech.grants.models import Call
from support.call_helpers import applied
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db


def _modes(call):
    return dict(call.articles.values_list("article", "mode"))


def test_a_draft_changes_its_year_and_articles(operator):
    draft = open_call(operator, status=CallStatus.DRAFT)
    saved = calls.update_call(operator, draft, year=2025, articles={"7": Mode.REVIEWED}, title="新标题")
    assert (saved.year, saved.title, saved.version) == (2025, "新标题", 2)
    assert _modes(saved) == {"7": Mode.REVIEWED}


def test_a_published_call_keeps_its_applied_articles(operator, call, applicant):
    applied(call, applicant, ("6", "8"))
    before = _modes(call)
    for articles in ({**before, "6": Mode.REVIEWED}, {k: v for k, v in before.items() if k != "8"}):
        with pytest.raises(ValidationError) as caught:
            calls.update_call(operator, call, articles=articles)
        assert "已有申报" in caught.value.message_dict["articles"][0]
    assert _modes(call) == before
    changed = {**before, "7": Mode.REVIEWED, "14": Mode.INSTANT}
    changed.pop("13")
    calls.update_call(operator, call, articles=changed, deadline=call.deadline + timedelta(days=3))
    assert _modes(call) == changed


def test_a_withdrawn_application_no_longer_holds_its_article(operator, call, applicant):
    applied(call, applicant, ("6",), status=ApplicationStatus.WITHDRAWN)
    calls.set_article(operator, call, "6", Mode.REVIEWED)
    assert _modes(call)["6"] == Mode.REVIEWED


def test_set_article_keeps_the_mode_of_an_applied_article_but_takes_its_guidance(operator, call, applicant):
    applied(call, applicant, ("6",))
    with pytest.raises(ValidationError) as caught:
        calls.set_article(operator, call, "6", Mode.REVIEWED, "新说明")
    assert caught.value.message_dict["mode"] == ["第6条已有申报，不能更改兑现方式"]
    saved = calls.set_article(operator, call, "6", Mode.INSTANT, "请附高企证书")
    assert (saved.mode, saved.guidance) == (Mode.INSTANT, "请附高企证书")


def test_a_published_call_keeps_its_policy_year(operator, call):
    with pytest.raises(ValidationError) as caught:
        calls.update_call(operator, call, year=2025)
    assert caught.value.message_dict["year"] == ["通知发布后不能更改政策和申报年度"]
    assert Call.objects.get(pk=call.pk).year == 2026


def test_an_ended_call_changes_no_more(operator):
    ended = open_call(operator, status=CallStatus.CLOSED)
    with pytest.raises(WrongState):
        calls.update_call(operator, ended, title="改")
    with pytest.raises(WrongState):
        calls.set_article(operator, ended, "14", Mode.INSTANT)


def test_an_older_version_is_a_conflict(operator, call):
    calls.update_call(operator, call, version=1, title="第一次")
    with pytest.raises(Conflict):
        calls.update_call(operator, call, version=1, title="第二次")
    assert Call.objects.get(pk=call.pk).title == "第一次"


def test_dates_are_checked_on_update_too(operator, call):
    with pytest.raises(ValidationError) as caught:
        calls.update_call(operator, call, deadline=call.opens_at - timedelta(minutes=1))
    assert "deadline" in caught.value.message_dict


def test_only_the_operator_changes_a_call(users, call):
    with pytest.raises(PermissionDenied):
        calls.update_call(users["enterprise"], call, title="改")
    with pytest.raises(PermissionDenied):
        calls.set_article(users["manager"], call, "14", Mode.INSTANT)


def test_an_unknown_field_is_refused(operator, call):
    with pytest.raises(ValidationError) as caught:
        calls.update_call(operator, call, status=CallStatus.CLOSED)
    assert "status" in caught.value.message_dict
    assert timezone.now() < Call.objects.get(pk=call.pk).deadline


def test_set_article_opens_only_a_paying_article_with_a_known_mode(operator, call):
    with pytest.raises(ValidationError) as caught:
        calls.set_article(operator, call, "3", Mode.INSTANT)
    assert "第3条" in caught.value.message_dict["article"][0]
    with pytest.raises(ValidationError) as caught:
        calls.set_article(operator, call, "14", "whenever")
    assert "兑现方式无效" in caught.value.message_dict["mode"][0]
    assert not call.articles.filter(article__in=["3", "14"]).exists()
    opened = calls.set_article(operator, call, "14", Mode.REVIEWED, "附投资协议")
    assert (opened.title, opened.mode) == ("投早投小", Mode.REVIEWED)
