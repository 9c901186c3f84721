"""Catalogue records → match-engine documents.

Structured fields are given to the engine in Chinese (领域、合作方式、机构类型 labels) because the engine's
explanations quote them verbatim to the technology manager. Document ids are the records' primary keys as
strings; each kind has its own index, so ids never collide.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from hardtech.catalogue import kinds
from hardtech.catalogue.choices import ListingStatus, Maturity, TechField, TransferMode, label_of, labels_of
from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.engines.match import Document

# The matchable kinds of the catalogue's registry, by code: one index each.
ACHIEVEMENTS, DEMANDS, EXPERTS = kinds.ACHIEVEMENTS.code, kinds.DEMANDS.code, kinds.EXPERTS.code
KINDS = kinds.MATCHABLE
MODELS: dict[str, type[Achievement | Demand | Expert]] = {code: kinds.KINDS[code].model for code in KINDS}
ENGINE_KIND = {ACHIEVEMENTS: "achievement", DEMANDS: "demand", EXPERTS: "expert"}

# The engine's maturity levels (1 研发 … 5 产业化); 样品 and 小试 are both a level-2 prototype.
MATURITY_LEVEL = {
    Maturity.RESEARCH: 1,
    Maturity.SAMPLE: 2,
    Maturity.LAB_TRIAL: 2,
    Maturity.PILOT: 3,
    Maturity.MASS_PRODUCTION: 5,
}


def kind_of(obj: object) -> str:
    for kind, model in MODELS.items():
        if isinstance(obj, model):
            return kind
    raise TypeError(f"not a matchable record: {type(obj).__name__}")


def is_indexable(obj: Achievement | Demand | Expert) -> bool:
    """Only published listings are matched against; experts have no review workflow and always are."""
    return isinstance(obj, Expert) or obj.status == ListingStatus.PUBLISHED


def _lines(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def achievement_document(obj: Achievement) -> Document:
    # organisations are prefetched by the bulk paths; .all() then costs no query
    orgs = list(obj.organisations.all())
    first = orgs[0] if orgs else None
    return Document(
        id=str(obj.pk),
        title=obj.title,
        text=_lines(obj.subfield, obj.summary),
        kind="achievement",
        fields=(label_of(TechField, obj.field),) if obj.field else (),
        maturity=MATURITY_LEVEL.get(obj.maturity),
        modes=tuple(labels_of(TransferMode, obj.transfer_modes)),
        price=obj.price_min if obj.price_min is not None else obj.price_max,
        region=first.province if first else "",
        org_kind=first.kind_label if first else "",
        keywords=tuple(obj.keywords),
    )


def demand_budget(obj: Demand) -> Decimal | None:
    """What the enterprise would pay at most: the upper bound, else the lower one."""
    return obj.budget_max if obj.budget_max is not None else obj.budget_min


def demand_document(obj: Demand) -> Document:
    return Document(
        id=str(obj.pk),
        title=obj.title,
        text=_lines(obj.subfield, obj.problem, obj.indicators, obj.basis),
        kind="demand",
        fields=(label_of(TechField, obj.field),) if obj.field else (),
        modes=tuple(labels_of(TransferMode, obj.cooperation_modes)),
        price=demand_budget(obj),
        region=obj.province,
        org_kind="企业",
        keywords=tuple(obj.keywords),
    )


def expert_document(obj: Expert, achievement_titles: list[str] | None = None) -> Document:
    """An expert is known by bio, keywords and fields, and by the titles of their published achievements
    (passed in by bulk paths, which fetch them for all experts in one query)."""
    if achievement_titles is None:
        achievement_titles = list(
            obj.achievements.filter(status=ListingStatus.PUBLISHED)
            .order_by("id")
            .values_list("title", flat=True)
        )
    org = obj.organisation
    return Document(
        id=str(obj.pk),
        title=obj.name,
        text=_lines(obj.title, obj.bio, *achievement_titles),
        kind="expert",
        fields=tuple(labels_of(TechField, obj.fields)),
        region=org.province if org else "",
        org_kind=org.kind_label if org else "",
        keywords=tuple(obj.keywords),
    )


def to_document(obj: Achievement | Demand | Expert) -> Document:
    if isinstance(obj, Achievement):
        return achievement_document(obj)
    if isinstance(obj, Demand):
        return demand_document(obj)
    return expert_document(obj)


def indexable_documents(kind: str, pks: Iterable[int] | None = None) -> list[Document]:
    """Every record of a kind that belongs in its index (or those of `pks` that do), fetched in a few
    queries whatever the count."""
    if kind == ACHIEVEMENTS:
        qs = _only(Achievement.objects.published(), pks).prefetch_related("organisations").order_by("id")
        return [achievement_document(a) for a in qs.iterator(chunk_size=2000)]
    if kind == DEMANDS:
        qs = _only(Demand.objects.published(), pks).order_by("id")
        return [demand_document(d) for d in qs.iterator(chunk_size=2000)]
    titles: dict[int, list[str]] = {}
    links = Expert.achievements.through.objects.filter(achievement__status=ListingStatus.PUBLISHED)
    if pks is not None:
        links = links.filter(expert_id__in=pks)
    for expert_id, title in links.order_by("achievement_id").values_list("expert_id", "achievement__title"):
        titles.setdefault(expert_id, []).append(title)
    experts = _only(Expert.objects.select_related("organisation"), pks).order_by("id")
    return [expert_document(e, titles.get(e.pk, [])) for e in experts.iterator(chunk_size=2000)]


def _only(qs: QuerySet, pks: Iterable[int] | None) -> QuerySet:
    return qs if pks is None else qs.filter(pk__in=pks)
