"""Index updates on every save, delete and relation change of a matchable record.

Updates run at once rather than on commit: a search always re-checks the database (published, visible), so
an entry whose transaction rolled back is never shown, and the next save or rebuild corrects it. Running at
once is what makes a publish visible to search within the same request.

An index failure is logged, never raised: saving a listing must not fail because of the match index (the
next rebuild brings the index back in line).
"""

import functools
import logging

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.matching import service
from hardtech.matching.records import kind_of

log = logging.getLogger(__name__)


def _never_raise(handler):
    @functools.wraps(handler)
    def run(*args, **kwargs) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            log.exception("match index update failed; run `hardtech match-index` to resynchronise")

    return run


@_never_raise
def _saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: the rows may not be complete yet; a rebuild follows fixtures
        return
    service.refresh(instance)
    if isinstance(instance, Achievement):
        # experts are described by their achievements' titles, published ones only
        for expert in instance.experts.all():
            service.refresh(expert)


@_never_raise
def _deleting(sender, instance, **kwargs) -> None:
    # the expert links are gone by post_delete; remember whom to refresh
    if isinstance(instance, Achievement):
        instance._match_experts = list(instance.experts.all())


@_never_raise
def _deleted(sender, instance, **kwargs) -> None:
    service.forget(kind_of(instance), instance.pk)
    for expert in getattr(instance, "_match_experts", []):
        service.refresh(expert)


@_never_raise
def _organisations_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Achievement.organisations: an achievement's region and organisation kind come from them."""
    if not action.startswith("post_"):
        return
    achievements = [instance] if not reverse else Achievement.objects.filter(pk__in=pk_set or ())
    for achievement in achievements:
        service.refresh(achievement)


@_never_raise
def _expert_achievements_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    experts = [instance] if not reverse else Expert.objects.filter(pk__in=pk_set or ())
    for expert in experts:
        service.refresh(expert)


@_never_raise
def _organisation_saving(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    instance._match_before = (
        Organisation.objects.filter(pk=instance.pk).values_list("kind", "province").first()
    )


@_never_raise
def _organisation_saved(sender, instance, raw=False, created=False, **kwargs) -> None:
    """Achievements and experts carry their organisation's kind and province: follow a change of either
    (rare, and only then worth re-indexing a university's many achievements)."""
    if (
        raw
        or created
        or getattr(instance, "_match_before", None) in (None, (instance.kind, instance.province))
    ):
        return
    for achievement in instance.achievements.filter(status=ListingStatus.PUBLISHED).prefetch_related(
        "organisations"
    ):
        service.refresh(achievement)
    for expert in instance.experts.select_related("organisation"):
        service.refresh(expert)


def connect() -> None:
    for model in (Achievement, Demand, Expert):
        post_save.connect(_saved, sender=model, dispatch_uid=f"match-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"match-delete-{model.__name__}")
    pre_delete.connect(_deleting, sender=Achievement, dispatch_uid="match-deleting-Achievement")
    pre_save.connect(_organisation_saving, sender=Organisation, dispatch_uid="match-organisation-saving")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="match-organisation-saved")
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
