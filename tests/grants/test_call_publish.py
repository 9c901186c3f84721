"""Publishing and ending a call: a draft with at least one article and a deadline ahead is published (the other
operators get an inbox notice); only a draft is published; a call ends only after its deadline."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.core.workflow import WrongState
from hardtech.grants import calls
from hardtech.grants.choices import CallStatus
from hardtech.grants.models import Call
from hardtech.grants.notifications import GRANT_CALL
from hardtech.notifications.models import Notification
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_tells_the_other_operators(operator):
    colleague = User.objects.create_user("operator2", password="pass-1234", role=Role.OPERATOR)
    draft = open_call(operator, status=CallStatus.DRAFT)
    published = calls.publish_call(operator, draft)
    assert published.status == CallStatus.PUBLISHED and published.published_at is not None
    told = Notification.objects.filter(kind=GRANT_CALL.code)
    assert [n.recipient for n in told] == [colleague]
    assert draft.title in told.get().title


def test_a_call_without_articles_is_not_published(operator):
    draft = open_call(operator, modes={"6": "instant"}, status=CallStatus.DRAFT)
    draft.articles.all().delete()
    with pytest.raises(ValidationError, match="请至少开放一个条款"):
        calls.publish_call(operator, draft)
    assert Call.objects.get(pk=draft.pk).status == CallStatus.DRAFT


def test_a_draft_past_its_deadline_is_not_published(operator):
    draft = open_call(operator, status=CallStatus.DRAFT, deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="截止时间已过"):
        calls.publish_call(operator, draft)


def test_only_a_draft_is_published(operator, call):
    with pytest.raises(WrongState, match="只有草稿可以发布"):
        calls.publish_call(operator, call)


def test_a_call_ends_only_after_its_deadline(operator, call):
    with pytest.raises(ValidationError, match="申报截止前不能结束"):
        calls.close_call(operator, call)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    ended = calls.close_call(operator, call)
    assert ended.status == CallStatus.CLOSED and not ended.accepting()
    with pytest.raises(WrongState):
        calls.close_call(operator, ended)


def test_only_the_operator_publishes_and_ends(users, operator):
    draft = open_call(operator, status=CallStatus.DRAFT)
    for action in (calls.publish_call, calls.close_call):
        with pytest.raises(PermissionDenied):
            action(users["enterprise"], draft)
    assert Call.objects.get(pk=draft.pk).status == CallStatus.DRAFT
