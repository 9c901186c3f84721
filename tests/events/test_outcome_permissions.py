"""Who may record a meeting's outcome through the service (the pages' matrix is in test_outcome_pages): the users
of either side and the operator; technology managers, experts, the registrar and other organisations are refused
(403), and a refusal writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.events.choices import MeetingStatus, OutcomeResult, Phase
from hardtech.events.models import Outcome
from hardtech.events.services.outcomes import record_outcome
from support.event_outcomes import meeting, started
from support.event_schedule import to_phase


@pytest.fixture
def talk(users, event, supply, demand_side):
    day = to_phase(users["operator"], event, Phase.DAY)
    return meeting(supply, demand_side, started(day.sessions.first().slots.first()))


@pytest.mark.parametrize("role", [Role.INSTITUTION, Role.ENTERPRISE, Role.OPERATOR])
def test_sides_and_operator_may(users, talk, supply, role):
    assert record_outcome(users[role], talk, OutcomeResult.FOLLOW_UP, side=supply).pk


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EXPERT, Role.REGISTRAR])
def test_others_may_not(users, talk, supply, role):
    with pytest.raises(PermissionDenied):
        record_outcome(users[role], talk, OutcomeResult.START_DEAL, side=supply)
    talk.refresh_from_db()
    assert not Outcome.objects.exists() and talk.status == MeetingStatus.SCHEDULED


def test_another_organisation_may_not(talk, supply):
    org = Organisation.objects.create(name="别家高校", kind="university")
    outsider = User.objects.create_user(
        "outsider", password="pass-1234", role=Role.INSTITUTION, organisation=org
    )
    with pytest.raises(PermissionDenied):
        record_outcome(outsider, talk, OutcomeResult.FOLLOW_UP, side=supply)
