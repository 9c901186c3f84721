"""The board (看板): a column per stage with its count and the sum of its amounts, and the newest cards of each.

Fast with many deals: the counts and sums of every column come from one grouped query, and the cards of all
columns from one query that numbers each stage's deals (a window function) and keeps the first CARDS of each;
the parties of the cards are two prefetches. The filters are the list's (views.deals.deal_list), applied by
`filtered`, which joins the many-to-many relations only inside subqueries so that counts and sums stay right.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode

from hardtech.accounts.models import User
from hardtech.deals import permissions
from hardtech.deals.choices import PIPELINE, Stage
from hardtech.deals.forms import DealFilterForm
from hardtech.deals.models import ChecklistItem, Deal

CARDS = 30  # per column
FILTERS = ("q", "lead", "source", "field", "mine")


def filtered(user: User, form: DealFilterForm, queryset: QuerySet[Deal] | None = None) -> QuerySet[Deal]:
    """The deals the user may see (permissions.visible_deals), narrowed by the form's filters."""
    queryset = permissions.visible_deals(user) if queryset is None else queryset
    if q := form.value("q").strip():
        queryset = queryset.filter(_text_q(q))
    if lead := form.value("lead"):
        queryset = queryset.filter(lead=lead)
    if source := form.value("source"):
        queryset = queryset.filter(source=source)
    if field := form.value("field"):
        related = Deal.objects.filter(Q(achievements__field=field) | Q(demands__field=field))
        queryset = queryset.filter(pk__in=related.values("pk"))
    if form.value("mine"):
        queryset = queryset.filter(pk__in=permissions.team_deal_ids(user))
    return queryset


def _text_q(q: str) -> Q:
    """Every word is in the code (JY2026000123, or part of it) or the title."""
    condition = Q()
    for word in q.split()[:10]:
        condition &= Q(code__icontains=word) | Q(title__icontains=word)
    return condition


def overdue_exists(today=None) -> Exists:
    """Whether the deal has an undone item of its current stage's checklist past its due date."""
    today = today or timezone.localdate()
    return Exists(
        ChecklistItem.objects.filter(
            deal=OuterRef("pk"), stage=OuterRef("stage"), done_at=None, due_on__lt=today
        )
    )


def with_cards(queryset: QuerySet[Deal]) -> QuerySet[Deal]:
    """What a card shows: the lead, the parties, the overdue marker."""
    return (
        queryset.select_related("lead")
        .prefetch_related("buyers", "sellers")
        .annotate(overdue=overdue_exists())
        .defer("summary", "stage_note")
    )


def days_in_stage(deals, now=None) -> None:
    now = now or timezone.now()
    for deal in deals:
        deal.days_in_stage = max((now - deal.stage_entered_at).days, 0)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    form = DealFilterForm(request.GET, user=request.user)
    deals = filtered(request.user, form)
    totals = {
        row["stage"]: row
        for row in deals.order_by().values("stage").annotate(n=Count("pk"), total=Sum("amount"))
    }
    ranked = deals.annotate(
        position=Window(
            RowNumber(), partition_by=[F("stage")], order_by=[F("stage_entered_at").desc(), F("pk").desc()]
        )
    ).filter(position__lte=CARDS, stage__in=PIPELINE)
    cards: dict[str, list[Deal]] = {stage: [] for stage in PIPELINE}
    shown = list(with_cards(ranked).order_by("-stage_entered_at", "-pk"))
    days_in_stage(shown)
    for deal in shown:
        cards[deal.stage].append(deal)
    kept = {name: request.GET.get(name) for name in FILTERS if request.GET.get(name)}
    columns = []
    for stage in PIPELINE:
        row = totals.get(stage, {})
        count = row.get("n", 0)
        columns.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": count,
                "total": row.get("total") or Decimal("0"),
                "cards": cards[stage],
                "more": count > len(cards[stage]),
                "list_url": "?" + urlencode({**kept, "stage": stage}),
            }
        )
    ended = totals.get(Stage.ENDED, {})
    return render(
        request,
        "deals/board.html",
        {
            "form": form,
            "columns": columns,
            "ended_count": ended.get("n", 0),
            "ended_url": "?" + urlencode({**kept, "stage": Stage.ENDED}),
            "total_count": sum(row["n"] for row in totals.values()),
            "can_open": permissions.can_open(request.user),
            "filters": urlencode(kept),
        },
    )


urls = [path("", board, name="board")]
