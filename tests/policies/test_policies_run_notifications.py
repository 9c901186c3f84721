"""Running a policy tells each applicant on the 免申即享 list its result (event policy.result): its members get
the amount and a link to the calculator on their profile, once per (applicant, policy, year) result; a later
run with another amount tells the change; applicants not on the list hear nothing."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from hardtech.accounts.models import Role, User
from hardtech.notifications import services as notifications
from hardtech.notifications.models import Notification
from hardtech.policies.models import YearFigures

URL = "/policy/run/"
NOTIFY_URL = "/policy/run/notify/"
YEAR = 2026  # the sample policy's application year the conftest profiles pay in (196.00 万元)


@pytest.fixture
def operator(client: Client, users, profile, near_miss_profile, missing_profile) -> Client:
    client.force_login(users[Role.OPERATOR])
    return client


@pytest.fixture
def bystander(other_enterprise) -> User:
    """A member of the near-miss enterprise, which is not on the list."""
    return User.objects.create_user("near-miss", role=Role.ENTERPRISE, organisation=other_enterprise)


def results(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="policy.result").order_by("id"))


def run(client: Client, capture, **params) -> None:
    """The operator looks at the list (which tells nobody), then presses 通知名单上的申请主体."""
    with capture(execute=True):
        assert client.get(URL, {"policy": "sample", "year": YEAR, **params}).status_code == 200
        assert client.post(NOTIFY_URL, {"policy": "sample", "year": YEAR, **params}).status_code == 302


def test_looking_at_or_exporting_the_list_tells_nobody(operator, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        operator.get(URL, {"policy": "sample", "year": YEAR})
        operator.get(URL + "export/", {"policy": "sample", "year": YEAR})
    assert results(users[Role.ENTERPRISE]) == []


def test_only_the_operator_may_tell(users, client, django_capture_on_commit_callbacks):
    client.force_login(users[Role.MANAGER])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(NOTIFY_URL, {"policy": "sample", "year": YEAR}).status_code == 403
    assert results(users[Role.ENTERPRISE]) == []


def test_a_run_tells_the_listed_applicant_once(
    operator, users, enterprise, bystander, django_capture_on_commit_callbacks
):
    run(operator, django_capture_on_commit_callbacks)
    [told] = results(users[Role.ENTERPRISE])
    assert (
        told.title == "您符合免申即享条件：196.00万元（2026年度，高新区科技创新专项资金支持政策（示例文本））"
    )
    assert told.url == f"/policy/calculator/?org={enterprise.pk}&policy=sample&year={YEAR}"
    assert told.record == enterprise and "万元" in told.body
    assert results(bystander) == [] and results(users[Role.INSTITUTION]) == []  # not on the list
    run(operator, django_capture_on_commit_callbacks)
    run(
        operator, django_capture_on_commit_callbacks, kind="university"
    )  # the page's filters tell nobody less
    assert len(results(users[Role.ENTERPRISE])) == 1


def test_the_link_opens_the_calculator_on_that_result(
    operator, client, users, django_capture_on_commit_callbacks
):
    run(operator, django_capture_on_commit_callbacks)
    [told] = results(users[Role.ENTERPRISE])
    client.force_login(users[Role.ENTERPRISE])
    page = client.get(told.url)
    assert page.status_code == 200 and page.context["explanation"].result.total == Decimal("196.00")


def test_another_amount_is_told_again(operator, users, profile, django_capture_on_commit_callbacks):
    run(operator, django_capture_on_commit_callbacks)
    YearFigures.objects.filter(profile=profile, year=2025).update(rd_expense=Decimal("1000"))
    run(operator, django_capture_on_commit_callbacks)
    first, second = results(users[Role.ENTERPRISE])
    assert first.title != second.title and "196.00万元" in first.title


def test_another_year_is_another_result(operator, users, django_capture_on_commit_callbacks):
    run(operator, django_capture_on_commit_callbacks)
    run(operator, django_capture_on_commit_callbacks, year=2025)
    titles = [n.title for n in results(users[Role.ENTERPRISE])]
    assert [t.partition("（")[0] for t in titles] == [
        "您符合免申即享条件：196.00万元",
        "您符合免申即享条件：45.00万元",
    ]
    assert "（2026年度，" in titles[0] and "（2025年度，" in titles[1]


def test_email_when_the_preference_says_so(operator, users, django_capture_on_commit_callbacks):
    notifications.set_preferences(users[Role.ENTERPRISE], {}, email="finance@qinchuang.example")
    run(operator, django_capture_on_commit_callbacks)  # the kind's default: inbox + e-mail
    [message] = mail.outbox
    assert message.to == ["finance@qinchuang.example"] and "196.00万元" in message.subject


def test_no_email_when_the_user_chose_the_inbox(operator, users, django_capture_on_commit_callbacks):
    notifications.set_preferences(
        users[Role.ENTERPRISE], {"policy.result": "inbox"}, email="finance@qinchuang.example"
    )
    run(operator, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and len(results(users[Role.ENTERPRISE])) == 1
