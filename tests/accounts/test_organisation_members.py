"""Several users per organisation: its admin invites others by a one-time link (e-mailed when an address is
given), the invitee sets a password Django's validators accept and joins as a member who owns the organisation's
records; the admin lists, removes and hands the admin role on."""

import re

import pytest
from django.core import mail

from hardtech.accounts import grants, membership, scopes
from hardtech.accounts.models import MemberInvitation, Role, User
from hardtech.catalogue import permissions


@pytest.fixture
def admin(users, enterprise) -> User:
    user = users[Role.ENTERPRISE]
    grants.grant(user, scopes.ORGANISATION_ADMIN, enterprise, by=users[Role.OPERATOR])
    return user


def invite_link(client, org, email: str = "") -> str:
    page = client.post(f"/account/organisation/{org.pk}/invite/", {"email": email}).content.decode()
    return re.search(r"http://testserver(/account/join/[^<\s]+/)", page).group(1)


def test_an_invitee_joins_as_a_member_and_owns_the_organisations_demands(
    client, admin, enterprise, demand, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves once the invitation is saved
        link = invite_link(client, enterprise, "new@example.com")
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body and enterprise.name in mail.outbox[0].subject
    client.logout()

    assert "加入“秦创测试科技有限公司”" in client.get(link).content.decode()
    weak = client.post(link, {"username": "xiaoli", "password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200 and not User.objects.filter(username="xiaoli").exists()
    good = {
        "username": "xiaoli",
        "display_name": "小李",
        "password1": "qinchuang-2026!",
        "password2": "qinchuang-2026!",
    }
    assert client.post(link, good).status_code == 302
    member = User.objects.get(username="xiaoli")
    assert (
        member.role == Role.ENTERPRISE
        and member.organisation == enterprise
        and member.email == "new@example.com"
    )
    assert member.check_password("qinchuang-2026!")
    assert permissions.can_edit(member, demand)

    # One time only.
    assert client.get(link).status_code == 404
    assert client.post(link, good | {"username": "xiaowang"}).status_code == 404
    assert MemberInvitation.objects.get().accepted_by == member


def test_members_see_each_other_but_only_the_admin_manages(client, users, admin, enterprise):
    member = User.objects.create_user("colleague", password="pass-1234", role=Role.ENTERPRISE)
    grants.grant(member, scopes.ORGANISATION_MEMBER, enterprise, by=admin)
    client.force_login(member)
    page = client.get(f"/account/organisation/{enterprise.pk}/").content.decode()
    assert "enterprise" in page and "colleague" in page and "邀请成员" not in page
    assert client.post(f"/account/organisation/{enterprise.pk}/invite/", {}).status_code == 403
    assert client.post(f"/account/organisation/{enterprise.pk}/members/{admin.pk}/remove/").status_code == 403
    client.force_login(users[Role.MANAGER])  # not a member
    assert client.get(f"/account/organisation/{enterprise.pk}/").status_code == 403
    client.force_login(admin)
    assert "邀请成员" in client.get(f"/account/organisation/{enterprise.pk}/").content.decode()


def test_the_admin_removes_a_member_who_then_owns_nothing(client, admin, enterprise, demand):
    member = User.objects.create_user(
        "colleague", password="pass-1234", role=Role.ENTERPRISE, organisation=enterprise
    )
    client.force_login(admin)
    assert (
        client.post(f"/account/organisation/{enterprise.pk}/members/{member.pk}/remove/").status_code == 302
    )
    member.refresh_from_db()
    assert member.organisation is None and not permissions.can_edit(member, demand)
    assert not membership.members(enterprise).filter(pk=member.pk).exists()


def test_the_admin_hands_over_and_stays_a_member(client, admin, enterprise):
    member = User.objects.create_user(
        "colleague", password="pass-1234", role=Role.ENTERPRISE, organisation=enterprise
    )
    client.force_login(admin)
    # The admin cannot leave without a successor.
    client.post(f"/account/organisation/{enterprise.pk}/members/{admin.pk}/remove/")
    assert membership.is_admin(User.objects.get(pk=admin.pk), enterprise)
    assert (
        client.post(f"/account/organisation/{enterprise.pk}/hand-over/", {"successor": member.pk}).status_code
        == 302
    )
    assert membership.is_admin(User.objects.get(pk=member.pk), enterprise)
    former = User.objects.get(pk=admin.pk)
    assert not membership.is_admin(former, enterprise) and enterprise.pk in membership.organisation_ids(
        former
    )
    assert client.post(f"/account/organisation/{enterprise.pk}/invite/", {}).status_code == 403


def test_a_park_takes_no_invitations(client, users):
    from hardtech.catalogue.models import Organisation

    park = Organisation.objects.create(name="测试园区", kind="park")
    client.force_login(users[Role.OPERATOR])
    response = client.post(f"/account/organisation/{park.pk}/invite/", {})
    assert response.status_code == 400 and "园区运营方创建" in response.content.decode()


def test_the_demo_organisations_have_admins(db):
    from django.core.management import call_command

    from hardtech.policies.permissions import PROFILE_READER, can_view_profile

    call_command("demo", verbosity=0)
    xinxin = User.objects.get(username="demo-xinxin")
    assert membership.is_admin(xinxin, xinxin.organisation)
    manager = User.objects.get(username="demo-manager")
    assert grants.has_grant(manager, PROFILE_READER, xinxin.organisation)
    assert can_view_profile(manager, xinxin.organisation)
    assert not can_view_profile(manager, User.objects.get(username="demo-kangtai").organisation)
