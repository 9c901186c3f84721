"""Withdrawing: the applicant's users, before the deadline (a draft at any time); a withdrawn application frees
the call for a new one."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db


def test_withdrawn_before_the_deadline_and_started_afresh(applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    app = services.withdraw(applicant_user, app, "数据有误，重新申报")
    assert app.status == ApplicationStatus.WITHDRAWN and app.note == "数据有误，重新申报"
    fresh = services.start_application(applicant_user, call, applicant)
    assert fresh.pk != app.pk and fresh.status == ApplicationStatus.DRAFT


def test_not_after_the_deadline(applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="不能撤回"):
        services.withdraw(applicant_user, Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED


def test_not_by_the_operator(operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    with pytest.raises(PermissionDenied):
        services.withdraw(operator, app)
