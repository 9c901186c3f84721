"""E-mail for notifications through Django's e-mail backend (files under DATA_DIR/mail on the embedded default,
SMTP when EMAIL_BACKEND says so): one message per notification for "站内信 + 邮件", one digest a day per user
for "每日摘要".

Sending never raises: a failure is logged and the notification stays unsent (emailed_at empty), and the inbox
has it either way.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.notifications.models import Notification

log = logging.getLogger(__name__)
PLATFORM = "硬科技创新服务平台"


def absolute(url: str) -> str:
    """A link that works from a mail client: the site's address before a path of the site."""
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _send(user: User, subject: str, template: str, context: dict) -> bool:
    body = render_to_string(
        template,
        {
            **context,
            "user": user,
            "platform": PLATFORM,
            "preferences_link": absolute(reverse("notifications:preferences")),
        },
    )
    # A header may not hold a line break; titles are one line, but a record's title is the user's text.
    subject = " ".join(f"【{PLATFORM}】{subject}".split())
    try:
        EmailMessage(subject, body, to=[user.email]).send()
    except Exception:
        log.exception("notification e-mail to user %s failed", user.pk)
        return False
    return True


def send_notifications(ids: list[int]) -> int:
    """E-mail these notifications, one message each (run after the transaction that wrote them commits)."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, emailed_at=None).select_related("recipient"):
        context = {"n": notification, "link": absolute(notification.url)}
        if _send(notification.recipient, notification.title, "notifications/email/notification.txt", context):
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def send_digest(user: User, notifications: list[Notification]) -> bool:
    items = [(n, absolute(n.url)) for n in notifications]
    subject = f"今日摘要：{len(items)} 条新通知"
    return _send(user, subject, "notifications/email/digest.txt", {"items": items})
