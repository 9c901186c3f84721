"""The deal pages: the list, opening a deal (by hand or prefilled from a match, a demand, an achievement or an
expert), a deal's page with its stage steps, checklist, team, activity and documents, the edit form, the
permission-checked document download, and the technology manager's workspace.

Views parse and render; every write is a call to hardtech.deals.services, whose refusals (PermissionDenied: 403;
ValidationError: a message or a form error in Chinese) reach the user as they are. A deal the user may not see
is a 404 (permissions.visible_deals), never a 403 that would reveal it exists.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hardtech.accounts.models import User
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import Conflict
from hardtech.core.history import history_rows
from hardtech.core.uploads import file_policy, serve
from hardtech.core.views import form_errors, paginate, refusal_on, require
from hardtech.core.workflow import WrongState, available
from hardtech.deals import permissions, services
from hardtech.deals.choices import OPEN_STAGES, PIPELINE, EndReason, Landing, Source, Stage
from hardtech.deals.forms import (
    SORTS,
    ActivityForm,
    DealEditForm,
    DealListForm,
    DocumentForm,
    DueForm,
    ItemForm,
    LeadForm,
    MemberForm,
    OpenDealForm,
    StepForm,
    TickForm,
)
from hardtech.deals.models import ChecklistItem, Contract, Deal, DealMember, DocumentVersion
from hardtech.deals.views.board import (
    days_in_stage,
    filtered,
    mark_overdue,
    stage_columns,
    tabs,
    with_cards,
)
from hardtech.deals.workflow import DEAL

WORKSPACE_DAYS = 14
WORKSPACE_CARDS = 12  # per stage; the rest on the list (mine only)
MESSAGES_TEMPLATE = "deals/_messages.html"  # the deal's thread, when the messaging work has built it


def visible_deal(request: HttpRequest, pk: int) -> Deal:
    """The deal, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(permissions.visible_deals(request.user).select_related("lead"), pk=pk)


def back(deal: Deal, anchor: str = "") -> HttpResponse:
    return redirect(reverse("deals:detail", args=[deal.pk]) + (f"#{anchor}" if anchor else ""))


# --- the list ---------------------------------------------------------------------------------------------------


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    form = DealListForm(request.GET, user=request.user)
    deals = filtered(request.user, form)
    if stage := form.value("stage"):
        deals = deals.filter(stage=stage)
    if start := form.value("opened_from"):
        deals = deals.filter(opened_at__date__gte=start)
    if end := form.value("opened_to"):
        deals = deals.filter(opened_at__date__lte=end)
    for side, relation in (("buyer", "buyers"), ("seller", "sellers")):
        if name := form.value(side).strip():
            matching = Deal.objects.filter(**{f"{relation}__name__icontains": name})
            deals = deals.filter(pk__in=matching.values("pk"))
    if org := form.value("org"):
        deals = deals.filter(
            pk__in=Deal.objects.filter(Q(buyers=org) | Q(sellers=org)).values("pk"),
        )
    ordering = SORTS.get(form.value("sort"), SORTS["new"])[1]
    page = paginate(request, with_cards(deals.order_by(*ordering)))
    days_in_stage(page.object_list)
    mark_overdue(list(page.object_list))
    return render(
        request,
        "deals/deal_list.html",
        {
            "form": form,
            "page": page,
            "can_open": permissions.can_open(request.user),
            "tabs": tabs(request.user, "list"),
        },
    )


# --- opening a deal ---------------------------------------------------------------------------------------------

PREFILL = {"achievement": Achievement, "demand": Demand, "expert": Expert}


def _ids(request: HttpRequest, name: str) -> list[int]:
    """The ids given as ?achievement=1 (repeatable) or ?achievements=1 (a match panel's kind code)."""
    values = [*request.GET.getlist(name), *request.GET.getlist(f"{name}s")]
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 18]


def _prefill(request: HttpRequest, form: OpenDealForm) -> dict:
    initial: dict = {}
    picked: dict[str, list] = {}
    for name in PREFILL:
        queryset = form.fields[f"{name}s"].queryset  # only what the user may see
        picked[name] = list(queryset.filter(pk__in=_ids(request, name))) if _ids(request, name) else []
        if picked[name]:
            initial[f"{name}s"] = [obj.pk for obj in picked[name]]
    source = request.GET.get("source", "")
    if source not in Source.values:
        source = next(
            (
                s
                for s, name in ((Source.DEMAND, "demand"), (Source.ACHIEVEMENT, "achievement"))
                if picked[name]
            ),
            Source.MANUAL,
        )
    initial["source"] = source
    names = [obj.title for obj in picked["achievement"][:1]] or [obj.name for obj in picked["expert"][:1]]
    names += [obj.title for obj in picked["demand"][:1]]
    if names:
        initial["title"] = " — ".join(names)[:200]
    return initial


@login_required
def open_deal(request: HttpRequest) -> HttpResponse:
    require(permissions.can_open(request.user))
    if request.method == "POST":
        form = OpenDealForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deal = services.open_deal(
                    request.user,
                    title=data["title"],
                    summary=data["summary"],
                    source=data["source"],
                    achievements=data["achievements"],
                    experts=data["experts"],
                    demands=data["demands"],
                    sellers=data["sellers"],
                    buyers=data["buyers"],
                    amount=data["amount"],
                    lead=data.get("lead"),
                )
            except ValidationError as exc:
                refusal_on(form, exc)
            else:
                messages.success(request, f"已创建技术转移项目 {deal.code}“{deal.title}”")
                return redirect("deals:detail", deal.pk)
    else:
        form = OpenDealForm(user=request.user)
        form.initial = _prefill(request, form)
    return render(request, "deals/deal_open.html", {"form": form})


# --- a deal's page ----------------------------------------------------------------------------------------------


def _reverse(name: str, *args) -> str:
    """A URL of another area's page, or "" while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _stage_bar(deal: Deal, visits: list) -> list[dict]:
    first: dict[str, object] = {}
    last: dict[str, object] = {}
    for visit in visits:
        first.setdefault(visit.stage, visit)
        last[visit.stage] = visit
    if deal.stage in PIPELINE:
        reached = PIPELINE.index(deal.stage)
    else:  # ended: where it stood when it was ended
        reached = max((PIPELINE.index(v.stage) for v in visits if v.stage in PIPELINE), default=0)
    bar = []
    for index, stage in enumerate(PIPELINE):
        if index < reached or (index == reached and deal.stage == Stage.CLOSED):
            state = "done"
        elif index == reached:
            state = "current" if deal.stage in PIPELINE else "stopped"
        else:
            state = "todo"
        visit = first.get(stage)
        bar.append(
            {
                "label": Stage(stage).label,
                "state": state,
                "entered": visit.entered_at if visit else None,
                "left": last[stage].left_at if visit else None,
                "override": any(v.override for v in visits if v.stage == stage),
            }
        )
    return bar


def _steps(deal: Deal, user) -> dict:
    forward, skip, end = [], [], None
    for t in available(DEAL, user, deal):
        step = {
            "name": t.name,
            "label": t.label,
            "style": t.style,
            "confirm": t.confirm.format(obj=deal),
            "landing": t.target == Stage.LANDED,
        }
        if t.name == "end":
            end = step
        elif t.name.startswith("skip_to_"):
            skip.append(step)
        else:
            forward.append(step)
    return {"forward": forward, "skip": skip, "end": end}


def _messages_template() -> str:
    try:
        return select_template([MESSAGES_TEMPLATE]).template.name
    except TemplateDoesNotExist:
        return ""


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    user = request.user
    today = timezone.localdate()
    can_work = permissions.can_work(user, deal)
    can_lead = permissions.can_lead(user, deal) and deal.stage in OPEN_STAGES
    is_team = permissions.is_operator(user) or permissions.is_team(user, deal)
    items = list(deal.checklist.select_related("done_by").order_by("due_on", "id"))
    for item in items:
        item.overdue = not item.done and item.due_on is not None and item.due_on < today
    earlier = defaultdict(list)
    for item in items:
        if item.stage != deal.stage:
            earlier[item.stage].append(item)
    visits = list(deal.visits.select_related("moved_by"))
    contract = Contract.objects.filter(deal=deal).only("pk", "status", "deal_id").first()
    documents = deal.documents.prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
    )
    return render(
        request,
        "deals/deal_detail.html",
        {
            "deal": deal,
            "achievements": deal.achievements.all(),
            "experts": deal.experts.select_related("organisation"),
            "demands": deal.demands.select_related("enterprise"),
            "sellers": deal.sellers.all(),
            "buyers": deal.buyers.all(),
            "bar": _stage_bar(deal, visits),
            "visits": visits,
            "steps": _steps(deal, user),
            "end_reasons": EndReason.choices,
            "landings": Landing.choices,
            "checklist": [i for i in items if i.stage == deal.stage],
            "checklist_open": [i for i in items if i.stage == deal.stage and i.required and not i.done],
            "earlier": [(Stage(s).label, earlier[s]) for s in PIPELINE if s in earlier],
            "members": deal.members.select_related("user", "role"),
            "activities": deal.activities.select_related("author")[:50],
            "documents": documents,
            "can_work": can_work,
            "can_lead": can_lead,
            "can_contribute": permissions.can_contribute(user, deal),
            "is_team": is_team,
            "item_form": ItemForm(),
            "member_form": MemberForm(deal=deal) if can_lead else None,
            "lead_form": LeadForm(deal=deal) if can_lead else None,
            "activity_form": ActivityForm() if can_work else None,
            "document_form": DocumentForm(),
            "contract": contract,
            "contract_url": _reverse("deals:contract", contract.pk) if contract else "",
            "contract_new_url": "" if contract else _reverse("deals:contract_new", deal.pk),
            "messages_template": _messages_template(),
            "feedback_url": _reverse("deals:feedback", deal.pk)
            if permissions.can_give_feedback(user, deal)
            else "",
            "history": history_rows(deal) if is_team else None,
            "today": today,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    require(permissions.can_work(request.user, deal))
    form = DealEditForm(request.POST or None, instance=deal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_deal(request.user, deal, form.changes(), form.cleaned_data.get("version"))
        except Conflict as exc:
            current = exc.current
            data = form.data.copy()
            data["version"] = str(current.version)  # saving again, having looked, applies this input
            form.data = data
            amount = "—" if current.amount is None else f"{current.amount} 万元"
            form.add_error(
                None,
                f"{exc}。现在保存的内容：项目名称“{current.title}”，预计金额 {amount}。"
                "下面保留了您填写的内容，确认后再次保存将以它为准。",
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已保存项目“{saved.title}”")
            return redirect("deals:detail", deal.pk)
    return render(request, "deals/deal_form.html", {"form": form, "deal": deal})


@require_POST
@login_required
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Take a stage step (进入下一阶段, 越过清单, 终止) through services.move."""
    deal = visible_deal(request, pk)
    try:
        transition = DEAL.transition(name)
    except LookupError as exc:
        raise Http404 from exc
    form = StepForm(request.POST)
    form.is_valid()
    data = {}
    if name == "end":
        data["reason"] = form.cleaned_data.get("reason", "")
    if transition.target == Stage.LANDED:
        data["landing"] = form.cleaned_data.get("landing", "")
    try:
        services.move(request.user, deal, name, form.cleaned_data.get("note", ""), data)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{transition.done_text}：{deal.code}")
    return back(deal, "stages")


# --- the checklist ----------------------------------------------------------------------------------------------


def _item(request: HttpRequest, pk: int, item_pk: int) -> ChecklistItem:
    deal = visible_deal(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_pk, deal=deal)
    item.deal = deal
    return item


@require_POST
@login_required
def tick(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = TickForm(request.POST)
    form.is_valid()
    done = form.cleaned_data.get("done", False)
    try:
        services.tick(request.user, item, done, form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{'已完成' if done else '已改为未完成'}：{item.label}")
    return back(item.deal, "checklist")


@require_POST
@login_required
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(deal, "checklist")
    try:
        item = services.add_item(request.user, deal, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已添加事项：{item.label}")
    return back(deal, "checklist")


@require_POST
@login_required
def set_due(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(item.deal, "checklist")
    due_on = form.cleaned_data["due_on"]
    services.set_due(request.user, item, due_on)
    messages.success(request, f"“{item.label}”的截止日期{'改为 ' + str(due_on) if due_on else '已清除'}")
    return back(item.deal, "checklist")


# --- the team ---------------------------------------------------------------------------------------------------


@require_POST
@login_required
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    require(permissions.can_lead(request.user, deal))
    form = MemberForm(request.POST, deal=deal)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(deal, "team")
    try:
        member = services.add_member(request.user, deal, form.cleaned_data["user"], form.cleaned_data["role"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{member.user} 已加入项目团队（{member.role}）")
    return back(deal, "team")


@require_POST
@login_required
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    membership = get_object_or_404(DealMember.objects.select_related("user"), pk=member_pk, deal=deal)
    membership.deal = deal
    services.remove_member(request.user, membership)
    messages.success(request, f"{membership.user} 已移出项目团队")
    return back(deal, "team")


@require_POST
@login_required
def change_lead(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    require(permissions.can_lead(request.user, deal))
    form = LeadForm(request.POST, deal=deal)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(deal, "team")
    try:
        deal = services.change_lead(request.user, deal, form.cleaned_data["lead"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"牵头技术经理人已改为 {deal.lead}")
    # A lead who handed over is no longer on the team (read afresh: the request's user keeps its grants).
    if not permissions.can_view(User.objects.get(pk=request.user.pk), deal):
        return redirect("deals:board")
    return back(deal, "team")


# --- activity and documents -------------------------------------------------------------------------------------


@require_POST
@login_required
def log_activity(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(deal, "activity")
    data = form.cleaned_data
    try:
        services.log_activity(
            request.user, deal, data["kind"], data["summary"], data["body"], data["occurred_at"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已记录：{data['summary']}")
    return back(deal, "activity")


@require_POST
@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(deal, "documents")
    data = form.cleaned_data
    try:
        version = services.upload_document(request.user, deal, data["title"], data["file"], data["note"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已上传《{version.document.title}》第 {version.number} 版")
    return back(deal, "documents")


@file_policy
def download(request: HttpRequest, pk: int) -> FileResponse:
    """A document version, for those who see its deal; 404 for everyone else (anonymous included)."""
    version = get_object_or_404(DocumentVersion.objects.select_related("document__deal"), pk=pk)
    if not request.user.is_authenticated or not permissions.can_view(request.user, version.document.deal):
        raise Http404
    return serve(version.file, version.name, version.content_type)


# --- the technology manager's workspace -------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_open(user))
    mine = Deal.objects.filter(pk__in=permissions.team_deal_ids(user))
    columns, totals = stage_columns(mine, {"mine": "on"}, (*PIPELINE, Stage.ENDED), WORKSPACE_CARDS)
    today = timezone.localdate()
    tasks = list(
        ChecklistItem.objects.filter(
            deal__in=mine,
            deal__stage__in=OPEN_STAGES,
            stage=F("deal__stage"),
            done_at=None,
            due_on__lte=today + timezone.timedelta(days=WORKSPACE_DAYS),
        )
        .select_related("deal")
        .order_by("due_on", "id")[:200]
    )
    for task in tasks:
        task.overdue = task.due_on < today
    served = []
    for label, relation in (("需求方企业", "deals_as_buyer"), ("成果方机构", "deals_as_seller")):
        organisations = (
            Organisation.objects.filter(**{f"{relation}__in": mine})
            .annotate(deal_count=Count(relation, distinct=True))
            .order_by("-deal_count", "name")
        )
        served.append((label, list(organisations)))
    return render(
        request,
        "deals/workspace.html",
        {
            "columns": [c for c in columns if c["count"]],
            "deal_count": sum(row["n"] for row in totals.values()),
            "tasks": tasks,
            "days": WORKSPACE_DAYS,
            "served": served,
            "tabs": tabs(user, "workspace"),
        },
    )


urls = [
    path("list/", deal_list, name="list"),
    path("new/", open_deal, name="open"),
    path("mine/", workspace, name="workspace"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/step/<slug:name>/", step, name="step"),
    path("<int:pk>/checklist/add/", add_item, name="item_add"),
    path("<int:pk>/checklist/<int:item_pk>/tick/", tick, name="item_tick"),
    path("<int:pk>/checklist/<int:item_pk>/due/", set_due, name="item_due"),
    path("<int:pk>/team/add/", add_member, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/remove/", remove_member, name="member_remove"),
    path("<int:pk>/team/lead/", change_lead, name="lead_change"),
    path("<int:pk>/activity/", log_activity, name="activity_add"),
    path("<int:pk>/documents/", upload, name="document_upload"),
    path("documents/<int:pk>/", download, name="document"),
]
