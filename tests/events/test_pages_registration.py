"""The registration form: the user's own organisation, its own published listings, the event's sessions; a
refusal of the services shown on the form; the operator's review page with caps and filters."""

from django.urls import reverse

from hardtech.events.choices import RegistrationStatus
from hardtech.events.models import Registration
from hardtech.events.services import events
from support.deal_pages import client_as, shown_messages


def form_data(event, **overrides):
    data = {
        "organisation": "",
        "type": "demand",
        "sessions": [s.pk for s in event.sessions.all()],
        "max_meetings": "4",
        "contact_name": "李经理",
        "contact_phone": "13800000000",
        "interests": "激光器散热",
    }
    data.update(overrides)
    return data


def test_register_through_the_form(users, event, enterprise, demand, achievement):
    client = client_as(users["enterprise"])
    url = reverse("events:register", args=[event.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [enterprise]
    assert list(form.fields["seeks"].queryset) == [demand]
    assert list(form.fields["offers"].queryset) == []  # the university's achievement is not theirs
    response = client.post(url, form_data(event, organisation=enterprise.pk, seeks=[demand.pk]))
    assert response.status_code == 302 and response.url == reverse("events:mine", args=[event.pk])
    registration = Registration.objects.get(event=event, organisation=enterprise)
    assert registration.status == RegistrationStatus.PENDING and list(registration.seeks.all()) == [demand]


def test_max_meetings_over_the_slots_is_shown_on_the_form(users, event, enterprise):
    morning = event.sessions.get(label="上午")
    response = client_as(users["enterprise"]).post(
        reverse("events:register", args=[event.pk]),
        form_data(event, organisation=enterprise.pk, sessions=[morning.pk], max_meetings="9"),
    )
    assert response.status_code == 200
    assert "最多洽谈场次不能超过所选场次的总轮数（4 轮）" in response.content.decode()


def test_a_registered_organisation_goes_to_its_registration(users, event, supply):
    response = client_as(users["institution"]).get(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and response.url == reverse("events:mine", args=[event.pk])


def test_without_an_organisation_registering_is_refused(users, event):
    assert client_as(users["expert"]).get(reverse("events:register", args=[event.pk])).status_code == 403
    assert client_as(None).get(reverse("events:register", args=[event.pk])).status_code == 302


def test_edit_and_withdraw(users, event, supply):
    client = client_as(users["institution"])
    response = client.post(
        reverse("events:registration_edit", args=[event.pk]),
        form_data(event, type="supply", max_meetings="3", auto_accept="on"),
    )
    assert response.status_code == 302
    supply.refresh_from_db()
    assert supply.max_meetings == 3 and supply.auto_accept
    response = client.post(reverse("events:registration_withdraw", args=[event.pk]))
    supply.refresh_from_db()
    assert supply.status == RegistrationStatus.WITHDRAWN and "已撤回报名" in shown_messages(response)


def test_review_page_with_caps_and_filters(users, event, supply, enterprise):
    events.update_event(users["operator"], event, {"caps": {"supply": 1}})
    client = client_as(users["enterprise"])
    client.post(reverse("events:register", args=[event.pk]), form_data(event, organisation=enterprise.pk))
    operator = client_as(users["operator"])
    response = operator.get(reverse("events:registrations", args=[event.pk]))
    page = response.content.decode()
    assert "秦创测试科技有限公司" in page and "西安测试大学" in page and "已满" in page
    filtered = operator.get(reverse("events:registrations", args=[event.pk]), {"status": "pending"})
    assert [r.organisation.name for r in filtered.context["page"].object_list] == ["秦创测试科技有限公司"]
    pending = Registration.objects.get(organisation=enterprise)
    response = operator.post(
        reverse("events:review", args=[event.pk, pending.pk]), {"decision": "reject", "note": ""}
    )
    assert "秦创测试科技有限公司：请填写未通过的理由" in shown_messages(response)
    response = operator.post(reverse("events:review", args=[event.pk, pending.pk]), {"decision": "approve"})
    assert "秦创测试科技有限公司：已通过" in shown_messages(response)


def test_over_the_cap_is_refused_on_the_review_page(users, event, supply, other_university):
    from hardtech.accounts.models import Role, User
    from support.event_fixtures import approved

    events.update_event(users["operator"], event, {"caps": {"supply": 1}})
    colleague = User.objects.create_user("lecturer", role=Role.INSTITUTION, organisation=other_university)
    second = approved(event, other_university, colleague, "supply")
    second.status = RegistrationStatus.PENDING
    second.save()
    response = client_as(users["operator"]).post(
        reverse("events:review", args=[event.pk, second.pk]), {"decision": "approve"}
    )
    assert "长安测试学院：“供给方（高校院所）”名额已满（上限 1 家），不能再通过" in shown_messages(response)


def test_sessions_are_offered_in_local_time(users, event):
    form = client_as(users["enterprise"]).get(reverse("events:register", args=[event.pk])).context["form"]
    labels = [label for _, label in form.fields["sessions"].choices]
    assert labels == ["上午（12-18 09:00 起，4 轮 × 30 分钟）", "下午（12-18 14:00 起，6 轮 × 20 分钟）"]
