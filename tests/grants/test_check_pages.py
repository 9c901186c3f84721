"""The operator's desk and check: the desk lists a call's applications by status with counts and filters; the
application page shows 测算变化 and takes the check's conclusion (errors inline)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from hardtech.policies.models import YearFigures
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(applicant_user, call, applicant):
    return submitted_application(applicant_user, call, applicant)


@pytest.fixture
def desk(client, operator):
    client.force_login(operator)
    return client


def test_desk_counts_and_filters(desk, app, call):
    page = desk.get(reverse("grants:desk", args=[call.pk])).content.decode()
    assert "已提交（待形式审查） 1" in page and app.number in page
    filtered = desk.get(reverse("grants:desk", args=[call.pk]), {"status": ApplicationStatus.CHECKED})
    assert app.number not in filtered.content.decode()
    by_name = desk.get(reverse("grants:desk", args=[call.pk]), {"q": "秦创"})
    assert app.number in by_name.content.decode()


def test_desk_is_the_operators(client, applicant_user, call):
    client.force_login(applicant_user)
    assert client.get(reverse("grants:desk", args=[call.pk])).status_code == 403


def test_check_page_shows_the_change_since_submission(desk, app, applicant):
    YearFigures.objects.filter(profile__organisation=applicant, year=2025).update(rd_expense=Decimal("800"))
    page = desk.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "60.00 → 48.00" in page
    assert 'id="check"' in page


def test_return_without_a_deadline_is_refused_inline(desk, app):
    response = desk.post(
        reverse("grants:application_check", args=[app.pk]), {"action": "return", "note": "补充"}
    )
    assert response.status_code == 200 and "请填写补正截止时间" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED


def test_return_with_a_deadline(desk, app):
    deadline = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = desk.post(
        reverse("grants:application_check", args=[app.pk]),
        {"action": "return", "note": "补充", "deadline": deadline},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.RETURNED


def test_pass(desk, app):
    desk.post(reverse("grants:application_check", args=[app.pk]), {"action": "pass", "note": ""})
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.CHECKED


def test_the_applicant_cannot_post_a_check(client, app, applicant_user):
    client.force_login(applicant_user)
    assert (
        client.post(reverse("grants:application_check", args=[app.pk]), {"action": "pass"}).status_code == 403
    )
    services.withdraw(applicant_user, app)  # still its to withdraw
