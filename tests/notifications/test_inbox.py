"""The inbox (站内信): notify() writes one notification per recipient, linked to its record; the inbox lists
them unread first, opening one marks it read and goes to its record, and the header counts the unread."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.notifications import services
from hardtech.notifications.models import Notification
from hardtech.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_writes_one_per_recipient_linked_to_the_record(users, enterprise_user, demand):
    operator, manager = users[Role.OPERATOR], users[Role.MANAGER]
    inactive = users[Role.EXPERT]
    inactive.is_active = False
    inactive.save()
    created = notify(
        [enterprise_user, enterprise_user, manager, inactive, operator, None],
        "listing.approved",
        demand,
        "需求已通过审核",
        "",
        "/demands/1/",
        operator,
    )
    # Each active recipient once; the operator who acted is not told of their own action.
    assert {n.recipient for n in created} == {enterprise_user, manager}
    stored = Notification.objects.get(recipient=enterprise_user)
    assert stored.record == demand and stored.url == "/demands/1/" and stored.actor == operator
    assert stored.kind_label == "条目通过审核" and not stored.is_read


def test_an_undeclared_kind_is_a_programming_error(enterprise_user):
    with pytest.raises(LookupError):
        notify([enterprise_user], "listing.vanished", None, "?")


def test_notifications_roll_back_with_the_change_they_report(enterprise_user, demand):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([enterprise_user], "listing.returned", demand, "被退回", "请补充")
        raise RuntimeError("the transition failed")
    assert not Notification.objects.exists()


def test_inbox_lists_unread_first_with_the_note_and_counts_them_in_the_header(
    client, enterprise_user, demand, returned
):
    older = notify([enterprise_user], "listing.approved", demand, "较早的一条")[0]
    services.mark_read(enterprise_user, older)
    client.force_login(enterprise_user)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert html.index(returned.title) < html.index("较早的一条")
    assert "审核意见：请补充技术指标" in html
    assert 'aria-label="1 条未读"' in html
    only_unread = client.get(reverse("notifications:inbox"), {"unread": "1"}).content.decode()
    assert returned.title in only_unread and "较早的一条" not in only_unread


def test_opening_marks_read_and_goes_to_the_record(client, enterprise_user, demand, returned):
    client.force_login(enterprise_user)
    response = client.get(reverse("notifications:open", args=[returned.pk]))
    assert response.status_code == 302 and response["Location"] == f"/demands/{demand.pk}/"
    returned.refresh_from_db()
    assert returned.is_read
    header = client.get(reverse("home")).content.decode()
    assert "条未读" not in header


def test_a_stored_link_never_leads_off_the_site(client, enterprise_user):
    [notification] = notify([enterprise_user], "policy.result", None, "测算结果", url="https://evil.example/")
    client.force_login(enterprise_user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_one_and_mark_all_read(client, enterprise_user, demand, returned):
    second = notify([enterprise_user], "listing.approved", demand, "第二条")[0]
    client.force_login(enterprise_user)
    assert client.get(reverse("notifications:read", args=[returned.pk])).status_code == 405
    client.post(reverse("notifications:read", args=[returned.pk]))
    assert services.unread(enterprise_user).get() == second
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not services.unread(enterprise_user).exists()


def test_nobody_reads_or_marks_another_users_notifications(client, users, returned):
    client.force_login(users[Role.MANAGER])
    assert client.get(reverse("notifications:open", args=[returned.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[returned.pk])).status_code == 404
    client.post(reverse("notifications:read_all"))
    returned.refresh_from_db()
    assert not returned.is_read
    with pytest.raises(PermissionDenied):
        services.mark_read(users[Role.MANAGER], returned)


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
