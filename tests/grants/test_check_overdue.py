"""逾期未补正: on a returned application whose correction deadline has passed, the operator's check form offers
不予支持 only (the workflow's reject); before the deadline it is not offered and a post is refused with a
message. A check posted after the state changed meanwhile is a message and a redirect, never a silent page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, ["6"])
    return services.return_for_correction(
        operator, app, "请补充研发费用专项审计报告", timezone.now() + timedelta(days=3)
    )


def _overdue(app):
    Application.objects.filter(pk=app.pk).update(correction_deadline=timezone.now() - timedelta(hours=1))
    return Application.objects.get(pk=app.pk)


def test_an_overdue_returned_application_is_ended(client, operator, returned):
    app = _overdue(returned)
    client.force_login(operator)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert 'id="check-submit"' in page and "逾期未补正" in page
    assert 'value="pass"' not in page and 'value="return"' not in page
    response = client.post(
        reverse("grants:application_check", args=[app.pk]), {"action": "reject", "note": "逾期未补正"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REJECTED and app.note == "逾期未补正"


def test_not_before_the_correction_deadline(client, operator, returned):
    with pytest.raises(WrongState):
        services.reject(operator, returned, "逾期未补正")
    client.force_login(operator)
    page = client.get(reverse("grants:application", args=[returned.pk])).content.decode()
    assert 'id="check-submit"' not in page
    response = client.post(
        reverse("grants:application_check", args=[returned.pk]),
        {"action": "reject", "note": "逾期未补正"},
        follow=True,
    )
    assert response.redirect_chain and "不能按此提交形式审查结论" in response.content.decode()
    returned.refresh_from_db()
    assert returned.status == ApplicationStatus.RETURNED


def test_a_check_after_the_state_changed_is_a_message(client, operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, ["6"])
    services.pass_check(operator, app, "材料齐全")  # in another tab
    client.force_login(operator)
    response = client.post(
        reverse("grants:application_check", args=[app.pk]),
        {"action": "return", "note": "请补充", "deadline": "2099-01-01T10:00"},
        follow=True,
    )
    assert response.redirect_chain
    assert "不能按此提交形式审查结论" in response.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CHECKED
