"""Index updates after every committed save, delete and relation change of a matchable record.

The handlers only note which records changed; the index is updated once the transaction commits
(`transaction.on_commit`), from the database as committed. A change that is rolled back, such as an edit
refused with a 403 inside `catalogue.services`' atomic block, therefore never reaches the index, and a record
touched several times in one transaction (saved, then its organisations set) is re-indexed once. Outside a
transaction the callback runs at once, so a publish is visible to search as soon as the request committed.

Once the index is refreshed, the saved achievements that are published are announced to the demands they
newly match (`matching.notifications`, event match.found).

An index failure is logged, never raised: saving a listing must not fail because of the match index
(`hardtech match-index --check` brings the index back in line).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.matching import notifications, services
from hardtech.matching.records import ACHIEVEMENTS, EXPERTS, KINDS, kind_of

log = logging.getLogger(__name__)


def _never_raise(handler):
    @functools.wraps(handler)
    def run(*args, **kwargs) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            log.exception("match index update failed; run `hardtech match-index --check` to resynchronise")

    return run


class Pending:
    """The records one transaction changed, refreshed together when it commits.

    The same object is registered with on_commit at every change, so that it survives the rollback of a
    savepoint holding only some of the registrations; the first call after the commit does the work, later
    ones find it done. Left over from a transaction rolled back whole, it runs after the next commit, which
    is harmless: a refresh reads the committed rows and so restores nothing but what the database says.
    """

    def __init__(self) -> None:
        self.ids: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self.experts_of: set[int] = set()  # achievements whose experts' documents show their titles
        self.saved_achievements: set[int] = set()  # announced to the demands they match, if published
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        self.refresh()
        if self.saved_achievements:  # a failed refresh (logged) still announces
            notifications.announce(self.saved_achievements)

    @_never_raise
    def refresh(self) -> None:
        for kind in KINDS:
            experts_of = self.experts_of if kind == EXPERTS else ()
            if self.ids[kind] or experts_of:
                services.refresh_ids(kind, self.ids[kind], experts_of=experts_of)


def _later(
    kind: str,
    pks: Iterable[int],
    *,
    experts_of: Iterable[int] = (),
    saved_achievements: Iterable[int] = (),
    using: str | None = None,
) -> None:
    pks, experts_of = set(pks), set(experts_of)
    if not pks and not experts_of:
        return
    connection = transaction.get_connection(using)
    pending: Pending | None = getattr(connection, "match_pending", None)
    if pending is None or pending.done:
        pending = connection.match_pending = Pending()
    pending.ids[kind] |= pks
    pending.experts_of |= experts_of
    pending.saved_achievements.update(saved_achievements)
    transaction.on_commit(pending, using=using)


@_never_raise
def _saved(sender, instance, raw=False, using=None, **kwargs) -> None:
    if raw:  # loaddata: the rows may not be complete yet; a rebuild follows fixtures
        return
    # Experts are described by their achievements' titles, published ones only; and a published
    # achievement's text may be new, so the demands it matches hear of it (matching.notifications).
    achievement = [instance.pk] if isinstance(instance, Achievement) else []
    _later(
        kind_of(instance), [instance.pk], experts_of=achievement, saved_achievements=achievement, using=using
    )


@_never_raise
def _deleting(sender, instance, using=None, **kwargs) -> None:
    # the expert links are gone by the commit; note whom to refresh now
    _later(EXPERTS, instance.experts.values_list("pk", flat=True), using=using)


@_never_raise
def _deleted(sender, instance, using=None, **kwargs) -> None:
    _later(kind_of(instance), [instance.pk], using=using)


def _touched(sender, instance, action: str, reverse: bool, pk_set, field: str, other: str) -> Iterable[int]:
    """Ids on the `field` side of the link table `sender` that an m2m change touched. Noted once the links
    changed, except for a clear from the other side: it names no ids, so its links are read before they go."""
    if not reverse:
        return [instance.pk] if action.startswith("post_") else ()
    if action == "pre_clear":
        return sender.objects.filter(**{other: instance.pk}).values_list(field, flat=True)
    return (pk_set or ()) if action in ("post_add", "post_remove") else ()


@_never_raise
def _organisations_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs) -> None:
    """Achievement.organisations: an achievement's region and organisation kind come from them."""
    touched = _touched(sender, instance, action, reverse, pk_set, "achievement_id", "organisation_id")
    _later(ACHIEVEMENTS, touched, using=using)


@_never_raise
def _expert_achievements_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs) -> None:
    touched = _touched(sender, instance, action, reverse, pk_set, "expert_id", "achievement_id")
    _later(EXPERTS, touched, using=using)


@_never_raise
def _organisation_saving(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    instance._match_before = (
        Organisation.objects.filter(pk=instance.pk).values_list("kind", "province").first()
    )


def _organisation_followers(organisation: Organisation, using: str | None) -> None:
    """Achievements and experts carry their organisation's kind and province."""
    published = organisation.achievements.filter(status=ListingStatus.PUBLISHED)
    _later(ACHIEVEMENTS, published.values_list("pk", flat=True), using=using)
    _later(EXPERTS, organisation.experts.values_list("pk", flat=True), using=using)


@_never_raise
def _organisation_saved(sender, instance, raw=False, created=False, using=None, **kwargs) -> None:
    """Follow a change of an organisation's kind or province (rare, and only then worth re-indexing a
    university's many achievements)."""
    if (
        raw
        or created
        or getattr(instance, "_match_before", None) in (None, (instance.kind, instance.province))
    ):
        return
    _organisation_followers(instance, using)


@_never_raise
def _organisation_deleting(sender, instance, using=None, **kwargs) -> None:
    # its achievement links go without an m2m signal
    _organisation_followers(instance, using)


def connect() -> None:
    for model in (Achievement, Demand, Expert):
        post_save.connect(_saved, sender=model, dispatch_uid=f"match-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"match-delete-{model.__name__}")
    pre_delete.connect(_deleting, sender=Achievement, dispatch_uid="match-deleting-Achievement")
    pre_save.connect(_organisation_saving, sender=Organisation, dispatch_uid="match-organisation-saving")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="match-organisation-saved")
    pre_delete.connect(
        _organisation_deleting, sender=Organisation, dispatch_uid="match-organisation-deleting"
    )
    m2m_changed.connect(
        _organisations_changed,
        sender=Achievement.organisations.through,
        dispatch_uid="match-achievement-orgs",
    )
    m2m_changed.connect(
        _expert_achievements_changed,
        sender=Expert.achievements.through,
        dispatch_uid="match-expert-achievements",
    )
