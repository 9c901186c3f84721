"""The one write path for catalogue records: the web forms and the API create, edit and move them through the
review workflow here, never by saving a record themselves.

An edit locks the row, refuses a write based on an older version than the stored one (Conflict), applies only
the submitted fields whose value differs, refuses the fields the user may not set (Forbidden, by
permissions.editable_fields), runs full_clean and saves just those fields with the version raised by one. An
owner's change of a published listing is kept as its pending revision (待审核的修改, `pending_changes`) while
the published version stays on the public site and in search; the review workflow (catalogue/workflow.py)
applies it on approval through the same field writes, or discards it. Attachments are not part of a revision:
added or removed files apply at once (they are typed by their bytes, and the change is in the history). An
owner that adds an organisation outside its
own family to an achievement invites it instead: the organisation becomes a co-owner when one of its users
accepts, and no owner removes another owner's organisation (the curators, who file achievements for others,
set organisations directly).
"""

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from hardtech.catalogue import permissions, workflow
from hardtech.catalogue.choices import TransferMode
from hardtech.catalogue.kinds import kind_of
from hardtech.catalogue.models import (
    Achievement,
    Demand,
    InvitationStatus,
    Organisation,
    OwnershipInvitation,
)
from hardtech.catalogue.permissions import AnyUser, Record
from hardtech.core.workflow import run

# The field that says whose a record is.
# Written by every save: the version, and what save() and auto_now derive from the record.
DERIVED_FIELDS = ["version", "updated_at", "search_text"]


class Forbidden(PermissionDenied):
    """The user may not make this change; `fields` names the fields concerned, if any."""

    def __init__(self, message: str, fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.fields = list(fields)

    def __str__(self) -> str:
        return self.message


class Conflict(Exception):
    """The record was saved by someone else after the caller read it: its version moved on. `current` is the
    record as stored now; `fields` the submitted fields someone else changed meanwhile (when known)."""

    def __init__(self, current: Record, expected_version: int, fields: Iterable[str] = ()) -> None:
        self.current = current
        self.expected_version = expected_version
        self.fields = sorted(fields)
        detail = f"您修改的是第 {expected_version} 版，现已是第 {current.version} 版"
        if self.fields:
            detail += f"，他人改动了{labels(type(current), self.fields)}"
        super().__init__(f"该记录已被他人修改（{detail}），请查看最新内容后重新修改")


@dataclass
class Saved:
    obj: Record
    changed: bool  # False when the submission matched what was stored (nothing written)
    invited: list[Organisation] = field(default_factory=list)  # asked to become co-owners, not yet added
    revision: bool = False  # the change waits for review as the listing's pending revision


def labels(model: type[models.Model], names: Iterable[str]) -> str:
    return "、".join(str(model._meta.get_field(name).verbose_name) for name in names)


def create(user: AnyUser, obj: Record, changes: dict, m2m: dict[str, list[int]] | None = None) -> Saved:
    """Save a new record. `obj` carries the defaults the user's role implies (an enterprise user's demand is
    its own enterprise's); `changes` what the user submitted, checked against the fields they may set."""
    model = type(obj)
    if not permissions.can_create(user, model):
        raise Forbidden(f"无权新建{model._meta.verbose_name}")
    editable = permissions.editable_fields(user, model)
    changed = _assign(obj, changes)
    relations = {name: set(ids) for name, ids in (m2m or {}).items()}
    _check_fields(model, editable, changed | {name for name, ids in relations.items() if ids})
    invited: list[Organisation] = []
    if isinstance(obj, Achievement):
        relations["organisations"], invited = _co_owners(user, set(), relations.get("organisations", set()))
    _check_owner(user, obj, relations.get("organisations"))
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        for name, ids in relations.items():
            getattr(obj, name).set(ids)
        _invite(user, obj, invited)
    return Saved(obj, True, invited)


def update(
    user: AnyUser,
    obj: Record,
    changes: dict,
    m2m: dict[str, list[int]] | None = None,
    expected_version: int | None = None,
    *,
    changed_meanwhile: Callable[[Record], set[str]] | None = None,
    touched: bool = False,
) -> Saved:
    """Save the submitted fields of a stored record.

    expected_version: the version the change is based on (None: no check). When the stored version is newer,
    `changed_meanwhile` (a web form's) names which submitted fields someone else changed since; the save goes
    ahead if none. Without it any newer version is a Conflict.
    touched: the caller changes something else of the record in the same transaction (its attachments), which
    counts as an edit (version, review).
    """
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if not permissions.can_edit(user, current):
            raise Forbidden(f"无权修改该{model._meta.verbose_name}")
        # An owner of a published listing edits its revision: the published version with the pending changes.
        review = permissions.edit_requires_review(user, current)
        target = with_revision(current) if review else current
        if expected_version is not None and current.version != expected_version:
            clashes = None if changed_meanwhile is None else changed_meanwhile(target)
            if clashes is None or clashes:
                raise Conflict(target, expected_version, clashes or ())
        editable = permissions.editable_fields(user, current)
        changed = _assign(target, changes)
        relations = {
            name: set(ids)
            for name, ids in (m2m or {}).items()
            if set(ids) != set(getattr(target, name).values_list("pk", flat=True))
        }
        _check_fields(model, editable, changed | relations.keys())
        invited: list[Organisation] = []
        if "organisations" in relations:
            stored = set(target.organisations.values_list("pk", flat=True))
            relations["organisations"], invited = _co_owners(user, stored, relations["organisations"])
            if relations["organisations"] == stored:
                del relations["organisations"]
        _check_owner(user, target, relations.get("organisations"))
        written = bool(changed or relations or touched)
        if written and review:
            _store_revision(current, target, relations)
        elif written:
            current.full_clean()
            current.version += 1
            current.save(update_fields=[*changed, *DERIVED_FIELDS])
            for name, ids in relations.items():
                getattr(current, name).set(ids)
        _invite(user, current, invited)
    return Saved(current, written, invited, review and written)


def transition(user: AnyUser, obj: Achievement | Demand, name: str, note: str = "") -> Achievement | Demand:
    """One step of the listing review (catalogue/workflow.py): checks who may and the state, writes only the
    workflow's fields on the locked row, with its audit entry and notifications."""
    return run(workflow.REVIEW, name, user, obj, note)


# --- the pending revision of a published listing --------------------------------------------------------------


# Lists of choice codes a listing keeps in JSON fields (shown by their labels).
CODED_LISTS = {"transfer_modes", "cooperation_modes"}


@dataclass(frozen=True)
class RevisedField:
    name: str
    label: str
    published: str
    revised: str


def with_revision(listing: Achievement | Demand) -> Achievement | Demand:
    """The listing as its owners are editing it: the published version with the pending revision applied, in
    memory only (a copy; nothing is saved, the stored record is untouched)."""
    draft = copy.copy(listing)
    draft._prefetched_objects_cache = dict(getattr(listing, "_prefetched_objects_cache", {}))
    plain, relations = _revision_parts(listing)
    _assign(draft, plain)
    for name, ids in relations.items():
        related = listing._meta.get_field(name).related_model
        draft._prefetched_objects_cache[name] = related.objects.filter(pk__in=ids)
    return draft


def for_editing(user: AnyUser, obj: Record) -> Record:
    """The record an edit form shows the user: an owner of a published listing continues its revision."""
    return with_revision(obj) if permissions.edit_requires_review(user, obj) else obj


def revised_fields(listing: Achievement | Demand) -> list[RevisedField]:
    """What the pending revision changes, field by field (published value → revised value), for the page that
    shows it to the owners and the reviewer."""
    if listing.pending_changes is None:
        return []
    draft = with_revision(listing)
    rows = []
    for name in listing.pending_changes:
        model_field = listing._meta.get_field(name)
        old, new = _shown(listing, model_field), _shown(draft, model_field)
        rows.append(RevisedField(name, str(model_field.verbose_name), old, new))
    return rows


def apply_revision(listing: Achievement | Demand) -> set[str]:
    """Write the pending revision into the listing (on approval, on the locked row, before the workflow saves
    it): the same assignment and validation as an edit. Returns the fields to save."""
    if listing.pending_changes is None:
        return set()
    plain, relations = _revision_parts(listing)
    changed = _assign(listing, plain)
    listing.pending_changes = None
    listing.full_clean()
    for name, ids in relations.items():
        getattr(listing, name).set(ids)
    return {*changed, "pending_changes", "search_text"}


def discard_revision(listing: Achievement | Demand) -> set[str]:
    """Drop the pending revision (on rejection): the published version stays as it is."""
    listing.pending_changes = None
    return {"pending_changes"}


def _store_revision(current: Achievement | Demand, draft: Achievement | Demand, relations: dict) -> None:
    """Keep what differs between the revised draft and the published record as the pending revision; the
    published fields, and so the public page and the search text, stay as they are."""
    draft.full_clean()
    revision = {}
    for name in permissions.EDITABLE_FIELDS[type(current)]:
        model_field = current._meta.get_field(name)
        if model_field.many_to_many:
            ids = relations.get(name, set(getattr(draft, name).values_list("pk", flat=True)))
            if ids != set(getattr(current, name).values_list("pk", flat=True)):
                revision[name] = sorted(ids)
        elif getattr(draft, model_field.attname) != getattr(current, model_field.attname):
            revision[name] = _json(getattr(draft, model_field.attname))
    if current.pending_changes is None and revision:
        current.submitted_at = timezone.now()
    current.pending_changes = revision or None
    current.version += 1
    current.save(update_fields=["pending_changes", "submitted_at", *DERIVED_FIELDS])


def _revision_parts(listing: Achievement | Demand) -> tuple[dict, dict[str, list[int]]]:
    """The stored revision as field values (typed again) and relations (lists of ids)."""
    plain, relations = {}, {}
    for name, value in (listing.pending_changes or {}).items():
        model_field = listing._meta.get_field(name)
        if model_field.many_to_many:
            relations[name] = value
        elif isinstance(model_field, models.JSONField) or value is None:
            plain[name] = value
        else:
            plain[name] = model_field.to_python(value)
    return plain, relations


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _shown(obj: Record, model_field: models.Field) -> str:
    """A field's value as a page shows it: choice labels, names of related records, lists joined."""
    if model_field.many_to_many:
        value = [str(o) for o in getattr(obj, model_field.name).all()]
    elif model_field.choices:
        value = getattr(obj, f"get_{model_field.name}_display")()
    elif model_field.is_relation:
        value = getattr(obj, model_field.name)
    else:
        value = getattr(obj, model_field.attname)
    if isinstance(value, list):
        labels = dict(TransferMode.choices) if model_field.name in CODED_LISTS else {}
        value = "、".join(str(labels.get(v, v)) for v in value)
    return "（空）" if value in (None, "") else str(value)


# --- co-ownership ---------------------------------------------------------------------------------------------


def invitations_for(user: AnyUser) -> QuerySet[OwnershipInvitation]:
    """Invitations addressed to the user's organisation family (any status)."""
    family = permissions.member_family_ids(user)  # home organisation and those granted (members, admins)
    if not family:
        return OwnershipInvitation.objects.none()
    return OwnershipInvitation.objects.filter(organisation__in=family).select_related(
        "achievement", "organisation", "invited_by"
    )


def pending_invitations(user: AnyUser) -> QuerySet[OwnershipInvitation]:
    return invitations_for(user).filter(status=InvitationStatus.PENDING)


def respond(user: AnyUser, invitation: OwnershipInvitation, accept: bool) -> OwnershipInvitation:
    """Accept (the organisation becomes a co-owner of the achievement) or decline an invitation. A handled
    invitation cannot be answered again (ValidationError)."""
    with transaction.atomic():
        # The achievement first, as update() locks it: the two never wait on each other in opposite order.
        achievement = Achievement.objects.select_for_update().get(pk=invitation.achievement_id)
        current = OwnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not permissions.can_respond(user, current):
            raise Forbidden("只有受邀机构的用户可以处理该邀请")
        if current.status != InvitationStatus.PENDING:
            raise ValidationError(f"该邀请已处理（{current.get_status_display()}）")
        current.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        current.responded_by, current.responded_at = user, timezone.now()
        current.save(update_fields=["status", "responded_by", "responded_at"])
        if accept:
            achievement.organisations.add(current.organisation_id)
            achievement.version += 1
            achievement.save(update_fields=DERIVED_FIELDS)
    return current


def _co_owners(user: AnyUser, stored: set[int], wanted: set[int]) -> tuple[set[int], list[Organisation]]:
    """The organisations an achievement gets, and those to invite instead of adding them."""
    if permissions.sets_organisations_directly(user):
        return wanted, []
    family = permissions.member_family_ids(user)
    if removed := (stored - wanted) - family:
        names = "、".join(Organisation.objects.filter(pk__in=removed).values_list("name", flat=True))
        raise Forbidden(f"不能移除其他共有机构：{names}（如需变更请联系管委会）", ["organisations"])
    outside = (wanted - stored) - family
    return wanted - outside, list(Organisation.objects.filter(pk__in=outside).order_by("name"))


def _invite(user: AnyUser, achievement: Record, organisations: list[Organisation]) -> None:
    for organisation in organisations:
        OwnershipInvitation.objects.get_or_create(
            achievement=achievement,
            organisation=organisation,
            status=InvitationStatus.PENDING,
            defaults={"invited_by": user},
        )


# --- checks and assignment ------------------------------------------------------------------------------------


def _check_fields(model: type[models.Model], editable: set[str], names: set[str]) -> None:
    if refused := sorted(names - editable):
        named = "、".join(f"{labels(model, [name])}（{name}）" for name in refused)
        raise Forbidden(f"无权修改以下字段：{named}", refused)


def _check_owner(user: AnyUser, obj: Record, organisations: set[int] | None) -> None:
    """Before anything is written: the record, as it is about to be saved, must still be one the user may
    edit (an institution cannot file an achievement, or move one, under another organisation alone)."""
    if not permissions.may_save(user, obj, organisations):
        owner = kind_of(obj).owner_field
        named = f"（请检查{labels(type(obj), [owner])}）" if owner else ""
        raise Forbidden(f"只能为本机构创建或保存记录{named}", [owner] if owner else [])


def _assign(obj: Record, changes: dict) -> set[str]:
    """Set plain and foreign-key fields; returns the names of those whose value changed. A null for a
    non-nullable field becomes its empty value when the field may be blank (so API clients can clear it) and
    stays null otherwise (full_clean then says so)."""
    changed = set()
    for name, value in changes.items():
        model_field = obj._meta.get_field(name)
        if isinstance(value, models.Model):
            value = value.pk
        if value is None and not model_field.null:
            if model_field.has_default():
                value = model_field.get_default()
            elif model_field.blank:
                value = ""
        if getattr(obj, model_field.attname) != value:
            changed.add(name)
        setattr(obj, model_field.attname, value)
    return changed
