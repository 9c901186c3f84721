"""Opening a call (create_call): the operator only; the policy's paying articles with a valid mode, a year the
policy covers, a deadline after the opening; titles come from the policy; nothing is written on a refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.grants import calls
from hardtech.grants.choices import CallStatus, Mode
from hardtech.grants.models import Call, CallArticle
from support.grant_fixtures import TITLES

pytestmark = pytest.mark.django_db


def _create(user, **changes):
    now = timezone.now()
    fields = {
        "policy": "sample",
        "year": 2026,
        "title": "  2026年度  专项资金申报通知 ",
        "opens_at": now,
        "deadline": now + timedelta(days=20),
        "articles": {"6": Mode.INSTANT, "8": Mode.REVIEWED, "11": Mode.NO_APPLICATION},
    }
    return calls.create_call(user, **{**fields, **changes})


def test_the_operator_opens_a_draft_call_with_the_policy_titles(operator):
    call = _create(operator)
    assert call.status == CallStatus.DRAFT and call.created_by == operator
    assert call.title == "2026年度 专项资金申报通知"
    rows = list(call.articles.values_list("article", "title", "mode"))
    assert rows == [
        ("6", TITLES["6"], Mode.INSTANT),
        ("8", TITLES["8"], Mode.REVIEWED),
        ("11", TITLES["11"], Mode.NO_APPLICATION),
    ]


def test_only_the_operator_opens_a_call(users):
    with pytest.raises(PermissionDenied, match="管委会"):
        _create(users["enterprise"])
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"articles": {"5": Mode.INSTANT}}, "articles", "第5条"),
        ({"articles": {"6": "paid_twice"}}, "articles", "兑现方式无效"),
        ({"year": 2030}, "year", "2024—2026"),
        ({"policy": "nonexistent"}, "policy", "nonexistent"),
        ({"title": "   "}, "title", ""),
    ],
)
def test_bad_input_is_refused_naming_the_field(operator, changes, field, text):
    with pytest.raises(ValidationError) as caught:
        _create(operator, **changes)
    assert field in caught.value.message_dict
    assert text in "".join(caught.value.message_dict[field])
    assert not Call.objects.exists() and not CallArticle.objects.exists()


def test_the_deadline_comes_after_the_opening(operator):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        _create(operator, opens_at=now, deadline=now - timedelta(hours=1))
    assert caught.value.message_dict["deadline"] == ["申报截止时间须晚于受理开始时间"]


def test_the_notice_does_not_start_before_the_deadline(operator):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        _create(operator, deadline=now + timedelta(days=20), notice_from=timezone.localdate())
    assert "公示开始日期不能早于申报截止日期" in caught.value.message_dict["notice_from"]
