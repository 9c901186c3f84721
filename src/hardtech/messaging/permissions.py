"""Who may do what with threads — one table for the pages and the API.

Threads about a listing: only participants read a thread and write in it. Anyone signed in who may see a
record and does not answer for it may open a thread about it; its owners (or, when it has none on the
platform, the technology managers) are added as the other party. Technology managers and the operator broker
deals: they see which threads a record has and may join one, which the others then see in its participant list.

Members' threads (a kind registered with `members=`, such as a deal's): the record's members — and only they,
as they stand now — read and write its one thread; nobody joins from outside, and someone who left (a
specialist taken off a deal's team) no longer reads it.
"""

from hardtech.accounts.models import Role
from hardtech.catalogue import permissions
from hardtech.catalogue.permissions import AnyUser
from hardtech.messaging import records
from hardtech.messaging.models import MessageAttachment, Participant, Thread
from hardtech.messaging.records import Record

BROKERS = (Role.OPERATOR, Role.MANAGER)


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def _kind(record: Record | None) -> records.Kind | None:
    if record is None:
        return None
    try:
        return records.kind_for(record)
    except LookupError:
        return None


def is_member(user: AnyUser, record: Record) -> bool:
    """May the user take part in the record's members' thread (False for other kinds)."""
    kind = _kind(record)
    return kind is not None and kind.members_only and _active(user) and kind.members(user, record)


def is_participant(user: AnyUser, thread: Thread) -> bool:
    return _active(user) and Participant.objects.filter(thread=thread, user=user).exists()


def can_start_thread(user: AnyUser, record: Record) -> bool:
    kind = _kind(record)
    if kind is None or not _active(user):
        return False
    if kind.members_only:
        return is_member(user, record)
    return kind.can_view(user, record) and not permissions.owns(user, record)


def can_view_thread(user: AnyUser, thread: Thread) -> bool:
    kind = _kind(thread.record) if thread.object_id else None
    if kind is not None and kind.members_only:
        return is_member(user, thread.record)
    return is_participant(user, thread)


def can_post(user: AnyUser, thread: Thread) -> bool:
    return can_view_thread(user, thread)


def can_list_threads_of(user: AnyUser, record: Record) -> bool:
    """See the subjects of every thread about a record (to join one): the brokers, on listings."""
    kind = _kind(record)
    if kind is None or kind.members_only:
        return False
    return _active(user) and permissions.role_of(user) in BROKERS and kind.can_view(user, record)


def can_join(user: AnyUser, thread: Thread) -> bool:
    record = thread.record
    return (
        record is not None
        and can_list_threads_of(user, record)
        and not Participant.objects.filter(thread=thread, user=user).exists()
    )


def can_download(user: AnyUser, attachment: MessageAttachment) -> bool:
    return can_view_thread(user, attachment.message.thread)
