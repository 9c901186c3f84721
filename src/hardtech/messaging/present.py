"""A thread as one viewer sees it: the parties (names, organisations and roles only — never an account's phone
or e-mail), the messages, and on the viewer's own messages whether the others have read them."""

from dataclasses import dataclass, field
from datetime import datetime

from hardtech.accounts.models import User
from hardtech.messaging import records
from hardtech.messaging.models import Message, MessageAttachment, Participant, Thread


@dataclass(frozen=True)
class Party:
    user_id: int
    name: str
    organisation: str
    role: str
    role_label: str
    reason: str
    reason_label: str
    last_read_at: datetime | None


def party(participant: Participant) -> Party:
    user: User = participant.user
    return Party(
        user_id=user.pk,
        name=str(user),
        organisation=user.organisation.name if user.organisation_id else "",
        role=user.role,
        role_label=user.role_label,
        reason=participant.reason,
        reason_label=participant.get_reason_display(),
        last_read_at=participant.last_read_at,
    )


@dataclass
class Entry:
    message: Message
    author: Party | None
    mine: bool
    attachments: list[MessageAttachment]
    read_by: list[Party] = field(default_factory=list)
    receipt: str = ""  # on the viewer's own messages: 已读, 1/2 人已读, 未读


@dataclass
class RecordRef:
    kind: str
    kind_label: str
    id: int
    title: str
    url: str


@dataclass
class Conversation:
    thread: Thread
    record: RecordRef
    parties: list[Party]
    entries: list[Entry]


def record_ref(thread: Thread) -> RecordRef:
    record = thread.record
    if record is None:
        model = thread.content_type.model
        return RecordRef(model, records.LABELS.get(model, ""), thread.object_id, "（条目已删除）", "")
    kind = records.kind_for(record)
    return RecordRef(kind.slug, kind.label, record.pk, kind.title(record), kind.page(record))


def _receipt(readers: int, others: int) -> str:
    if not others:
        return ""
    if readers == others:
        return "已读"
    return f"{readers}/{others} 人已读" if readers else "未读"


def conversation(thread: Thread, viewer: User) -> Conversation:
    parties = [party(p) for p in thread.participants.select_related("user__organisation")]
    by_user = {p.user_id: p for p in parties}
    entries = []
    for message in thread.messages.prefetch_related("attachments"):
        entry = Entry(
            message=message,
            author=by_user.get(message.author_id),
            mine=message.author_id == viewer.pk,
            attachments=list(message.attachments.all()),
        )
        others = [p for p in parties if p.user_id != message.author_id]
        entry.read_by = [p for p in others if p.last_read_at and p.last_read_at >= message.created_at]
        if entry.mine:
            entry.receipt = _receipt(len(entry.read_by), len(others))
        entries.append(entry)
    return Conversation(thread, record_ref(thread), parties, entries)
