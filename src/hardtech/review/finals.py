"""决赛's write path: the operator opens the finals over the top N of the calibrated ranking, the finals judges
record which of two finalists is better (never on an item they are in conflict with); services.results folds the
comparisons into the judging engine (Bradley–Terry with judge reliability)."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hardtech.catalogue.models import Expert

from . import permissions, services
from .models import Assignment, Comparison, Finalist, Finals, Round, RoundItem, RoundState

DEFAULT_SIZE = 6


def round_experts(round_: Round) -> list[Expert]:
    """The experts standing in the round, with an account: the default finals judges."""
    ids = Assignment.objects.filter(item__round=round_, declined=False).values_list("expert_id", flat=True)
    return list(Expert.objects.filter(pk__in=ids, user__isnull=False).order_by("pk"))


def open_finals(
    user, round_: Round, size: int = DEFAULT_SIZE, judges: Sequence[Expert] | None = None
) -> Finals:
    if not permissions.can_manage(user, round_):
        raise PermissionDenied("只有管委会可以开启决赛")
    round_ = Round.objects.get(pk=round_.pk)
    if round_.state not in (RoundState.SCORING, RoundState.CLOSED):
        raise ValidationError(f"评审轮次“{round_}”{round_.get_state_display()}，评分开始后才能开启决赛")
    if Finals.objects.filter(round=round_).exists():
        raise ValidationError("本轮已开启决赛")
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValidationError({"size": f"决赛项目数应为不少于 2 的整数，实际为 {size!r}"})
    found = services.results(round_, finals=False)
    if not found.calibrated:
        raise ValidationError(f"还没有校准排名，不能开启决赛：{found.note}")
    ranked = [r.item for r in found.items if r.rank is not None][:size]
    standing = round_experts(round_)
    chosen = standing if judges is None else list(judges)
    if not chosen:
        raise ValidationError({"judges": "请至少选择一位决赛评委"})
    outside = [e.name for e in chosen if e not in standing]
    if outside:
        raise ValidationError({"judges": f"决赛评委须是本轮的评审专家：{'、'.join(outside)}不是"})
    with transaction.atomic():
        finals = Finals.objects.create(round=round_, size=len(ranked), opened_by=user)
        finals.judges.set(chosen)
        Finalist.objects.bulk_create(
            Finalist(finals=finals, item=item, seed=n) for n, item in enumerate(ranked, 1)
        )
    return finals


def compare(user, finals: Finals, first: RoundItem, second: RoundItem, winner: RoundItem) -> Comparison:
    """Record the judge's preference between two finalists (a later choice on the same pair replaces it)."""
    judge = finals.judges.filter(user=user).first() if user.is_authenticated else None
    if judge is None:
        raise PermissionDenied("您不是本轮决赛的评委")
    finalists = set(finals.finalists.values_list("item_id", flat=True))
    if first.pk == second.pk:
        raise ValidationError("请比较两个不同的决赛项目")
    stray = [str(i) for i in (first, second) if i.pk not in finalists]
    if stray:
        raise ValidationError(f"{'、'.join(f'“{s}”' for s in stray)}不是本轮的决赛项目")
    if winner.pk not in (first.pk, second.pk):
        raise ValidationError({"winner": "胜者应是被比较的两个项目之一"})
    barred = services.conflicts([judge], [first, second])
    for item in (first, second):
        reasons = barred.get((judge.pk, item.pk))
        if reasons:
            raise PermissionDenied(f"您与“{item}”存在利益冲突，不能参与其比较：{'；'.join(reasons)}")
    a, b = sorted((first, second), key=lambda i: i.pk)
    with transaction.atomic():
        comparison, _ = Comparison.objects.update_or_create(
            finals=finals, judge=judge, item_a=a, item_b=b, defaults={"winner": winner}
        )
    return comparison


def pairwise(round_: Round) -> list[list[str]]:
    """The finals' comparisons as the judging engine reads them: [judge, entry a, entry b, winner]."""
    return [
        [str(c.judge_id), str(c.item_a_id), str(c.item_b_id), str(c.winner_id)]
        for c in Comparison.objects.filter(finals__round=round_).order_by("id")
    ]


def pairs_for(user, finals: Finals) -> list[tuple[RoundItem, RoundItem, Comparison | None]]:
    """The judge's pairs of finalists, those with an item they are in conflict with left out."""
    judge = finals.judges.filter(user=user).first()
    if judge is None:
        return []
    items = [f.item for f in finals.finalists.select_related("item")]
    barred = services.conflicts([judge], items)
    allowed = [i for i in items if (judge.pk, i.pk) not in barred]
    done = {(c.item_a_id, c.item_b_id): c for c in finals.comparisons.filter(judge=judge)}
    ordered = sorted(allowed, key=lambda i: i.pk)
    return [(a, b, done.get((a.pk, b.pk))) for n, a in enumerate(ordered) for b in ordered[n + 1 :]]
