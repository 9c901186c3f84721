"""Organisation membership: several users per organisation, one of them its administrator (the scoped role
organisation.admin) who invites the others, removes them and can pass the role on.

A user belongs to an organisation through User.organisation (the account's home) or a grant of
organisation.admin / organisation.member on it; both count as belonging for ownership of its records.
"""

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts import grants
from hardtech.accounts.models import MemberInvitation, Role, User, hash_token
from hardtech.accounts.scopes import ORGANISATION_ADMIN, ORGANISATION_MEMBER
from hardtech.catalogue.choices import OrganisationKind
from hardtech.catalogue.models import Organisation

# The global role an invited member gets, by the kind of organisation; the park's own accounts (operators)
# are created by the operator, never through an invitation.
MEMBER_ROLE: dict[str, str] = {
    OrganisationKind.UNIVERSITY: Role.INSTITUTION,
    OrganisationKind.INSTITUTE: Role.INSTITUTION,
    OrganisationKind.NEW_RD: Role.INSTITUTION,
    OrganisationKind.KEY_LAB: Role.INSTITUTION,
    OrganisationKind.ENTERPRISE: Role.ENTERPRISE,
    OrganisationKind.INCUBATOR: Role.ENTERPRISE,
    OrganisationKind.INVESTOR: Role.ENTERPRISE,
    OrganisationKind.SERVICE: Role.ENTERPRISE,
}


class MembershipError(Exception):
    """A refused membership change; the message is shown to the user."""


def organisation_ids(user) -> set[int]:
    """The organisations the user belongs to: its own and those it administers or is a member of."""
    if not user.is_authenticated:
        return set()
    ids = grants.granted_ids(user, ORGANISATION_ADMIN, Organisation) | grants.granted_ids(
        user, ORGANISATION_MEMBER, Organisation
    )
    if user.organisation_id is not None:
        ids.add(user.organisation_id)
    return ids


def is_admin(user, org: Organisation) -> bool:
    return grants.has_grant(user, ORGANISATION_ADMIN, org)


def administered(user) -> list[Organisation]:
    """The organisations the user administers, by name."""
    ids = grants.granted_ids(user, ORGANISATION_ADMIN, Organisation)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name_sort", "name")) if ids else []


def belongs_to(org: Organisation) -> Q:
    """A filter of users: those who belong to the organisation."""
    granted = grants.grants_on(org, [ORGANISATION_ADMIN, ORGANISATION_MEMBER]).values("user_id")
    return Q(organisation=org) | Q(pk__in=granted)


def members(org: Organisation):
    """Every active user who belongs to the organisation."""
    return User.objects.filter(belongs_to(org), is_active=True).order_by("username")


def invite(org: Organisation, by: User, email: str = "") -> tuple[MemberInvitation, str]:
    """A one-time invitation link to join `org`; e-mailed when an address is given. Returns it and its key
    (shown once: only the hash is stored)."""
    if org.kind not in MEMBER_ROLE:
        raise MembershipError(f"“{org.get_kind_display()}”类机构的账号由园区运营方创建，不能邀请加入")
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = MemberInvitation.objects.create(
            organisation=org, email=email, digest=hash_token(key), invited_by=by
        )
        if email:
            link = settings.SITE_URL.rstrip("/") + reverse("member_join", args=[key])
            message = (
                f"{by}邀请您加入“{org.name}”，成为其在硬科技创新服务平台上的成员。\n\n"
                f"请在 {invitation.expires_at:%Y-%m-%d %H:%M} 前打开以下链接，设置用户名和密码：\n{link}\n\n"
                "链接只能使用一次。如您不认识邀请人，请忽略本邮件。"
            )
            transaction.on_commit(
                lambda: send_mail(f"邀请您加入“{org.name}”", message, None, [email], fail_silently=False)
            )
    return invitation, key


def open_invitation(key: str) -> MemberInvitation | None:
    """The invitation this key opens, if it can still be accepted."""
    found = MemberInvitation.objects.select_related("organisation").filter(digest=hash_token(key)).first()
    return found if found is not None and found.is_open else None


def accept(invitation: MemberInvitation, username: str, password: str, display_name: str = "") -> User:
    """Create the invitee's account as a member of the invitation's organisation. The password must pass
    Django's validators (ValidationError otherwise); the invitation is used up."""
    org = invitation.organisation
    user = User(
        username=username,
        display_name=display_name,
        email=invitation.email,
        role=MEMBER_ROLE[org.kind],
        organisation=org,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        # Locked and re-checked, so two people opening the same link make one account.
        locked = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise MembershipError("该邀请链接已被使用或已过期，请向机构管理员索取新的邀请")
        if User.objects.filter(username__iexact=username).exists():
            raise MembershipError(f"用户名“{username}”已被使用，请换一个")
        user.save()
        grants.grant(user, ORGANISATION_MEMBER, org, by=invitation.invited_by)
        locked.accepted_by, locked.accepted_at = user, timezone.now()
        locked.save()
    return user


def remove(org: Organisation, user: User, by: User) -> None:
    """Take `user` out of the organisation: its grants there go, and it is no longer the account's home.
    The admin hands the role over before leaving."""
    if user.pk == by.pk and is_admin(user, org):
        raise MembershipError("您是本机构的管理员，请先将管理员移交给其他成员再退出")
    with transaction.atomic():
        for held in grants.grants_on(org).filter(user=user):
            grants.revoke(held)
        if user.organisation_id == org.pk:
            user.organisation = None
            user.save()


def hand_over(org: Organisation, admin: User, successor: User) -> None:
    """Pass the organisation's admin role from `admin` to `successor` (a member); `admin` stays a member."""
    if successor.pk == admin.pk:
        raise MembershipError("不能移交给自己")
    if not members(org).filter(pk=successor.pk).exists():
        raise MembershipError(f"“{successor}”不是本机构成员，只能移交给本机构成员")
    with transaction.atomic():
        grants.grant(successor, ORGANISATION_ADMIN, org, by=admin)
        grants.revoke_role(admin, ORGANISATION_ADMIN, org)
        if admin.organisation_id != org.pk:
            grants.grant(admin, ORGANISATION_MEMBER, org, by=admin)
