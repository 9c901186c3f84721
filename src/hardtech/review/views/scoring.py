"""The expert's pages: 我的评审 (the items assigned to me), the round's confidentiality pledge, the scoring form
(every save is kept on the server as a draft until submitted) and the declaration of a conflict."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hardtech.core.views import refusal_on, require

from .. import permissions, services
from ..forms import ConflictForm, ScoreForm
from ..models import Assignment, Invitation, Round, Score


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    assignments = (
        Assignment.objects.filter(expert__user=request.user, declined=False)
        .select_related("item__round", "score")
        .order_by("-item__round__created_at", "item_id")
    )
    pledged = set(request.user.review_pledges.values_list("round_id", flat=True))
    invitations = Invitation.objects.filter(expert__user=request.user).select_related("round")
    return render(
        request,
        "review/my_reviews.html",
        {
            "assignments": assignments,
            "pledged": pledged,
            "invitations": invitations,
            "chaired": Round.objects.filter(chair=request.user),
        },
    )


@login_required
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.is_reviewer(request.user, round_))
    if request.method == "POST":
        if request.POST.get("accept") == "1":
            services.accept_pledge(request.user, round_)
            messages.success(request, "已签署保密承诺")
            return redirect("review:my_reviews")
        messages.error(request, "请勾选“我已阅读并承诺遵守”后再确认")
    return render(request, "review/pledge.html", {"round": round_})


def _own(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("item__round", "expert"),
        pk=pk,
        expert__user=request.user,
        declined=False,
    )
    return assignment


def _initial(assignment: Assignment) -> dict:
    score = Score.objects.filter(assignment=assignment).first()
    if score is None:
        return {}
    return {
        **{f"c{k}": v for k, v in score.values.items()},
        "recommendation": score.recommendation,
        "comment": score.comment,
    }


PENDING = "review.pending_score"  # what was typed when the session had expired, kept for after signing in
KEPT_FIELD = re.compile(r"^(c\d{1,10}|recommendation|comment)$")


def _keep_for_later(request: HttpRequest, pk: int) -> None:
    """The session expired mid-form: the POST still passes CSRF (cookie-based), so keep the form's own fields
    in the new session; signing in keeps the session's data, and the scoring page saves them as a draft."""
    kept = {k: request.POST.get(k, "")[:4000] for k in list(request.POST)[:60] if KEPT_FIELD.match(k)}
    request.session[PENDING] = {"assignment": pk, "data": kept}
    messages.info(request, "登录已过期：您填写的评分已暂存，重新登录后将自动保存为草稿")


def _restore(request: HttpRequest, assignment: Assignment, form_for) -> None:
    pending = request.session.get(PENDING)
    if not pending or pending.get("assignment") != assignment.pk:
        return
    del request.session[PENDING]
    data = QueryDict(mutable=True)
    data.update(pending.get("data") or {})
    form = form_for(data)
    if not form.is_valid():
        return
    try:
        services.save_score(
            request.user,
            assignment,
            form.values(),
            form.cleaned_data["recommendation"],
            form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        messages.error(request, "登录过期前填写的评分未能保存：" + "；".join(exc.messages))
    else:
        messages.success(request, "已恢复登录过期前填写的评分，并保存为草稿")


def score(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            _keep_for_later(request, pk)
        return redirect_to_login(reverse("review:score", args=[pk]))
    assignment = _own(request, pk)
    round_ = assignment.item.round
    if not permissions.has_pledged(request.user, round_):
        return redirect("review:pledge", round_.pk)
    criteria = list(round_.criteria.all())
    if request.method == "GET":
        _restore(request, assignment, lambda data: ScoreForm(data, criteria=criteria))
    saved = Score.objects.filter(assignment=assignment).first()
    form = ScoreForm(request.POST or None, criteria=criteria, initial=_initial(assignment))
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            saved = services.save_score(
                request.user,
                assignment,
                form.values(),
                form.cleaned_data["recommendation"],
                form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "评分已提交" if submit else "草稿已保存")
            return redirect("review:my_reviews") if submit else redirect("review:score", assignment.pk)
    return render(
        request,
        "review/score_form.html",
        {
            "assignment": assignment,
            "item": assignment.item.item,
            "round": round_,
            "form": form,
            "saved": saved,
            "conflict_form": ConflictForm(),
            "peers": _peers(request, assignment, criteria),
        },
    )


def _peers(request: HttpRequest, assignment: Assignment, criteria) -> list[tuple[str, float]]:
    """The other reviewers' totals for this item, without names, once the expert's own score is submitted."""
    peers = services.peer_scores(request.user, assignment)
    if not peers:
        return []
    label = services.reviewer_labels(assignment.item.round, names=False)
    return [
        (label[s.assignment.expert_id], round(services.weighted_total(s.values, criteria), 2)) for s in peers
    ]


@require_POST
@login_required
def declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            replaced = services.declare_conflict(request.user, assignment, form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("review:score", assignment.pk)
        later = "已由其他专家接替" if replaced else "管委会将另行指定专家"
        messages.success(request, f"已申报回避“{assignment.item}”，{later}")
        return redirect("review:my_reviews")
    messages.error(request, "请填写回避原因")
    return redirect("review:score", assignment.pk)
