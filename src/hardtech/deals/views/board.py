"""The board (看板): a column per stage with its count and the sum of its amounts, and the newest cards of each.

Fast with many deals: the counts and sums of every column come from one grouped query, and the cards of all
columns from one query that numbers each stage's deals (a window function) and keeps the first CARDS of each;
the parties of the cards are two prefetches. The filters are the list's (views.deals.deal_list), applied by
`filtered`, which joins the many-to-many relations only inside subqueries so that counts and sums stay right.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from hardtech.accounts.models import Role, User
from hardtech.catalogue.permissions import role_of
from hardtech.deals import permissions
from hardtech.deals.choices import PIPELINE, Stage
from hardtech.deals.forms import DealFilterForm
from hardtech.deals.models import ChecklistItem, Deal

CARDS = 30  # per column
FILTERS = ("q", "lead", "source", "field", "mine")


def tabs(user: User, active: str) -> list[dict]:
    """The deals section's own navigation, as far as the user may go (the other areas' pages once they exist)."""
    items = [("board", "看板", "deals:board"), ("list", "项目列表", "deals:list")]
    if permissions.can_open(user):
        items.append(("workspace", "我的工作台", "deals:workspace"))
    if permissions.can_see_performance(user):
        items.append(("performance", "经理人业绩", "deals:performance"))
    elif role_of(user) == Role.MANAGER:
        items.append(("performance", "我的业绩", "deals:performance_mine"))
    if permissions.can_import_contracts(user):
        items.append(("registry", "技术合同登记", "deals:registry"))
    out = []
    for key, label, name in items:
        try:
            out.append({"label": label, "url": reverse(name), "active": key == active})
        except NoReverseMatch:
            continue
    return out


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


def with_cards(queryset: QuerySet[Deal]) -> QuerySet[Deal]:
    """What a card shows: the lead and the parties (the overdue marker: mark_overdue, on the cards shown)."""
    return (
        queryset.select_related("lead").prefetch_related("buyers", "sellers").defer("summary", "stage_note")
    )


def mark_overdue(deals: list[Deal], today=None) -> None:
    """`overdue` on each deal: an undone item of its current stage's checklist is past its due date (one query
    for the cards shown, rather than a subquery for every deal the window numbers)."""
    today = today or timezone.localdate()
    late = (
        set(
            ChecklistItem.objects.filter(deal__in=[d.pk for d in deals], done_at=None, due_on__lt=today)
            .order_by()
            .values_list("deal_id", "stage")
            .distinct()
        )
        if deals
        else set()
    )
    for deal in deals:
        deal.overdue = (deal.pk, deal.stage) in late


def days_in_stage(deals, now=None) -> None:
    now = now or timezone.now()
    for deal in deals:
        deal.days_in_stage = max((now - deal.stage_entered_at).days, 0)


def stage_columns(
    deals: QuerySet[Deal], kept: dict, stages=PIPELINE, cards: int = CARDS
) -> tuple[list, dict]:
    """A column per stage: its count and sum of amounts (one grouped query over every stage, ENDED included)
    and its newest `cards` deals (one windowed query); `kept` the filters its "查看全部" link keeps. Returns the
    columns and the totals by stage."""
    totals = {
        row["stage"]: row
        for row in deals.order_by().values("stage").annotate(n=Count("pk"), total=Sum("amount"))
    }
    ranked = deals.annotate(
        position=Window(
            RowNumber(), partition_by=[F("stage")], order_by=[F("stage_entered_at").desc(), F("pk").desc()]
        )
    ).filter(position__lte=cards, stage__in=stages)
    shown: dict[str, list[Deal]] = {stage: [] for stage in stages}
    listed = list(with_cards(ranked).order_by("-stage_entered_at", "-pk"))
    days_in_stage(listed)
    mark_overdue(listed)
    for deal in listed:
        shown[deal.stage].append(deal)
    columns = []
    for stage in stages:
        row = totals.get(stage, {})
        count = row.get("n", 0)
        columns.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": count,
                "total": row.get("total") or Decimal("0"),
                "cards": shown[stage],
                "more": count > len(shown[stage]),
                "list_url": reverse("deals:list") + "?" + urlencode({**kept, "stage": stage}),
            }
        )
    return columns, totals


@login_required
def board(request: HttpRequest) -> HttpResponse:
    form = DealFilterForm(request.GET, user=request.user)
    kept = {name: request.GET.get(name) for name in FILTERS if request.GET.get(name)}
    columns, totals = stage_columns(filtered(request.user, form), kept)
    ended = totals.get(Stage.ENDED, {})
    return render(
        request,
        "deals/board.html",
        {
            "form": form,
            "columns": columns,
            "ended_count": ended.get("n", 0),
            "ended_url": reverse("deals:list") + "?" + urlencode({**kept, "stage": Stage.ENDED}),
            "total_count": sum(row["n"] for row in totals.values()),
            "can_open": permissions.can_open(request.user),
            "tabs": tabs(request.user, "board"),
        },
    )


urls = [path("", board, name="board")]
