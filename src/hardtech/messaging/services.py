"""Every write of the messaging app, each in one transaction with its audit entries: start a thread, post a
message with attachments, join a thread, mark it read. A new message notifies the other participants."""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.catalogue.models import validate_attachment
from hardtech.core.uploads import display_name, sniff_file
from hardtech.messaging import permissions, records
from hardtech.messaging.models import Message, MessageAttachment, Participant, Thread
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

MESSAGE_RECEIVED = register_kind("message.received", "收到新留言", Delivery.EMAIL, "您参与的对话中有人留言")


def thread_url(thread: Thread) -> str:
    return reverse("messaging:thread", args=[thread.pk])


def _check_files(files: Sequence[UploadedFile]) -> None:
    limit = settings.ATTACHMENT_MAX_COUNT
    if len(files) > limit:
        raise ValidationError({"attachments": [f"每条留言最多 {limit} 个附件，本次上传了 {len(files)} 个"]})
    errors = []
    for upload in files:
        try:
            validate_attachment(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})


def _add_parties(thread: Thread, record: records.Record) -> None:
    """The record's parties take part (also those who got an account since the thread began). A members'
    thread follows its record's members: newcomers are added, those who left are taken off."""
    present = set(thread.participants.values_list("user_id", flat=True))
    for user in records.parties(record):
        if user.pk not in present:
            # get_or_create: two messages posted at once may both find the newcomer missing.
            Participant.objects.get_or_create(
                thread=thread, user=user, defaults={"reason": Participant.Reason.PARTY}
            )
    if records.kind_for(record).members_only:
        for participant in thread.participants.select_related("user"):
            if not permissions.is_member(participant.user, record):
                participant.delete()


def thread_about(record: records.Record) -> Thread | None:
    """The members' thread of a record (a deal's), if it has begun."""
    return (
        Thread.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
        .order_by("pk")
        .first()
    )


def _post(author: User, thread: Thread, body: str, files: Sequence[UploadedFile]) -> Message:
    if not body.strip():
        raise ValidationError({"body": ["请填写留言内容"]})
    message = Message(thread=thread, author=author, body=body.strip())
    message.full_clean()
    _check_files(files)
    message.save()
    for upload in files:
        # Stored under a generated name with the type found in its bytes; the uploader's name is only shown.
        MessageAttachment.objects.create(
            message=message,
            file=upload,
            name=display_name(upload.name),
            content_type=sniff_file(upload),
            size=upload.size,
        )
    # Bookkeeping, not changes worth a trail entry: update() skips the audit signals.
    Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(thread=thread, user=author).update(last_read_at=message.created_at)
    others = User.objects.filter(threads_joined__thread=thread).exclude(pk=author.pk)
    notifications.notify(
        others,
        MESSAGE_RECEIVED.code,
        thread,
        title=f"{author} 在“{thread.subject}”中留言",
        body=message.body[:200],
        url=thread_url(thread),
        actor=author,
    )
    return message


def start_thread(
    user: User, record: records.Record, body: str, subject: str = "", files: Sequence[UploadedFile] = ()
) -> Thread:
    """Open a thread about the record with its first message; the record's parties join it. A record with a
    members' thread has one: a second start posts into it."""
    if not permissions.can_start_thread(user, record):
        raise PermissionDenied("不能就此条目发起留言")
    subject = " ".join(subject.split()) or f"关于“{records.title_of(record)}”"
    members_only = records.kind_for(record).members_only
    with transaction.atomic():
        if members_only:
            # One thread per record: the record's row is locked so that two first messages make one thread.
            type(record).objects.select_for_update().filter(pk=record.pk).first()
            if (existing := thread_about(record)) is not None:
                _join_as_member(user, existing)
                _add_parties(existing, record)
                _post(user, existing, body, files)
                return existing
        thread = Thread(record=record, subject=subject[:200], created_by=user)
        thread.full_clean()
        thread.save()
        Participant.objects.create(thread=thread, user=user, reason=Participant.Reason.OPENER)
        _add_parties(thread, record)
        _post(user, thread, body, files)
    return thread


def _join_as_member(user: User, thread: Thread) -> None:
    """A member of a members' thread's record takes part as soon as they read or write."""
    if thread.record is not None and permissions.is_member(user, thread.record):
        Participant.objects.get_or_create(
            thread=thread, user=user, defaults={"reason": Participant.Reason.PARTY}
        )


def post_message(user: User, thread: Thread, body: str, files: Sequence[UploadedFile] = ()) -> Message:
    if not permissions.can_post(user, thread):
        raise PermissionDenied("只有对话参与人可以留言")
    with transaction.atomic():
        if thread.record is not None:
            _join_as_member(user, thread)
            _add_parties(thread, thread.record)
        return _post(user, thread, body, files)


def join_thread(user: User, thread: Thread) -> Participant:
    if not permissions.can_join(user, thread):
        raise PermissionDenied("只有技术经理人和管委会可以加入他人的对话")
    with transaction.atomic():
        return Participant.objects.create(thread=thread, user=user, reason=Participant.Reason.JOINED)


def mark_read(user: User, thread: Thread) -> None:
    """The user has read the thread up to now (the read receipt others see); its notifications are read too."""
    with transaction.atomic():
        _join_as_member(user, thread)
        Participant.objects.filter(thread=thread, user=user).update(last_read_at=timezone.now())
        notifications.mark_read_about(user, thread)
