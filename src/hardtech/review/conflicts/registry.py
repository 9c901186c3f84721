"""The registry's batch: every fact the rules need for many experts × many items, gathered in a fixed number
of queries (organisations once, the items' recent co-work records, links, relations, declarations, waivers),
then each pair is checked in memory."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hardtech.catalogue.models import Achievement, Expert, Organisation
from hardtech.core.search import json_list_has
from hardtech.review.conflicts import parties as items_
from hardtech.review.conflicts.parties import Parties, item_key, person_key
from hardtech.review.conflicts.rules import RULES, RULES_BY_CODE, coauthor_years
from hardtech.review.models.conflicts import ConflictWaiver, DeclaredConflict, Relation

ItemKey = tuple[str, int]
NAMES_PER_QUERY = 200  # SQLite caps an expression's depth at 1000: the OR of names is asked in chunks


@dataclass(frozen=True)
class Conflict:
    rule: str
    label: str
    explanation: str
    reference: str
    waiver: ConflictWaiver | None = None  # set only where waived conflicts are asked for (operators' page)


class OrganisationTree:
    """The organisation hierarchy in memory: an organisation's group is its topmost parent's whole tree, as
    matching.conflicts.group_ids has it, for all organisations at once."""

    def __init__(self) -> None:
        rows = list(Organisation.objects.order_by().values_list("pk", "parent_id", "name"))
        self._parent = {pk: parent for pk, parent, _ in rows}
        self._name = {pk: name for pk, _, name in rows}
        self._top: dict[int, int] = {}
        self._groups: dict[int, set[int]] | None = None

    def name(self, pk: int) -> str:
        return self._name.get(pk, "")

    def top(self, pk: int) -> int:
        if pk not in self._top:
            node, seen = pk, {pk}
            while (parent := self._parent.get(node)) is not None and parent not in seen:
                seen.add(parent)
                node = parent
            self._top[pk] = node
        return self._top[pk]

    def group(self, pk: int) -> set[int]:
        if self._groups is None:
            self._groups = defaultdict(set)
            for org in self._parent:
                self._groups[self.top(org)].add(org)
        return self._groups.get(self.top(pk), {pk})


@dataclass(frozen=True)
class Record:
    key: ItemKey
    title: str
    completed_on: date | None


@dataclass
class ItemFacts:
    item: models.Model
    key: ItemKey
    label: str
    parties: Parties


@dataclass
class ExpertFacts:
    expert: Expert
    name_key: str
    organisation_id: int | None
    user_id: int | None
    linked: set[ItemKey] = field(default_factory=set)  # records the expert is on (profile link or name+unit)
    coauthors: dict[str, list[Record]] = field(default_factory=dict)  # person_key → their shared records
    relations: list[Relation] = field(default_factory=list)
    declared: dict[ItemKey, DeclaredConflict] = field(default_factory=dict)
    waived: dict[tuple[ItemKey, str], ConflictWaiver] = field(default_factory=dict)


class Batch:
    """Facts about a batch of items; `check(experts)` adds the experts' and judges every pair."""

    def __init__(self, items: Sequence[models.Model]) -> None:
        self.today = timezone.localdate()
        self.tree = OrganisationTree()
        items_.prefetch(items)
        self.items: list[ItemFacts] = []
        for item in items:
            adapter = items_.adapter_for(item)
            label = adapter.label if adapter else item._meta.verbose_name
            self.items.append(ItemFacts(item, item_key(item), label, items_.item_parties(item)))
        self.team_names = {n for i in self.items for n in i.parties.team}
        self.groups = {
            o for i in self.items for own in i.parties.organisation_ids for o in self.tree.group(own)
        }
        self._load_records()

    def years_ago(self, years: int) -> date:
        try:
            return self.today.replace(year=self.today.year - years)
        except ValueError:  # 29 February
            return self.today.replace(year=self.today.year - years, day=28)

    def _load_records(self) -> None:
        """Recent achievements (papers and patents imported as achievements too) naming any team member: the
        only records through which an expert can have worked with one."""
        written = sorted({name for i in self.items for name in _written_names(i.parties)})
        recent = Q(completed_on__gte=self.years_ago(coauthor_years()))
        if RULES_BY_CODE["coauthor"].param("count_undated"):
            recent |= Q(completed_on=None)
        self.records: dict[int, tuple[Record, list[str]]] = {}
        for start in range(0, len(written), NAMES_PER_QUERY):
            names = Q()
            for name in written[start : start + NAMES_PER_QUERY]:
                names |= json_list_has("completers", name)
            rows = Achievement.objects.filter(recent & names).values_list(
                "pk", "title", "completed_on", "completers"
            )
            for pk, title, completed_on, completers in rows:
                record = Record(item_key_of(Achievement, pk), title, completed_on)
                self.records[pk] = (record, [person_key(c) for c in completers if isinstance(c, str)])
        self.record_orgs: dict[int, set[int]] = defaultdict(set)
        through = Achievement.organisations.through.objects.filter(achievement_id__in=list(self.records))
        for achievement_id, org_id in through.values_list("achievement_id", "organisation_id"):
            self.record_orgs[achievement_id].add(org_id)

    def candidates(self) -> list[Expert]:
        """Every expert some rule could bar for these items (for a search over all experts)."""
        written = sorted({name for i in self.items for name in _written_names(i.parties)})
        achievement_ids = [*self.records, *self._achievement_item_ids()]
        completer_names = sorted({n for _, names in self.records.values() for n in names})
        linked = Expert.achievements.through.objects.filter(achievement_id__in=achievement_ids).values(
            "expert_id"
        )
        related = Relation.objects.filter(Q(person_name__in=written) | Q(organisation_id__in=self.groups))
        declared = Q()
        for ct, ids in self._ids_by_content_type().items():
            declared |= Q(content_type=ct, object_id__in=ids)
        query = (
            Q(organisation_id__in=self.groups)
            | Q(name__in=written)
            | Q(name__in=completer_names)
            | Q(pk__in=linked)
            | Q(pk__in=related.values("expert_id"))
        )
        if declared:
            query |= Q(pk__in=DeclaredConflict.objects.filter(declared).values("expert_id"))
        return list(Expert.objects.filter(query).order_by("pk"))

    def _achievement_item_ids(self) -> list[int]:
        return [i.item.pk for i in self.items if isinstance(i.item, Achievement)]

    def _ids_by_content_type(self) -> dict[ContentType, list[int]]:
        by_model: dict[type, list[int]] = defaultdict(list)
        for i in self.items:
            by_model[type(i.item)].append(i.item.pk)
        return {ContentType.objects.get_for_model(m): ids for m, ids in by_model.items()}

    def experts(self, experts: Iterable[Expert]) -> list[ExpertFacts]:
        facts = {e.pk: ExpertFacts(e, person_key(e.name), e.organisation_id, e.user_id) for e in experts}
        if not facts:
            return []
        ids = list(facts)
        links = Expert.achievements.through.objects.filter(
            expert_id__in=ids, achievement_id__in=[*self.records, *self._achievement_item_ids()]
        )
        on_record: dict[ItemKey, dict[int, ExpertFacts]] = defaultdict(dict)
        for expert_id, achievement_id in links.values_list("expert_id", "achievement_id"):
            key = item_key_of(Achievement, achievement_id)
            facts[expert_id].linked.add(key)
            on_record[key][expert_id] = facts[expert_id]
        by_name: dict[str, list[ExpertFacts]] = defaultdict(list)
        for fact in facts.values():
            if fact.organisation_id is not None:  # a bare name is too weak a link to another's record
                by_name[fact.name_key].append(fact)
        for pk, (record, names) in self.records.items():
            orgs = self.record_orgs.get(pk, set())
            on = on_record.get(record.key, {})
            for name in names:
                for fact in by_name.get(name, ()):
                    if not orgs.isdisjoint(self.tree.group(fact.organisation_id)):
                        fact.linked.add(record.key)
                        on[fact.expert.pk] = fact
            for fact in on.values():
                for name in names:
                    if name != fact.name_key:
                        fact.coauthors.setdefault(name, []).append(record)
        for relation in Relation.objects.filter(expert_id__in=ids):
            relation.person_key = person_key(relation.person_name)
            facts[relation.expert_id].relations.append(relation)
        for ct, object_ids in self._ids_by_content_type().items():
            label = ct.model_class()._meta.label_lower
            for d in DeclaredConflict.objects.filter(
                expert_id__in=ids, content_type=ct, object_id__in=object_ids
            ):
                facts[d.expert_id].declared[(label, d.object_id)] = d
            for w in ConflictWaiver.objects.filter(
                expert_id__in=ids, content_type=ct, object_id__in=object_ids
            ):
                facts[w.expert_id].waived[((label, w.object_id), w.rule)] = w
        for fact in facts.values():
            for records in fact.coauthors.values():
                records.sort(key=lambda r: r.completed_on or date.max, reverse=True)
        return list(facts.values())

    def check(
        self, experts: Iterable[Expert], include_waived: bool = False
    ) -> dict[tuple[int, ItemKey], list[Conflict]]:
        found: dict[tuple[int, ItemKey], list[Conflict]] = {}
        rules = [rule for rule in RULES if rule.enabled]
        for expert in self.experts(experts):
            for item in self.items:
                conflicts = []
                for rule in rules:
                    waiver = expert.waived.get((item.key, rule.code))
                    if waiver is not None and not include_waived:
                        continue
                    for explanation in rule.check(expert, item, self):
                        conflicts.append(
                            Conflict(rule.code, rule.label, explanation, rule.reference_text, waiver)
                        )
                if conflicts:
                    found[(expert.expert.pk, item.key)] = conflicts
        return found


def item_key_of(model: type[models.Model], pk: int) -> ItemKey:
    return (model._meta.label_lower, pk)


def _written_names(parties: Parties) -> list[str]:
    """The team's names as records write them (json_list_has matches the stored text)."""
    return [n for n in parties.team.values()] + [k for k in parties.team]


def conflicts_for(expert: Expert, item: models.Model) -> list[Conflict]:
    """Why this expert may not review this item (empty: no conflict, or every one waived)."""
    return barred_pairs([expert], [item]).get((expert.pk, item_key(item)), [])


def barred_pairs(
    experts: Iterable[Expert], items: Sequence[models.Model]
) -> dict[tuple[int, ItemKey], list[Conflict]]:
    """Every barred (expert id, item key) pair with its conflicts, waived ones left out."""
    return Batch(items).check(experts)


def barred_experts(item: models.Model, include_waived: bool = False) -> dict[int, list[Conflict]]:
    """Every expert barred from this item (searched over all experts), with the conflicts."""
    if items_.adapter_for(item) is None:
        return {}
    batch = Batch([item])
    key = item_key(item)
    return {
        expert_id: conflicts
        for (expert_id, k), conflicts in batch.check(batch.candidates(), include_waived).items()
        if k == key
    }
