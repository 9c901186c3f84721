"""The review rounds' one write path: rounds and their rubric, the assignment of experts (the assign engine over
matching affinities, without conflicts of interest), declared conflicts with their replacement, the pledge and
the scores; and the results (the judging engine's calibrated ranking beside the raw mean).

Every write runs in a transaction; refusals are ValidationError (the form shows it, the API answers 422) or
PermissionDenied (403), in Chinese, naming what is wrong.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.core.workflow import run
from hardtech.engines import assign as engine
from hardtech.engines import judging
from hardtech.engines.match import Document
from hardtech.notifications.services import notify

from . import permissions, pool
from .conflicts import barred_pairs, item_key
from .conflicts import services as conflict_services
from .conflicts.parties import adapter_for
from .models import (
    Anonymity,
    Assignment,
    AssignmentSource,
    Criterion,
    DeclaredConflict,
    InvitationState,
    Pledge,
    Recommendation,
    Round,
    RoundItem,
    RoundState,
    Score,
)
from .notifications import REVIEW_ASSIGNED, REVIEW_REMINDER
from .workflow import ROUND

FLOOR_AFFINITY = 0.01  # an allowed expert the matching engine did not rank is still a candidate, last


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _refuse(message: str, field_name: str | None = None) -> None:
    raise ValidationError({field_name: message} if field_name else message)


# Rounds, items and the rubric ------------------------------------------------------------------------------


def create_round(
    user,
    *,
    title: str,
    reviewers_per_item: int = 3,
    max_load: int = 5,
    deadline: datetime | None = None,
    anonymity: str = Anonymity.ANONYMOUS,
    chair=None,
    description: str = "",
    items: Iterable[Achievement | Demand] = (),
    criteria: Sequence["CriterionSpec"] = (),
) -> Round:
    _require(permissions.can_manage(user), "只有管委会可以创建评审轮次")
    round_ = Round(
        title=title.strip(),
        description=description.strip(),
        reviewers_per_item=reviewers_per_item,
        max_load=max_load,
        deadline=deadline,
        anonymity=anonymity,
        chair=chair,
        created_by=user,
    )
    round_.full_clean()
    with transaction.atomic():
        round_.save()
        set_items(user, round_, items)
        if criteria:
            set_rubric(user, round_, criteria)
    return round_


def _check_editable(round_: Round) -> None:
    if round_.state not in (RoundState.DRAFT, RoundState.ASSIGNING):
        _refuse(f"评审轮次“{round_}”已{round_.get_state_display()}，不能再修改评审对象或评分指标")


def set_items(user, round_: Round, records: Iterable[models.Model]) -> list[RoundItem]:
    """The round's items become exactly these records — each of a kind with a review adapter that says it may be
    reviewed now (a published listing, an application sent to review); those already assigned stay as they are."""
    _require(permissions.can_manage(user), "只有管委会可以修改评审对象")
    _check_editable(round_)
    wanted: dict[tuple[int, int], models.Model] = {}
    for record in records:
        adapter = adapter_for(record)
        if adapter is None or not adapter.reviewable(record):
            _refuse(f"“{record}”不是已发布的科技成果、技术需求或待评审的申报，不能列为评审对象", "items")
        wanted[(ContentType.objects.get_for_model(record).pk, record.pk)] = record
    with transaction.atomic():
        existing = {(i.content_type_id, i.object_id): i for i in round_.items.all()}
        for key, item in existing.items():
            if key not in wanted:
                if item.assignments.filter(declined=False).exists():
                    _refuse(f"“{item}”已分配评审专家，不能移出评审轮次", "items")
                item.delete()
        for ct, pk in wanted.keys() - existing.keys():
            RoundItem.objects.create(round=round_, content_type_id=ct, object_id=pk)
    return list(round_.items.all())


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: Decimal
    scale_min: int = 1
    scale_max: int = 10
    anchors: str = ""


def set_rubric(user, round_: Round, criteria: Sequence[CriterionSpec]) -> list[Criterion]:
    """Replace the round's rubric; refused unless the weights sum to 1 and every scale runs upwards."""
    _require(permissions.can_manage(user), "只有管委会可以设置评分指标")
    _check_editable(round_)
    if not criteria:
        _refuse("评分指标不能为空", "criteria")
    names = [c.name.strip() for c in criteria]
    if any(not n for n in names) or len(set(names)) != len(names):
        _refuse("每个评分指标须有名称，且名称不能重复", "criteria")
    for c in criteria:
        if c.weight <= 0:
            _refuse(f"指标“{c.name}”的权重应大于 0（实际为 {c.weight}）", "criteria")
        if c.scale_min >= c.scale_max:
            _refuse(f"指标“{c.name}”的最高分应大于最低分（{c.scale_min}–{c.scale_max}）", "criteria")
    total = sum((Decimal(c.weight) for c in criteria), Decimal(0))
    if total != 1:
        _refuse(f"评分指标的权重之和应为 1，现为 {total.normalize():f}", "criteria")
    with transaction.atomic():
        if Score.objects.filter(assignment__item__round=round_).exists():
            _refuse("已有专家保存了评分，不能再修改评分指标", "criteria")
        round_.criteria.all().delete()
        rows = [
            Criterion(
                round=round_,
                name=name,
                weight=c.weight,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                anchors=c.anchors.strip(),
                position=n,
            )
            for n, (name, c) in enumerate(zip(names, criteria, strict=True))
        ]
        for row in rows:
            row.full_clean(exclude=["round"])
        return Criterion.objects.bulk_create(rows)


# Conflicts and affinities ----------------------------------------------------------------------------------


def candidates(round_: Round | None = None) -> list[Expert]:
    """The expert pool: experts with an account (the assignment needs someone to score); for a round, those
    available, and only the accepted invitees once the round has invitations."""
    if round_ is not None:
        return pool.pool(round_)
    return list(
        Expert.objects.filter(user__isnull=False).select_related("organisation", "user").order_by("pk")
    )


def conflicts(experts: Sequence[Expert], items: Sequence[RoundItem]) -> dict[tuple[int, int], list[str]]:
    """(expert id, round item id) → why the pair is barred, from the conflict-of-interest registry."""
    by_key = {item_key(i.item): i.pk for i in items}
    return {
        (expert_id, by_key[key]): [c.explanation for c in found]
        for (expert_id, key), found in barred_pairs(experts, [i.item for i in items]).items()
        if key in by_key
    }


def affinities(experts: Sequence[Expert], items: Sequence[RoundItem]) -> dict[tuple[int, int], float]:
    """(expert id, round item id) → affinity in [0, 1]: the matching engine's score of the expert for the item's
    text, scaled by the best score of the round; an expert it did not rank keeps a small floor (a shared field
    lifts it a little) so that every allowed expert remains a candidate."""
    from hardtech.matching.services import matches

    wanted = {e.pk for e in experts}
    raw: dict[tuple[int, int], float] = {}
    for item in items:
        adapter = adapter_for(item.item)
        query = None
        if adapter is not None and adapter.document is not None:
            title, text = adapter.document(item.item)
            query = Document(id=f"{item.content_type_id}-{item.object_id}", title=title, text=text)
        for hit in matches(item.item, "experts", top=max(len(experts), 10), query=query):
            if hit.obj.pk in wanted:
                raw[(hit.obj.pk, item.pk)] = max(float(hit.match.score), 0.0)
    best = max(raw.values(), default=0.0) or 1.0
    scores = {}
    for item in items:
        field_code = getattr(item.item, "field", "")
        for e in experts:
            base = FLOOR_AFFINITY + (0.09 if field_code and field_code in (e.fields or []) else 0.0)
            matched = raw.get((e.pk, item.pk))
            scores[(e.pk, item.pk)] = round(0.1 + 0.9 * matched / best, 4) if matched else base
    return scores


# Assignment ------------------------------------------------------------------------------------------------


def _active(round_: Round):
    return Assignment.objects.filter(item__round=round_, declined=False)


def _declined_pairs(round_: Round) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(item__round=round_, declined=True).values_list("expert_id", "item_id")
    )


def _notify_assigned(user, assignments: Sequence[Assignment]) -> None:
    by_expert: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_expert[a.expert_id].append(a)
    for rows in by_expert.values():
        expert = rows[0].expert
        round_ = rows[0].item.round
        titles = "、".join(f"“{a.item}”" for a in rows)
        notify(
            [expert.user],
            REVIEW_ASSIGNED.code,
            round_,
            f"请评审“{round_}”：{len(rows)} 项",
            f"您被分配评审：{titles}。请先签署保密承诺，再查看材料并评分。",
            reverse("review:my_reviews"),
            actor=user,
        )


def run_assignment(user, round_: Round, source: str = AssignmentSource.ENGINE) -> list[Assignment]:
    """Give every item its reviewers: the assign engine at the highest total affinity, no conflict, loads
    respected, the round's standing assignments kept. Returns the new assignments; an item that cannot be
    covered is named in the refusal, with what would fix it."""
    _require(permissions.can_manage(user), "只有管委会可以分配评审专家")
    return _fill(user, round_, source)


def _fill(user, round_: Round, source: str) -> list[Assignment]:
    """run_assignment's work, also done on an expert's behalf when their declared conflict needs a replacement."""
    round_ = Round.objects.get(pk=round_.pk)  # its state as stored now, not as the caller read it
    if round_.state not in (RoundState.DRAFT, RoundState.ASSIGNING, RoundState.SCORING):
        _refuse(f"评审轮次已{round_.get_state_display()}，不能再分配专家")
    items = list(round_.items.all())
    if not items:
        _refuse("评审轮次还没有评审对象，请先选择成果或需求")
    experts = candidates(round_)
    barred = conflicts(experts, items) if experts else {}
    declined = _declined_pairs(round_)
    scores = affinities(experts, items)
    e_pos = {e.pk: n for n, e in enumerate(experts)}
    i_pos = {i.pk: n for n, i in enumerate(items)}
    allowed = [(e, i) for (e, i) in scores if (e, i) not in barred and (e, i) not in declined]
    keep = [
        (i_pos[i], e_pos[e]) for e, i in _active(round_).values_list("expert_id", "item_id") if e in e_pos
    ]
    held = defaultdict(int)
    for _, e in keep:
        held[e] += 1
    limit = pool.limits(round_, experts)
    instance = engine.Instance(
        k=round_.reviewers_per_item,
        applications=[engine.Application(id=str(i.pk), org=None, team=frozenset()) for i in items],
        experts=[
            engine.Expert(id=e.pk, person=None, org=None, max_load=max(limit[e.pk], held[n]))
            for n, e in enumerate(experts)
        ],
        pair_app=np.array([i_pos[i] for _, i in allowed], dtype=np.int32),
        pair_expert=np.array([e_pos[e] for e, _ in allowed], dtype=np.int32),
        pair_score=np.array([scores[p] for p in allowed], dtype=np.float64),
        declared={(i_pos[i], e_pos[e]) for e, i in barred.keys() | declined if e in e_pos and i in i_pos},
        keep=sorted(set(keep)),
    )
    result = engine.assign(instance)
    if isinstance(result, engine.Infeasible):
        _refuse(_infeasible_message(round_, items, result))
    kept = set(instance.keep)
    with transaction.atomic():
        created = [
            Assignment.objects.create(
                item=items[a],
                expert=experts[e],
                source=source,
                affinity=scores[(experts[e].pk, items[a].pk)],
            )
            for a, e in sorted(result.pairs)
            if (a, e) not in kept
        ]
        if round_.state == RoundState.DRAFT:
            run(ROUND, "open_assignment", user, round_)
            round_.refresh_from_db()
        _notify_assigned(user, created)
    return created


def _infeasible_message(round_: Round, items: Sequence[RoundItem], result: engine.Infeasible) -> str:
    by_id = {str(i.pk): i for i in items}
    uncovered = [u for u in result.uncovered if u.application in by_id]
    few = [u for u in uncovered if u.allowed_experts < u.needed]
    busy = [u for u in uncovered if u.allowed_experts >= u.needed]
    parts = [
        f"“{by_id[u.application]}”只有 {u.allowed_experts} 位无利益冲突的可选专家，需要 {u.needed} 位"
        for u in few
    ]
    if busy or not uncovered:
        names = "、".join(f"“{by_id[u.application]}”" for u in busy) or "全部评审对象"
        parts.append(f"专家的评审数上限不足以覆盖{names}")
    return (
        f"无法完成分配：{'；'.join(parts)}。请增加有账号的专家、减少每项评审专家数（现为 {round_.reviewers_per_item}），"
        f"或提高每位专家最多评审数（现为 {round_.max_load}）"
    )


def assign_manually(user, item: RoundItem, expert: Expert, replacing: Assignment | None = None) -> Assignment:
    """The operator's pick: re-checked against the conflict registry and refused with the reason."""
    _require(permissions.can_manage(user), "只有管委会可以调整专家分配")
    round_ = item.round
    if round_.state == RoundState.CLOSED:
        _refuse("评审轮次已结束，不能再调整分配")
    if expert.user_id is None:
        _refuse(f"专家{expert.name}还没有平台账号，无法评审", "expert")
    reasons = conflicts([expert], [item]).get((expert.pk, item.pk))
    if reasons:
        _refuse(f"不能指定{expert.name}评审“{item}”：{'；'.join(reasons)}", "expert")
    if round_.invitations.filter(expert=expert, state=InvitationState.DECLINED).exists():
        _refuse(f"{expert.name}已谢绝本轮的评审邀请", "expert")
    if (expert.pk, item.pk) in _declined_pairs(round_):
        _refuse(f"{expert.name}已对“{item}”申报回避，不能再指定", "expert")
    with transaction.atomic():
        if _active(round_).filter(item=item, expert=expert).exists():
            _refuse(f"{expert.name}已是“{item}”的评审专家", "expert")
        if replacing is not None:
            if replacing.item_id != item.pk or replacing.declined:
                _refuse("被替换的分配不属于该评审对象", "expert")
            if Score.objects.filter(assignment=replacing, submitted=True).exists():
                _refuse(f"{replacing.expert.name}已提交评分，不能替换", "expert")
            replacing.delete()
        elif item.assignments.filter(declined=False).count() >= round_.reviewers_per_item:
            _refuse(f"“{item}”已有 {round_.reviewers_per_item} 位评审专家，请选择要替换的专家", "expert")
        busy = pool.load_refusal(round_, expert)
        if busy:
            _refuse(busy, "expert")
        score = affinities([expert], [item])[(expert.pk, item.pk)]
        assignment = Assignment.objects.create(
            item=item, expert=expert, source=AssignmentSource.MANUAL, affinity=score
        )
        _notify_assigned(user, [assignment])
    return assignment


def declare_conflict(user, assignment: Assignment, reason: str) -> list[Assignment]:
    """The assigned expert declares a conflict: it is recorded in the registry, the assignment is withdrawn and
    a replacement is chosen by the engine with every other standing assignment kept. Returns the replacements
    (none when no allowed expert has room: the item then waits for the operator's manual pick)."""
    expert = assignment.expert
    _require(
        user.is_authenticated and expert.user_id == user.pk and not assignment.declined,
        "只能对分配给自己的评审对象申报回避",
    )
    reason = reason.strip()
    if not reason:
        _refuse("请说明回避的原因", "reason")
    item = assignment.item
    round_ = item.round
    if round_.state == RoundState.CLOSED:
        _refuse("评审轮次已结束")
    with transaction.atomic():
        declared = DeclaredConflict.objects.filter(
            expert=expert, content_type_id=item.content_type_id, object_id=item.object_id
        )
        if not declared.exists():  # the registry's own write path, so the declaration is checked and audited
            conflict_services.declare(user, expert, item.item, reason)
        Score.objects.filter(assignment=assignment).delete()
        assignment.declined = True
        assignment.declined_reason = reason[:500]
        assignment.save(update_fields=["declined", "declined_reason"])
        try:
            with transaction.atomic():
                replacements = _fill(user, round_, AssignmentSource.REPLACEMENT)
        except ValidationError:
            # No expert can take it: the declaration stands all the same, and the round page shows the item
            # one reviewer short for the operator to pick by hand.
            replacements = []
        if replacements:
            assignment.replaced_by = replacements[0]
            assignment.save(update_fields=["replaced_by"])
    return replacements


def remind(user, round_: Round) -> int:
    """Remind every expert with an unsubmitted score in the round (one notification each); returns how many."""
    _require(permissions.can_manage(user, round_), "只有管委会可以发送评审提醒")
    if round_.state != RoundState.SCORING:
        _refuse("只有评审中的轮次可以发送提醒")
    waiting: dict[int, list[Assignment]] = defaultdict(list)
    for a in _active(round_).exclude(score__submitted=True).select_related("expert__user", "item"):
        waiting[a.expert_id].append(a)
    deadline = f"，截止时间 {timezone.localtime(round_.deadline):%Y-%m-%d %H:%M}" if round_.deadline else ""
    for rows in waiting.values():
        notify(
            [rows[0].expert.user],
            REVIEW_REMINDER.code,
            round_,
            f"“{round_}”还有 {len(rows)} 项评分未提交",
            f"请尽快完成评分{deadline}。",
            reverse("review:my_reviews"),
            actor=user,
        )
    return len(waiting)


# Pledge and scores -----------------------------------------------------------------------------------------


def accept_pledge(user, round_: Round) -> Pledge:
    _require(permissions.is_reviewer(user, round_), "您不是本轮的评审专家")
    pledge, _ = Pledge.objects.get_or_create(round=round_, user=user)
    return pledge


def save_score(
    user,
    assignment: Assignment,
    values: dict[str, int | None],
    recommendation: str = "",
    comment: str = "",
    submit: bool = False,
) -> Score:
    """Save the expert's scores: a draft may be partial, a submission needs every criterion and a
    recommendation; a value outside its criterion's scale is refused either way."""
    _require(permissions.can_review_assignment(user, assignment), "您不能为该评审对象评分")
    round_ = Round.objects.get(
        pk=assignment.item.round_id
    )  # its state as stored now, not as the caller read it
    if round_.state != RoundState.SCORING:
        _refuse(f"评审轮次“{round_}”{round_.get_state_display()}，现在不能评分")
    if round_.deadline and timezone.now() > round_.deadline and submit:
        _refuse(f"评审已于 {timezone.localtime(round_.deadline):%Y-%m-%d %H:%M} 截止")
    criteria = {str(c.pk): c for c in round_.criteria.all()}
    clean: dict[str, int] = {}
    for key, value in values.items():
        c = criteria.get(str(key))
        if c is None:
            _refuse(f"未知的评分指标：{key}", "values")
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            _refuse(f"“{c.name}”的得分应为整数", f"c{c.pk}")
        if not c.scale_min <= value <= c.scale_max:
            _refuse(f"“{c.name}”的得分应在 {c.scale_min}–{c.scale_max} 分之间，实际为 {value}", f"c{c.pk}")
        clean[str(c.pk)] = value
    if recommendation and recommendation not in Recommendation.values:
        _refuse("推荐意见应为 强烈推荐、推荐 或 不推荐", "recommendation")
    if submit:
        missing = [c.name for k, c in criteria.items() if k not in clean]
        if missing:
            _refuse(f"提交前请为以下指标打分：{'、'.join(missing)}", "values")
        if not recommendation:
            _refuse("提交前请选择推荐意见", "recommendation")
    with transaction.atomic():
        score, _ = Score.objects.select_for_update().get_or_create(assignment=assignment)
        if score.submitted:
            _refuse("评分已提交，不能再修改")
        score.values = clean
        score.recommendation = recommendation
        score.comment = comment.strip()[:4000]
        score.submitted = submit
        score.submitted_at = timezone.now() if submit else None
        score.save()
    return score


# Results ---------------------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: RoundItem
    rank: int | None = None  # calibrated
    quality: float | None = None
    se: float | None = None
    raw_mean: float | None = None  # the weighted total on the rubric's scale, averaged over reviewers
    raw_rank: int | None = None
    before_finals: int | None = None  # the rank on the scores alone, once finals comparisons exist
    spread: float = 0.0  # the largest minus the smallest reviewer's total
    disagreement: bool = False
    reviews: list[tuple[str, float]] = field(default_factory=list)  # (reviewer, weighted total)


@dataclass
class Results:
    items: list[ItemResult]
    judges: list[dict]
    outliers: list[dict]
    calibrated: bool
    note: str = ""


DISAGREEMENT = 0.3  # reviewers' totals this share of the scale apart are shown to the chair


def weighted_total(values: dict[str, int], criteria: Sequence[Criterion]) -> float:
    return sum(float(c.weight) * values[str(c.pk)] for c in criteria)


def _on_ten(value: int, c: Criterion) -> int:
    """The judging engine reads 1–10 scores: another scale is mapped onto it."""
    if (c.scale_min, c.scale_max) == judging.instance.SCALE:
        return value
    return 1 + round(9 * (value - c.scale_min) / (c.scale_max - c.scale_min))


def reviewer_labels(round_: Round, names: bool) -> dict[int, str]:
    """expert id → how a reviewer of the round is shown: their name, or under anonymity 匿名专家 N (numbered in a
    fixed order, so the same reviewer keeps one label across items, pages, the API and the export)."""
    ids = sorted(set(Assignment.objects.filter(item__round=round_).values_list("expert_id", flat=True)))
    if not names:
        return {e: f"匿名专家{n}" for n, e in enumerate(ids, 1)}
    return dict(Expert.objects.filter(pk__in=ids).values_list("pk", "name"))


def peer_scores(user, assignment: Assignment) -> list[Score]:
    """The other reviewers' submitted scores of the reviewer's item, once their own is submitted (else none);
    shown under reviewer_labels(round, names=False), never with names."""
    if not permissions.sees_peer_scores(user, assignment):
        return []
    return list(
        Score.objects.filter(
            assignment__item_id=assignment.item_id, assignment__declined=False, submitted=True
        )
        .exclude(assignment=assignment)
        .select_related("assignment")
        .order_by("assignment__expert_id")
    )


def results(round_: Round, names: bool = True, finals: bool = True) -> Results:
    """The round's results; with names=False every reviewer is shown by their anonymous label; with finals the
    finals' pairwise comparisons are folded in (each item then also carries its rank on the scores alone)."""
    from .finals import pairwise

    criteria = list(round_.criteria.all())
    items = list(round_.items.all())
    scores = list(
        Score.objects.filter(assignment__item__round=round_, submitted=True, assignment__declined=False)
        .select_related("assignment__expert")
        .order_by("assignment__item_id", "assignment__expert_id")
    )
    label = reviewer_labels(round_, names)
    out = {i.pk: ItemResult(i) for i in items}
    lo = min((c.scale_min for c in criteria), default=0)
    hi = max((c.scale_max for c in criteria), default=1)
    for s in scores:
        out[s.assignment.item_id].reviews.append(
            (label[s.assignment.expert_id], weighted_total(s.values, criteria))
        )
    for r in out.values():
        totals = [t for _, t in r.reviews]
        if totals:
            r.raw_mean = round(sum(totals) / len(totals), 2)
            r.spread = round(max(totals) - min(totals), 2)
            r.disagreement = r.spread >= DISAGREEMENT * (hi - lo)
    for n, r in enumerate(
        sorted((r for r in out.values() if r.raw_mean is not None), key=lambda r: -r.raw_mean)
    ):
        r.raw_rank = n + 1
    judges: list[dict] = []
    outliers: list[dict] = []
    calibrated, note = False, ""
    rated = {s.assignment.item_id for s in scores}
    if criteria and len(rated) >= 2:
        shown = {str(s.assignment.expert_id): label[s.assignment.expert_id] for s in scores}
        pairs = [p for p in pairwise(round_) if int(p[1]) in rated and int(p[2]) in rated] if finals else []
        shown |= {p[0]: label[int(p[0])] for p in pairs}
        data = {
            "entries": [{"id": str(i)} for i in sorted(rated)],
            "judges": [{"id": j} for j in sorted(shown)],
            "criteria": [{"id": str(c.pk), "weight": float(c.weight)} for c in criteria],
            "scores": [
                [
                    str(s.assignment.expert_id),
                    str(s.assignment.item_id),
                    str(c.pk),
                    _on_ten(s.values[str(c.pk)], c),
                ]
                for s in scores
                for c in criteria
            ],
        }
        try:
            answer = judging.rank(judging.parse(data)).to_json()
            if pairs:
                before = {e["id"]: e["rank"] for e in answer["entries"]}
                answer = judging.rank(judging.parse({**data, "pairwise": pairs})).to_json()
        except judging.InstanceError as exc:  # e.g. every score the same criterion cannot carry: say so
            return Results(
                sorted(out.values(), key=lambda r: (r.raw_rank or 0, r.item.pk)), [], [], False, str(exc)
            )
        for e in answer["entries"]:
            r = out[int(e["id"])]
            r.rank, r.quality, r.se = e["rank"], e["quality"], e["se"]
            if pairs:
                r.before_finals = before[e["id"]]
        # the engine's judge id is the expert's id: replaced by the label so that anonymity holds
        judges = [{**j, "id": shown[j["id"]], "name": shown[j["id"]]} for j in answer["judges"]]
        crit = {str(c.pk): c.name for c in criteria}
        outliers = [
            {
                **o,
                "judge": shown[o["judge"]],
                "entry": str(out[int(o["entry"])].item),
                "criterion": crit[o["criterion"]],
            }
            for o in answer["outliers"]
        ]
        calibrated = True
    else:
        note = "至少两个评审对象有已提交的评分后，才能给出校准排名"
    ordered = sorted(out.values(), key=lambda r: (r.rank is None, r.rank or 0, r.raw_rank or 0, r.item.pk))
    return Results(ordered, judges, outliers, calibrated, note)
