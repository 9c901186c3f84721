"""The operator's review: approving within the type's cap (over the cap refused with a message naming it),
rejecting with a reason, the registrant told either way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.events.choices import ParticipantType, RegistrationStatus
from hardtech.events.services import events, registrations
from hardtech.notifications.models import Notification


def pending(event, organisation, user, type_=ParticipantType.DEMAND):
    return registrations.register(
        user,
        event,
        organisation,
        type_,
        sessions=list(event.sessions.all()),
        max_meetings=3,
        contact_name="李经理",
        contact_phone="13800000000",
    )


def test_approve_tells_the_registrant(event, users, enterprise):
    registration = pending(event, enterprise, users["enterprise"])
    registrations.review(users["operator"], registration, True, "欢迎参会")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.reviewed_by == users["operator"]
    note = Notification.objects.get(recipient=users["enterprise"], kind="event.registration")
    assert "已通过审核" in note.title and "欢迎参会" in note.body


def test_approving_over_the_cap_is_refused(event, users, enterprise, other_enterprise, demand_side):
    events.update_event(users["operator"], event, {"caps": {"demand": 1}})
    event.refresh_from_db()
    users["enterprise"].organisation = enterprise  # demand_side already holds the one 需求方 place
    member = users["enterprise"].__class__.objects.create_user(
        "other-ent", password="pass-1234", role="enterprise", organisation=other_enterprise
    )
    registration = pending(event, other_enterprise, member)
    with pytest.raises(ValidationError) as exc:
        registrations.review(users["operator"], registration, True)
    assert exc.value.message_dict["type"] == ["“需求方（企业）”名额已满（上限 1 家），不能再通过"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_cap_counts_per_type(event, users, university, demand_side):
    events.update_event(users["operator"], event, {"caps": {"demand": 1, "supply": 1}})
    registration = pending(event, university, users["institution"], ParticipantType.SUPPLY)
    assert registrations.review(users["operator"], registration, True).status == RegistrationStatus.APPROVED


def test_reject_needs_a_reason(event, users, enterprise):
    registration = pending(event, enterprise, users["enterprise"])
    with pytest.raises(ValidationError) as exc:
        registrations.review(users["operator"], registration, False, " ")
    assert exc.value.message_dict["note"] == ["请填写未通过的理由"]
    registrations.review(users["operator"], registration, False, "与活动主题不符")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REJECTED and registration.review_note == "与活动主题不符"


def test_only_the_operator_reviews(event, users, enterprise):
    registration = pending(event, enterprise, users["enterprise"])
    for role in ("manager", "enterprise", "institution"):
        with pytest.raises(PermissionDenied):
            registrations.review(users[role], registration, True)


def test_counts_by_type_show_the_caps(event, users, supply, demand_side):
    events.update_event(users["operator"], event, {"caps": {"supply": 10}})
    event.refresh_from_db()
    rows = {r["type"]: r for r in registrations.counts_by_type(event)}
    assert rows["supply"]["approved"] == 1 and rows["supply"]["cap"] == 10
    assert rows["demand"]["cap"] is None
