"""形式审查: the operator passes, returns for correction (with a note and a future deadline; the applicant is
told) or rejects; a returned application is corrected and submitted again before its deadline, keeping its
receipt number; passing re-evaluates the items."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from hardtech.notifications.models import Notification
from hardtech.policies.models import YearFigures
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db


def test_pass(operator, applicant_user, call, applicant):
    app = services.pass_check(operator, submitted_application(applicant_user, call, applicant), "材料齐全")
    assert app.status == ApplicationStatus.CHECKED and app.checked_at is not None
    assert Notification.objects.filter(recipient=applicant_user, title__contains="通过形式审查").exists()


def test_pass_takes_the_data_now(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, articles=["8"])
    YearFigures.objects.filter(profile__organisation=applicant, year=2025).update(rd_expense=Decimal("800"))
    services.pass_check(operator, app)
    item = app.items.get()
    assert (item.requested, item.computed, item.change) == (
        Decimal("60.00"),
        Decimal("48.00"),
        Decimal("-12.00"),
    )


def test_return_for_correction_and_submit_again(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    deadline = timezone.now() + timedelta(days=3)
    app = services.return_for_correction(operator, app, "营业执照复印件不清晰", deadline)
    assert app.status == ApplicationStatus.RETURNED
    assert app.correction_deadline == deadline
    told = Notification.objects.get(recipient=applicant_user, title__contains="退回补正")
    assert "营业执照复印件不清晰" in told.body and "前补正" in told.body
    # the call closes meanwhile: the correction deadline is what counts
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    again = services.submit(applicant_user, Application.objects.get(pk=app.pk))
    assert again.status == ApplicationStatus.SUBMITTED and again.number == app.number


def test_after_the_correction_deadline_nothing_is_submitted(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    app = services.return_for_correction(operator, app, "补充材料", timezone.now() + timedelta(hours=1))
    Application.objects.filter(pk=app.pk).update(correction_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="补正期限已于"):
        services.submit(applicant_user, Application.objects.get(pk=app.pk))


def test_return_needs_a_note_and_a_future_deadline(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    with pytest.raises(ValidationError) as exc:
        services.return_for_correction(operator, app, "", timezone.now() - timedelta(minutes=1))
    assert set(exc.value.message_dict) == {"note", "deadline"}
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED


def test_reject_with_a_reason(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    with pytest.raises(ValidationError):
        services.reject(operator, app, "")
    app = services.reject(operator, app, "不符合申报条件")
    assert app.status == ApplicationStatus.REJECTED


def test_only_the_operator_checks(applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    with pytest.raises(PermissionDenied):
        services.pass_check(applicant_user, app)


def test_a_draft_is_not_checked(operator, applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    with pytest.raises(WrongState):
        services.pass_check(operator, app)


def test_a_deadline_without_a_zone_is_local_time(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    local = timezone.localtime() + timedelta(days=1)
    app = services.return_for_correction(operator, app, "补充材料", local.replace(tzinfo=None))
    assert app.correction_deadline == local
