"""A published achievement that matches a demand with confidence 高 is announced to the demand's enterprise
(event match.found): once per (demand, achievement) pair, never to the achievement's own side, not for a weak
match or an expired demand, and only once the publish has committed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts import grants
from hardtech.accounts.models import Role, User
from hardtech.accounts.scopes import ORGANISATION_MEMBER
from hardtech.catalogue import services as catalogue
from hardtech.catalogue.models import Achievement
from hardtech.matching import services
from hardtech.matching.models import MatchNotice
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery
from hardtech.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def strong(university) -> Achievement:
    """A draft that answers the conftest demand almost word for word (高 once published)."""
    item = Achievement.objects.create(
        title="激光器散热模组热阻降低方案",
        field="electronic_information",
        summary="针对激光器散热模组热阻偏高，提出新的封装与散热方案。",
        status="draft",
    )
    item.organisations.add(university)
    return item


@pytest.fixture
def indexed(demand, achievement, users) -> None:
    services.rebuild()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(item: Achievement, **changes) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in {"status": "published", **changes}.items():
                setattr(item, name, value)
            item.save()

    return run


def found(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="match.found"))


def test_the_enterprise_hears_of_a_published_match_once(indexed, strong, demand, users, publish):
    publish(strong)
    [notice] = found(users[Role.ENTERPRISE])
    assert notice.title == "有新的成果与您的需求匹配：《激光器散热模组热阻降低方案》"
    assert notice.url == reverse("achievement_detail", args=[strong.pk]) and notice.record == strong
    assert f"《{demand.title}》" in notice.body and "匹配可信度高" in notice.body
    assert found(users[Role.INSTITUTION]) == []  # the publisher's side
    # edited and published again, withdrawn and republished: the pair was announced already
    publish(strong, summary=strong.summary + "热阻降低百分之三十。")
    publish(strong, status="withdrawn")
    publish(strong)
    assert len(found(users[Role.ENTERPRISE])) == 1
    assert MatchNotice.objects.get().level == 3


def test_a_weak_match_is_not_announced(indexed, demand, achievement, users, publish):
    [hit] = [h for h in services.matches(achievement, "demands") if h.obj == demand]
    assert hit.explanation.confidence.level < 3  # found, but only on short shared words
    publish(achievement, summary=achievement.summary + "适用于工业加工。")
    assert found(users[Role.ENTERPRISE]) == [] and not MatchNotice.objects.exists()


def test_the_threshold_is_a_setting(indexed, achievement, users, publish, settings):
    settings.MATCH_NOTIFY_MIN_LEVEL = 1
    publish(achievement, summary=achievement.summary + "适用于工业加工。")
    assert len(found(users[Role.ENTERPRISE])) == 1


def test_the_achievements_own_organisation_is_never_told(indexed, strong, enterprise, users, publish):
    strong.organisations.add(enterprise)  # the enterprise co-owns the answer to its own demand
    publish(strong)
    assert found(users[Role.ENTERPRISE]) == [] and not MatchNotice.objects.exists()


def test_a_member_on_both_sides_is_not_told(indexed, strong, university, users, publish):
    colleague = users[Role.ENTERPRISE]
    grants.grant(colleague, ORGANISATION_MEMBER, university, by=users[Role.OPERATOR])
    publish(strong)
    assert found(colleague) == [] and MatchNotice.objects.count() == 1


def test_every_member_of_the_enterprise_is_told(indexed, strong, enterprise, users, publish):
    invited = User.objects.create_user("enterprise-2", role=Role.ENTERPRISE)
    grants.grant(invited, ORGANISATION_MEMBER, enterprise, by=users[Role.OPERATOR])
    publish(strong)
    assert len(found(users[Role.ENTERPRISE])) == len(found(invited)) == 1


def test_an_expired_demand_is_not_told(indexed, strong, demand, users, publish):
    demand.valid_until = timezone.localdate() - timedelta(days=1)
    demand.save()
    publish(strong)
    assert found(users[Role.ENTERPRISE]) == []


def test_a_rolled_back_publish_announces_nothing(indexed, strong, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        strong.status = "published"
        strong.save()
        raise RuntimeError("refused")
    assert found(users[Role.ENTERPRISE]) == []


def test_email_when_the_preference_says_so(indexed, strong, users, publish):
    user = users[Role.ENTERPRISE]
    notifications.set_preferences(user, {"match.found": Delivery.EMAIL}, email="rd@qinchuang.example")
    publish(strong)
    [message] = mail.outbox
    assert message.to == ["rd@qinchuang.example"] and "有新的成果与您的需求匹配" in message.subject
    assert reverse("achievement_detail", args=[strong.pk]) in message.body


def test_the_default_is_the_daily_digest(indexed, strong, users, publish):
    notifications.set_preferences(users[Role.ENTERPRISE], {}, email="rd@qinchuang.example")
    publish(strong)
    assert mail.outbox == [] and found(users[Role.ENTERPRISE])[0].delivery == Delivery.DIGEST


def test_the_operators_approval_announces_it(indexed, strong, users, django_capture_on_commit_callbacks):
    """The real path: the institution's submitted achievement is approved by the operator."""
    strong.status = "pending"
    strong.save()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.transition(users[Role.OPERATOR], strong, "approve")
    [notice] = found(users[Role.ENTERPRISE])
    assert notice.record == strong and found(users[Role.INSTITUTION]) == []


def test_a_failed_announcement_never_fails_the_save(indexed, strong, users, publish, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr(services, "matches", broken)
    publish(strong)  # no exception: the publish has committed
    assert "match.found notifications for achievement" in caplog.text
    assert found(users[Role.ENTERPRISE]) == []
