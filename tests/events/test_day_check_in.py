"""Check-in by badge code: the operator only, idempotent, an unknown code refused with a clear message."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.events.choices import Phase, RegistrationStatus
from hardtech.events.services.day import check_in
from support.event_schedule import to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(event, users):
    return to_phase(users[Role.OPERATOR], event, Phase.DAY)


def test_check_in_is_idempotent(day, users, supply):
    operator = users[Role.OPERATOR]
    first = check_in(operator, str(supply.badge_code))
    assert first.first and first.registration == supply
    supply.refresh_from_db()
    when = supply.checked_in_at
    assert when is not None
    again = check_in(operator, supply.badge_code)
    assert not again.first and again.registration.checked_in_at == when
    supply.refresh_from_db()
    assert supply.checked_in_at == when


@pytest.mark.parametrize("code", [str(uuid.uuid4()), "not-a-code", ""])
def test_unknown_code_is_refused_with_a_message(day, users, supply, code):
    with pytest.raises(ValidationError) as refused:
        check_in(users[Role.OPERATOR], code)
    assert "未找到该胸牌码对应的报名" in str(refused.value)


def test_only_the_operator_checks_in(day, users, supply):
    for role in (Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE):
        with pytest.raises(PermissionDenied):
            check_in(users[role], supply.badge_code)


def test_withdrawn_registration_cannot_check_in(day, users, supply):
    supply.status = RegistrationStatus.WITHDRAWN
    supply.save()
    with pytest.raises(ValidationError) as refused:
        check_in(users[Role.OPERATOR], supply.badge_code)
    assert "已撤回" in str(refused.value)


def test_not_before_the_day(event, users, supply):
    with pytest.raises(ValidationError):
        check_in(users[Role.OPERATOR], supply.badge_code)
