"""A thread (对话) about one record, its participants with their read receipts, messages and their files."""

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hardtech.catalogue.models import CleanText
from hardtech.core.uploads import extension

BODY_MAX_LENGTH = 5000
NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # the last-read time of someone who has not opened the thread yet


class ThreadQuerySet(models.QuerySet):
    def of(self, user) -> "ThreadQuerySet":
        """The threads the user takes part in, each with `unread`: messages of others since they last read."""
        mine = Participant.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1]
        unread = (
            Message.objects.filter(thread=OuterRef("pk"), created_at__gt=OuterRef("read_up_to"))
            .exclude(author=user)
            .order_by()
            .values("thread")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.filter(participants__user=user)
            .annotate(read_up_to=Coalesce(Subquery(mine), Value(NEVER)))
            .annotate(unread=Coalesce(Subquery(unread), Value(0)))
        )


class Thread(CleanText, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    subject = models.CharField("主题", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    last_message_at = models.DateTimeField("最后留言时间", default=timezone.now, db_index=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "对话"
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    class Reason(models.TextChoices):
        OPENER = "opener", "发起人"
        PARTY = "party", "条目方"
        JOINED = "joined", "加入"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="threads_joined"
    )
    reason = models.CharField("身份", max_length=10, choices=Reason.choices)
    joined_at = models.DateTimeField("加入时间", auto_now_add=True)
    last_read_at = models.DateTimeField("最后阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "对话参与人"
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_participation_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.thread}"


class Message(CleanText, models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="留言人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField("内容", validators=[MaxLengthValidator(BODY_MAX_LENGTH)])
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "留言"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author or '已注销用户'}：{self.body[:40]}"


def attachment_path(instance: "MessageAttachment", filename: str) -> str:
    """A generated name with the extension of the type found in the bytes; the uploader's name is only shown."""
    return timezone.now().strftime(f"messages/%Y/%m/{uuid.uuid4().hex}{extension(instance.content_type)}")


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50, editable=False)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "留言附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
