"""撤回申报 is offered only while the service would take it: after the deadline the button is gone."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hardtech.grants import applications as services
from hardtech.grants.models import Call
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db


def test_no_withdraw_button_after_the_deadline(client, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, ["6"])
    client.force_login(applicant_user)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert 'id="withdraw-application"' in page
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    app.refresh_from_db()
    assert not services.may_withdraw(applicant_user, app)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert 'id="withdraw-application"' not in page
    with pytest.raises(ValidationError):
        services.withdraw(applicant_user, app)
