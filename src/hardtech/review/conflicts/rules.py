"""The conflict rules as data: code, Chinese label, the reference it follows (参考, editable in settings),
whether it is on, its parameters. Each rule's check yields the explanations for one (expert, item) pair from
the facts registry.py gathered for the whole batch."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from hardtech.review.models.conflicts import RelationKind

if TYPE_CHECKING:
    from hardtech.review.conflicts.registry import Batch, ExpertFacts, ItemFacts

AVOIDANCE = "参考《科学技术活动评审工作中请托行为处理规定（试行）》及《国家科技计划项目评审回避规定》中评审专家回避的要求"


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    reference: str
    check: Callable[["ExpertFacts", "ItemFacts", "Batch"], Iterator[str]]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(overrides(self.code).get("enabled", True))

    @property
    def reference_text(self) -> str:
        return overrides(self.code).get("reference", self.reference)

    def param(self, name: str) -> Any:
        return overrides(self.code).get(name, self.params.get(name))


def overrides(code: str) -> dict[str, Any]:
    """settings.REVIEW_CONFLICT_RULES[code]: {"enabled": False}, {"reference": "…"}, parameters."""
    return getattr(settings, "REVIEW_CONFLICT_RULES", {}).get(code, {})


def coauthor_years() -> int:
    return int(getattr(settings, "REVIEW_COAUTHOR_YEARS", 3))


def former_employer_years() -> int:
    return int(getattr(settings, "REVIEW_FORMER_EMPLOYER_YEARS", 3))


def _same_organisation(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
    org = expert.organisation_id
    if org is None:
        return
    for own in sorted(item.parties.organisation_ids):
        if org in batch.tree.group(own):
            top = batch.tree.name(batch.tree.top(own))
            if org == own:
                yield (
                    f"与申报单位同属{top}"
                    if top == batch.tree.name(own)
                    else f"与申报单位同属{top}（{batch.tree.name(own)}）"
                )
            else:
                yield f"与申报单位同属{top}（专家所在：{batch.tree.name(org)}；申报单位：{batch.tree.name(own)}）"
            return


def _on_team(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
    if item.key in expert.linked:
        yield f"本人是该{item.label}的关联专家（专家档案中列为本人成果）"
        return
    name = item.parties.team.get(expert.name_key)
    if name is None:
        return
    if expert.organisation_id is not None and any(
        expert.organisation_id in batch.tree.group(o) for o in item.parties.organisation_ids
    ):
        yield f"本人即该{item.label}的团队成员{name}"
    else:
        yield f"该{item.label}的团队成员{name}与本人同名"


def _coauthor(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
    years = coauthor_years()
    for key, name in sorted(item.parties.team.items()):
        if key == expert.name_key:
            continue
        for record in expert.coauthors.get(key, ()):
            if record.key == item.key:
                continue
            when = f"{record.completed_on.year}年" if record.completed_on else "未注明日期"
            yield f"近{years}年内与该{item.label}的团队成员{name}合作完成《{record.title}》（{when}）"
            break


def _person_relation(kinds: set[str], phrase: str):
    def check(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
        for relation in expert.relations:
            if relation.kind in kinds:
                name = item.parties.team.get(relation.person_key)
                if name is not None:
                    yield phrase.format(name=name, kind=relation.get_kind_display(), label=item.label)

    return check


def _organisation_relation(kinds: set[str], within_years: Callable[[], int] | None):
    def check(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
        since = batch.years_ago(within_years()) if within_years else batch.today
        for relation in expert.relations:
            if relation.kind not in kinds or relation.organisation_id is None:
                continue
            if relation.until is not None and relation.until < since:
                continue
            for own in sorted(item.parties.organisation_ids):
                if relation.organisation_id in batch.tree.group(own):
                    span = (
                        f"（{relation.since or ''}至{relation.until or '今'}）"
                        if relation.since or relation.until
                        else ""
                    )
                    org = batch.tree.name(relation.organisation_id)
                    top = batch.tree.name(batch.tree.top(own))
                    yield f"{relation.get_kind_display()}：{org}{span}，与申报单位同属{top}"
                    break

    return check


def _declared(expert: "ExpertFacts", item: "ItemFacts", batch: "Batch") -> Iterator[str]:
    declaration = expert.declared.get(item.key)
    if declaration is not None:
        mine = declaration.declared_by_id is not None and declaration.declared_by_id == expert.user_id
        who = "本人申报" if mine else "管委会登记"
        yield f"{who}：{declaration.reason}"


RULES: tuple[Rule, ...] = (
    Rule(
        "organisation", "同单位", f"{AVOIDANCE}（与申报单位同属一个单位，含其上下级机构）", _same_organisation
    ),
    Rule("team", "本人参与", f"{AVOIDANCE}（本人为申报项目的参与人员）", _on_team),
    Rule(
        "coauthor",
        "近期合作",
        f"{AVOIDANCE}（近年与项目团队成员有合作；年限见 REVIEW_COAUTHOR_YEARS）",
        _coauthor,
        {"count_undated": True},
    ),
    Rule(
        "mentor",
        "师生关系",
        f"{AVOIDANCE}（与项目团队成员有师生关系）",
        _person_relation({RelationKind.ADVISOR, RelationKind.STUDENT}, "{label}团队成员{name}是本人的{kind}"),
    ),
    Rule(
        "family",
        "亲属关系",
        f"{AVOIDANCE}（与项目团队成员有亲属关系）",
        _person_relation({RelationKind.FAMILY}, "{label}团队成员{name}是本人的{kind}"),
    ),
    Rule(
        "former_employer",
        "曾任职",
        f"{AVOIDANCE}（近年曾在申报单位任职；年限见 REVIEW_FORMER_EMPLOYER_YEARS）",
        _organisation_relation({RelationKind.FORMER_EMPLOYER}, former_employer_years),
    ),
    Rule(
        "interest",
        "持股或任职",
        f"{AVOIDANCE}（在申报单位持股或兼职任职）",
        _organisation_relation({RelationKind.SHAREHOLDING, RelationKind.POST}, None),
    ),
    Rule("declared", "本人申报", f"{AVOIDANCE}（专家主动申报的其他利益冲突）", _declared),
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
