"""A notification (站内信) in a user's inbox, and each user's delivery choice per event kind."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from hardtech.notifications.kinds import Delivery, label_of


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("事件类型", max_length=50)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    # The record the event is about, and the page that shows it (stored: the link works without the record's
    # app knowing how to draw a URL for it).
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    url = models.CharField("链接", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="触发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How it was delivered: the recipient's choice when it was written (inbox only when there is no address).
    delivery = models.CharField("送达方式", max_length=10, choices=Delivery.choices, default=Delivery.INBOX)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内信"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}：{self.title}"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryPreference(models.Model):
    """A user's choice for one event kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="delivery_preferences",
    )
    kind = models.CharField("事件类型", max_length=50)
    delivery = models.CharField("送达方式", max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知设置"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_delivery_per_user_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {label_of(self.kind)}：{self.get_delivery_display()}"
