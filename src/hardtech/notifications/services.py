"""Every write of the notifications app: notify, mark read, delivery preferences, daily digests.

A domain calls notify() inside the transaction of the change it reports; the notifications are part of that
transaction, and their e-mails leave only after it commits (a rolled-back change e-mails nobody).
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.notifications import mail, permissions
from hardtech.notifications.kinds import Delivery, Kind, all_kinds, get_kind
from hardtech.notifications.models import DeliveryPreference, Notification


def _recipients(users: Iterable[User | None], actor: User | None) -> list[User]:
    """Each active user once, leaving out whoever caused the event (nobody is told of their own action)."""
    seen: set[int] = set()
    result = []
    for user in users:
        if (
            user is None
            or user.pk in seen
            or not user.is_active
            or (actor is not None and user.pk == actor.pk)
        ):
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def deliveries(users: list[User], kind: Kind) -> dict[int, Delivery]:
    """Each user's delivery for this kind: their choice, else the kind's default; inbox only without an
    e-mail address."""
    chosen = dict(
        DeliveryPreference.objects.filter(user__in=users, kind=kind.code).values_list("user_id", "delivery")
    )
    return {u.pk: Delivery(chosen.get(u.pk, kind.default)) if u.email else Delivery.INBOX for u in users}


def notify(
    recipients: Iterable[User | None],
    kind: str,
    record: models.Model | None = None,
    title: str = "",
    body: str = "",
    url: str = "",
    actor: User | None = None,
) -> list[Notification]:
    """Write one notification of the declared `kind` per recipient, linking to `record` (shown at `url`), and
    e-mail those who chose e-mail once the surrounding transaction commits."""
    spec = get_kind(kind)
    if not title.strip():
        raise ValueError("a notification needs a title")
    targets = _recipients(recipients, actor)
    if not targets:
        return []
    chosen = deliveries(targets, spec)
    content_type = ContentType.objects.get_for_model(record) if record is not None else None
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=spec.code,
                title=title.strip()[:200],
                body=body.strip(),
                content_type=content_type,
                object_id=record.pk if record is not None else None,
                url=url[:500],
                actor=actor,
                delivery=chosen[user.pk],
            )
            for user in targets
        )
        immediate = [n.pk for n in created if n.delivery == Delivery.EMAIL]
        if immediate:
            transaction.on_commit(functools.partial(mail.send_notifications, immediate), robust=True)
    return created


def unread(user: User):
    return Notification.objects.filter(recipient=user, read_at=None)


def mark_read(user: User, notification: Notification) -> Notification:
    if not permissions.can_read(user, notification):
        raise PermissionDenied("只能处理自己的站内信")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=notification.read_at)
    return notification


def mark_all_read(user: User) -> int:
    return unread(user).update(read_at=timezone.now())


def mark_read_about(user: User, record: models.Model) -> int:
    """The user has seen this record (a message thread, say): its notifications are read too."""
    content_type = ContentType.objects.get_for_model(record)
    return unread(user).filter(content_type=content_type, object_id=record.pk).update(read_at=timezone.now())


@dataclass(frozen=True)
class Preference:
    kind: Kind
    delivery: Delivery


def preferences(user: User) -> list[Preference]:
    chosen = dict(DeliveryPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [Preference(k, Delivery(chosen.get(k.code, k.default))) for k in all_kinds()]


def set_preferences(user: User, choices: dict[str, str], email: str | None = None) -> list[Preference]:
    """Set the user's delivery for the given kinds (others keep theirs) and, unless `email` is None, the
    address e-mails go to ("" removes it); all or nothing."""
    errors: dict[str, list[str]] = {}
    for code, delivery in choices.items():
        try:
            get_kind(code)
        except LookupError:
            errors[code] = [f"未知的事件类型：{code}"]
            continue
        if delivery not in Delivery.values:
            errors[code] = [f"送达方式应为 {'、'.join(Delivery.values)} 之一"]
    email = email.strip() if email is not None else None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["请输入有效的邮箱地址"]
    if errors:
        raise ValidationError(errors)
    current = {p.kind.code: p.delivery for p in preferences(user)}
    with transaction.atomic():
        for code, delivery in choices.items():
            if current[code] != delivery:
                DeliveryPreference.objects.update_or_create(
                    user=user, kind=code, defaults={"delivery": delivery}
                )
        if email is not None and email != user.email:
            user.email = email
            user.save(update_fields=["email"])
    return preferences(user)


@dataclass(frozen=True)
class DigestReport:
    emails: int
    notifications: int
    failed: int


def send_digests() -> DigestReport:
    """One e-mail per user with every notification waiting for their daily digest; those sent are marked, so
    a second run the same day sends nothing and a failed one is retried next time."""
    pending = Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at=None)
    users = User.objects.filter(pk__in=pending.values("recipient"), is_active=True).exclude(email="")
    emails = sent = failed = 0
    for user in users.order_by("pk"):
        items = list(pending.filter(recipient=user).order_by("created_at", "id"))
        if not mail.send_digest(user, items):
            failed += 1
            continue
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        emails += 1
        sent += len(items)
    return DigestReport(emails, sent, failed)
