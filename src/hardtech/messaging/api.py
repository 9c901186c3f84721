"""/api/threads: the caller's threads, starting one about a record, reading one (which marks it read), posting
and joining. Attachments are uploaded on the web page; the API lists them with their download addresses."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Status

from hardtech.accounts.models import User
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless, paginate
from hardtech.core.api.schemas import ErrorOut, Id, PageParams
from hardtech.messaging import permissions, present, records, services
from hardtech.messaging.models import Thread
from hardtech.messaging.schemas import (
    MessageCreate,
    MessageOut,
    ThreadCreate,
    ThreadDetailOut,
    ThreadPage,
)

router = Router(tags=["留言"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _summary(thread: Thread) -> dict:
    return {
        "id": thread.pk,
        "subject": thread.subject,
        "record": vars(present.record_ref(thread)),
        "created_at": thread.created_at,
        "last_message_at": thread.last_message_at,
        "unread": thread.unread,
    }


def _entry(entry: present.Entry) -> dict:
    message = entry.message
    return {
        "id": message.pk,
        "author_id": message.author_id,
        "author": entry.author.name if entry.author else None,
        "body": message.body,
        "created_at": message.created_at,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("messaging:attachment", args=[a.pk]),
            }
            for a in entry.attachments
        ],
        "read_by": [p.user_id for p in entry.read_by],
        "receipt": entry.receipt,
    }


def _detail(user: User, pk: int) -> dict:
    thread = Thread.objects.of(user).get(pk=pk)
    conversation = present.conversation(thread, user)
    return {
        **_summary(thread),
        "participants": [vars(p) for p in conversation.parties],
        "messages": [_entry(e) for e in conversation.entries],
    }


def _readable(user: User, pk: int) -> Thread:
    thread = get_object_or_404(Thread, pk=pk)
    if not permissions.can_view_thread(user, thread):
        raise Http404  # a thread one may not read looks the same as a missing one
    return thread


@router.get("", auth=token_auth, response={200: ThreadPage, 401: ErrorOut}, summary="我的对话")
def list_threads(request: HttpRequest, page: Query[PageParams]) -> dict:
    result = paginate(
        Thread.objects.of(caller(request)).select_related("content_type").prefetch_related("record"), page
    )
    return {**result, "items": [_summary(t) for t in result["items"]]}


@router.post(
    "",
    auth=token_auth,
    response={201: ThreadDetailOut, **ERRORS},
    summary="就某条目（科技成果、技术需求、技术转移项目）发起对话",
)
def create_thread(request: HttpRequest, payload: ThreadCreate):
    user = caller(request)
    about = records.kind_named(payload.record_kind)
    record = about.model.objects.filter(pk=payload.record_id).first() if about else None
    if record is None or not about.can_view(user, record):
        raise Http404  # invisible and missing look the same
    forbid_unless(
        permissions.can_start_thread(user, record), "不能就此条目发起留言（例如这是您单位自己的条目）"
    )
    thread = services.start_thread(user, record, payload.body, payload.subject)
    return Status(201, _detail(user, thread.pk))


@router.get(
    "/{thread_id}",
    auth=token_auth,
    response={200: ThreadDetailOut, **ERRORS},
    summary="查看对话（并标记已读）",
)
def get_thread(request: HttpRequest, thread_id: Id) -> dict:
    user = caller(request)
    thread = _readable(user, thread_id)
    services.mark_read(user, thread)
    return _detail(user, thread.pk)


@router.post(
    "/{thread_id}/messages", auth=token_auth, response={201: MessageOut, **ERRORS}, summary="在对话中留言"
)
def post_message(request: HttpRequest, payload: MessageCreate, thread_id: Id):
    user = caller(request)
    message = services.post_message(user, _readable(user, thread_id), payload.body)
    conversation = present.conversation(Thread.objects.get(pk=thread_id), user)
    entry = next(e for e in conversation.entries if e.message.pk == message.pk)
    return Status(201, _entry(entry))


@router.post(
    "/{thread_id}/join",
    auth=token_auth,
    response={200: ThreadDetailOut, **ERRORS},
    summary="加入对话（技术经理人、管委会）",
)
def join_thread(request: HttpRequest, thread_id: Id) -> dict:
    user = caller(request)
    thread = get_object_or_404(Thread, pk=thread_id)
    if not permissions.can_view_thread(user, thread):
        if not permissions.can_join(user, thread):
            raise Http404  # only brokers learn that a thread exists
        services.join_thread(user, thread)
    return _detail(user, thread.pk)
