"""Submitting an application: complete, before the deadline, with a 受理编号 and the engine's amounts as the
amounts applied for; what is missing is refused, named, and nothing is written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.grant_applications import filled_application, submitted_application
from support.grant_fixtures import open_call, qualifying_profile

pytestmark = pytest.mark.django_db


def test_submitted_with_a_receipt_number_and_requested_amounts(applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.number == "SB2026000001"
    assert app.submitted_at is not None
    requested = dict(app.items.values_list("article", "requested"))
    assert requested == {
        "6": Decimal("40.00"),
        "7": Decimal("10.00"),
        "8": Decimal("60.00"),
        "9": Decimal("30.00"),
    }


def test_second_applicant_takes_the_next_number(applicant_user, call, applicant, other_enterprise):
    submitted_application(applicant_user, call, applicant)
    other_user = User.objects.create_user(
        "other-ent", password="pass-1234", role="enterprise", organisation=other_enterprise
    )
    qualifying_profile(other_enterprise)
    assert submitted_application(other_user, call, other_enterprise).number == "SB2026000002"


def test_an_incomplete_application_is_refused_naming_each_gap(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    with pytest.raises(ValidationError) as exc:
        services.submit(applicant_user, app)
    errors = exc.value.message_dict
    assert set(errors) == {"documents", "bank", "contact_name", "contact_phone", "pledge"}
    assert "第6条缺少材料“第6条证明材料”" in errors["documents"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT and app.number is None
    assert all(r == 0 for r in app.items.values_list("requested", flat=True))


def test_an_article_the_engine_pays_nothing_for_is_refused(applicant_user, call, applicant):
    app = filled_application(applicant_user, call, applicant, articles=["6", "12"])
    with pytest.raises(ValidationError) as exc:
        services.submit(applicant_user, app)
    [message] = exc.value.message_dict["articles"]
    assert message.startswith("第12条孵化载体按现有数据测算金额为 0")


def test_after_the_deadline_it_is_refused(applicant_user, call, applicant):
    app = filled_application(applicant_user, call, applicant)
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="不在受理期内"):
        services.submit(applicant_user, Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.DRAFT


def test_only_the_applicants_users_submit(users, call, applicant, applicant_user):
    app = filled_application(applicant_user, call, applicant)
    with pytest.raises(PermissionDenied):
        services.submit(users["operator"], app)


def test_submitted_is_no_longer_editable(applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    with pytest.raises(WrongState):
        services.pledge(applicant_user, app)


def test_an_unpublished_call_takes_no_application(operator, applicant_user, applicant):
    draft = open_call(operator, status="draft")
    with pytest.raises(ValidationError, match="不在受理期内"):
        services.start_application(applicant_user, draft, applicant)


def test_a_number_taken_meanwhile_refuses_and_writes_nothing(applicant_user, call, applicant, monkeypatch):
    app = filled_application(applicant_user, call, applicant)

    def taken(*args, **kwargs):
        raise IntegrityError("number taken")

    monkeypatch.setattr(services, "save_numbered", taken)
    with pytest.raises(ValidationError, match="受理编号分配冲突"):
        services.submit(applicant_user, app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT and app.number is None
    assert Application.objects.filter(call=call).count() == 1
