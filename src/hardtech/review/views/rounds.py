"""The operator's pages: rounds (list, create, detail), the assignment by the engine, manual picks, the steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.core.views import refusal_on, require
from hardtech.core.workflow import WrongState, available, run

from .. import permissions, services
from ..forms import InviteForm, ManualForm, RoundForm, RubricForm, records_of
from ..models import Assignment, Round, RoundItem
from ..workflow import ROUND


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    rounds = Round.objects.all()
    return render(request, "review/round_list.html", {"rounds": rounds})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.create_round(
                request.user,
                title=data["title"],
                description=data["description"],
                reviewers_per_item=data["reviewers_per_item"],
                max_load=data["max_load"],
                deadline=data["deadline"],
                anonymity=data["anonymity"],
                chair=data["chair"],
                items=records_of(data["items"]),
                criteria=form.criteria(),
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"评审轮次“{round_}”已创建")
            return redirect("review:round_detail", round_.pk)
    return render(request, "review/round_form.html", {"form": form})


def _rows(round_: Round) -> list[dict]:
    items = list(round_.items.all())
    experts = services.candidates(round_)
    barred = services.conflicts(experts, items) if experts and items else {}
    names = {e.pk: e for e in experts}
    assignments: dict[int, list[Assignment]] = {i.pk: [] for i in items}
    for a in Assignment.objects.filter(item__round=round_).select_related("expert", "replaced_by__expert"):
        assignments[a.item_id].append(a)
    return [
        {
            "item": item,
            "assignments": assignments[item.pk],
            "conflicts": [(names[e], reasons) for (e, i), reasons in sorted(barred.items()) if i == item.pk],
            "form": ManualForm(item=item),
        }
        for item in items
    ]


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    return render(
        request,
        "review/round_detail.html",
        {
            "round": round_,
            "criteria": round_.criteria.all(),
            "rows": _rows(round_),
            "steps": available(ROUND, request.user, round_),
            "may_assign": round_.state in ("draft", "assigning"),
            "invitations": round_.invitations.select_related("expert"),
            "invite_form": InviteForm(),
        },
    )


@require_POST
@login_required
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    try:
        created = services.run_assignment(request.user, round_)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已分配 {len(created)} 个评审任务，并通知了专家")
    return redirect("review:round_detail", round_.pk)


@require_POST
@login_required
def round_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    try:
        transition = ROUND.transition(name)
        run(ROUND, name, request.user, round_)
    except LookupError:
        return HttpResponse(status=404)
    except (WrongState, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, WrongState) else "；".join(exc.messages))
    else:
        messages.success(request, transition.done_text)
    return redirect("review:round_detail", round_.pk)


@require_POST
@login_required
def round_manual(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(RoundItem.objects.select_related("round"), pk=item_pk, round_id=pk)
    require(permissions.can_manage(request.user, item.round))
    form = ManualForm(request.POST, item=item)
    if form.is_valid():
        replacing = None
        if form.cleaned_data["replacing"] is not None:
            replacing = get_object_or_404(Assignment, pk=form.cleaned_data["replacing"], item=item)
        try:
            services.assign_manually(request.user, item, form.cleaned_data["expert"], replacing)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已指定{form.cleaned_data['expert'].name}评审“{item}”")
    else:
        messages.error(request, "请选择要指定的专家；要替换的专家须是该项现有的评审专家")
    return redirect("review:round_detail", pk)


@require_POST
@login_required
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    try:
        count = services.remind(request.user, round_)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已提醒 {count} 位尚未提交评分的专家" if count else "所有专家均已提交评分")
    return redirect("review:round_detail", round_.pk)


@login_required
def round_rubric(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    form = RubricForm(request.POST or None, current=list(round_.criteria.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rubric(request.user, round_, form.criteria())
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "评分指标已保存")
            return redirect("review:round_detail", round_.pk)
    return render(request, "review/rubric_form.html", {"round": round_, "form": form})
