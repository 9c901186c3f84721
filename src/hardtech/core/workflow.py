"""Declared workflows (流程): a record's states and the transitions between them, written as data, and the one
function that runs a transition.

A domain declares its workflow in `<domain>/workflow.py`:

    REVIEW = Workflow(
        "listing", "审核",
        states=(State("draft", "草稿"), State("pending", "待审核"), …),
        transitions=(
            Transition("approve", "通过并发布", ("pending",), "published", who=may_review,
                       note=Note.OPTIONAL, stamp="published_at",
                       notices=(Notice(LISTING_APPROVED, owners, "“{obj}”已通过审核"),)),
            …
        ),
    )

and everything else reads that declaration: `run()` takes a step (web views, API endpoints, the admin, the
console), `available()` lists the steps a user may take now (the buttons a page draws), `add_routes()` puts
them on the API as POST /{id}/{transition}, and `describe()` writes the workflow out for the documentation.

`run()` locks the row, checks who may (PermissionDenied → 403), the note (ValidationError → 422) and the state
(WrongState → 409), writes the new state, the transition's timestamp, the note and what its effect changes —
only those fields, so an edit of the record's content made meanwhile survives — and, in the same transaction,
its audit entry (the audit app records the save; the transition's name is added to that entry) and its
notifications (hardtech.notifications.services.notify: written with the change, e-mailed after the commit, so
a rolled-back step notifies nobody).

Why not django-fsm-2 or viewflow.fsm: both declare transitions as decorated model methods (source, target,
permission, conditions) and leave the rest to each method — the row lock and transaction, the note, the
timestamp, the audit entry, the notifications, the buttons and the API. Here those are the point, and they are
the same for every domain, so a transition is a record of data that one function runs; a library would add a
dependency and a second place where a workflow is written. A state may also be derived rather than stored
(`Workflow.state_of`): a published listing with a revision waiting for review is "修改待审核" while its
stored status stays "已发布", which a state field alone cannot say.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from hardtech.audit.models import AuditEntry
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, refusals
from hardtech.core.api.schemas import ErrorOut
from hardtech.notifications.kinds import Kind
from hardtech.notifications.services import notify

Predicate = Callable[[Any, models.Model], bool]  # (user, record) → may the user take this step?


class WrongState(Exception):
    """The record's current state does not allow this transition (a 409 on the API)."""


class Note(Enum):
    NONE = "none"  # the transition takes no note and leaves the stored one as it is
    OPTIONAL = "optional"  # the note is stored (empty if none was given)
    REQUIRED = "required"  # refused without a note


@dataclass(frozen=True)
class State:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Notice:
    """A notification a transition sends: the event kind (declared in the notifications app), to whom (a
    function of the record), the title and the body. Title and body are format strings over `obj` (the
    record) and `note`; the body is sent only when the transition carries a note."""

    kind: Kind
    to: Callable[[models.Model], Iterable[Any]]
    title: str
    body: str = "{note}"


@dataclass
class Step:
    """What an effect function is given: who takes the step, the note, and the transition."""

    user: Any
    note: str
    transition: "Transition"
    data: Mapping[str, Any] = field(default_factory=dict)  # what else the step was given (e.g. a reason code)


@dataclass(frozen=True)
class Transition:
    name: str  # also the API path segment: POST /{id}/{name}
    label: str  # the button
    sources: tuple[str, ...]
    target: str
    who: Predicate
    note: Note = Note.NONE
    stamp: str | None = None  # a date-time field set to now
    notices: tuple[Notice, ...] = ()
    # Further changes, made on the locked row before it is saved; returns the names of the fields it set.
    effect: Callable[[models.Model, Step], Iterable[str]] | None = None
    denied: str = ""  # the refusal when the user may not (default: 无权{label})
    refused: str = ""  # the refusal in a wrong state, {state} the current state's label
    style: str = "button"  # the button's CSS classes
    confirm: str = ""  # asked before the step is taken ({obj} the record)
    done: str = ""  # said after it (default: 已{label})

    @property
    def done_text(self) -> str:
        return self.done or f"已{self.label}"

    @property
    def who_text(self) -> str:
        """Who may, for the documentation: the first line of the predicate's docstring."""
        return (self.who.__doc__ or self.who.__name__).strip().splitlines()[0]


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    field: str = "status"  # the stored state
    note_field: str | None = None  # where a transition's note is stored
    version_field: str | None = None  # raised by one on every step (optimistic locking of edits)
    # The state a record is in, when not just its stored field (a derived state, see the module docstring).
    state_of: Callable[[models.Model], str] | None = None
    page: Callable[[models.Model], str] | None = None  # the record's page, linked from notifications

    def __post_init__(self) -> None:
        codes = {s.code for s in self.states}
        for t in self.transitions:
            if unknown := (set(t.sources) | {t.target}) - codes:
                raise ValueError(f"workflow {self.name}: transition {t.name} names unknown states {unknown}")
        if len({t.name for t in self.transitions}) != len(self.transitions):
            raise ValueError(f"workflow {self.name}: two transitions share a name")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise LookupError(f"workflow {self.name} has no transition {name!r}")

    def state(self, obj: models.Model) -> str:
        return self.state_of(obj) if self.state_of else getattr(obj, self.field)

    def state_label(self, code: str) -> str:
        return next((s.label for s in self.states if s.code == code), code)


def available(workflow: Workflow, user: Any, obj: models.Model) -> list[Transition]:
    """The transitions the user may take on the record now, in declaration order (the buttons to draw)."""
    state = workflow.state(obj)
    return [t for t in workflow.transitions if state in t.sources and t.who(user, obj)]


def run(
    workflow: Workflow,
    name: str,
    user: Any,
    obj: models.Model,
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> models.Model:
    """Take the transition `name` on the record as `user`; returns the record as saved. `data` is passed to the
    transition's effect (what a step needs beyond its note, such as a reason chosen from a list)."""
    t = workflow.transition(name)
    note = (note or "").strip()
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if not t.who(user, current):
            raise PermissionDenied(t.denied or f"无权{t.label}")
        if t.note is Note.REQUIRED and not note:
            message = f"{t.label}时请填写{_note_label(workflow, model)}"
            raise ValidationError({"note": ValidationError(message, code="required")})
        state = workflow.state(current)
        if state not in t.sources:
            label = workflow.state_label(state)
            raise WrongState((t.refused or "“{state}”状态不能" + t.label).format(state=label))
        changed = {workflow.field}
        setattr(current, workflow.field, t.target)
        if t.stamp:
            setattr(current, t.stamp, timezone.now())
            changed.add(t.stamp)
        if t.note is not Note.NONE and workflow.note_field:
            setattr(current, workflow.note_field, note)
            changed.add(workflow.note_field)
            _check_note(current, workflow.note_field)
        if t.effect:
            changed |= set(t.effect(current, Step(user, note, t, data or {})) or ())
        if workflow.version_field:
            setattr(current, workflow.version_field, getattr(current, workflow.version_field) + 1)
            changed.add(workflow.version_field)
        audited = _entries(current).aggregate(last=Max("id"))["last"] or 0
        current.save(update_fields=[*changed, *_auto_now(model)])
        _name_in_audit(current, t, audited)
        for notice in t.notices:
            notify(
                notice.to(current),
                notice.kind.code,
                current,
                notice.title.format(obj=current, note=note),
                notice.body.format(obj=current, note=note) if note else "",
                workflow.page(current) if workflow.page else "",
                actor=user if getattr(user, "is_authenticated", False) else None,
            )
    return current


def _note_label(workflow: Workflow, model: type[models.Model]) -> str:
    if workflow.note_field:
        return str(model._meta.get_field(workflow.note_field).verbose_name)
    return "说明"


def _check_note(obj: models.Model, note_field: str) -> None:
    """Validate the note as the model validates that field (its length, its own rules such as no control
    characters); reported as the request's `note`."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.name != note_field]
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError({"note": exc.message_dict.get(note_field, exc.messages)}) from exc


def _auto_now(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def _entries(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )


def _name_in_audit(obj: models.Model, t: Transition, after: int) -> None:
    """The audit app wrote the save's entry (state, timestamp, note, actor; the row is locked, so it is the
    record's one entry newer than `after`); say which transition it was."""
    entry = _entries(obj).filter(id__gt=after).order_by("-id").first()
    if entry is not None:
        entry.changes = {**entry.changes, "transition": t.label}
        entry.save(update_fields=["changes"])


# --- documentation --------------------------------------------------------------------------------------------


def describe(workflow: Workflow) -> str:
    """The workflow as Markdown: a Mermaid state diagram and a table of its transitions (for docs/)."""
    lines = ["```mermaid", "stateDiagram-v2"]
    lines += [f"    {s.code}: {s.label}" for s in workflow.states]
    lines.append(f"    [*] --> {workflow.states[0].code}")
    for t in workflow.transitions:
        lines += [f"    {source} --> {t.target}: {t.label}" for source in t.sources]
    lines += [
        "```",
        "",
        "| 操作 | name | 从 | 到 | 谁可以 | 意见 | 时间 | 通知 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes = {Note.NONE: "", Note.OPTIONAL: "可填", Note.REQUIRED: "必填"}
    for t in workflow.transitions:
        sources = "、".join(workflow.state_label(s) for s in t.sources)
        notices = "、".join(n.kind.label for n in t.notices)
        lines.append(
            f"| {t.label} | `{t.name}` | {sources} | {workflow.state_label(t.target)} | {t.who_text} "
            f"| {notes[t.note]} | {t.stamp or ''} | {notices} |"
        )
    return "\n".join(lines)


# --- the API ----------------------------------------------------------------------------------------------------


class OptionalNoteIn(Schema):
    note: str = Field("", max_length=500, description="审核意见（可选）")


class RequiredNoteIn(Schema):
    note: str = Field(max_length=500, description="审核意见（必填）")


def add_routes(
    router: Router,
    workflow: Workflow,
    *,
    prefix: str,
    get: Callable[[HttpRequest, int], models.Model],
    reload: Callable[[int], models.Model],
    out: type,
) -> None:
    """POST /{item_id}/{transition} (token required) for every transition of the workflow, with the rules of
    run(): 403 when the caller may not, 409 in a wrong state, 422 without a required note; `get` answers 404
    for a record the caller may not see. Each answers the record as saved (`reload`, as `out`)."""
    for t in workflow.transitions:
        _add_route(router, workflow, t, prefix, get, reload, out)


def _add_route(router, workflow, t, prefix, get, reload, out) -> None:
    def take(request: HttpRequest, item_id: int, note: str = ""):
        obj = get(request, item_id)
        with refusals(WrongState):
            saved = run(workflow, t.name, caller(request), obj, note)
        return reload(saved.pk)

    sources = "、".join(workflow.state_label(s) for s in t.sources)
    options = {
        "auth": token_auth,
        "response": {200: out, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
        "operation_id": f"{prefix}_{t.name}",
        "summary": f"{t.label}（{t.who_text}）",
        "description": f"{sources} → {workflow.state_label(t.target)}",
    }
    path = f"/{{item_id}}/{t.name}"
    if t.note is Note.REQUIRED:

        @router.post(path, **options)
        def with_note(request: HttpRequest, item_id: int, payload: RequiredNoteIn):
            return take(request, item_id, payload.note)

    elif t.note is Note.OPTIONAL:

        @router.post(path, **options)
        def with_optional_note(request: HttpRequest, item_id: int, payload: OptionalNoteIn | None = None):
            return take(request, item_id, payload.note if payload else "")

    else:

        @router.post(path, **options)
        def without_note(request: HttpRequest, item_id: int):
            return take(request, item_id)
