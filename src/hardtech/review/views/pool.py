"""专家库 pages: an expert's review profile (theirs, or any for the operator), the operator's invitations to a
round, and the expert's answer to one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.catalogue.models import Expert
from hardtech.core.views import refusal_on, require

from .. import permissions, pool
from ..forms import AnswerForm, InviteForm, ProfileForm
from ..models import Invitation, InvitationState, Round


def _profile_page(request: HttpRequest, expert: Expert) -> HttpResponse:
    require(permissions.can_edit_profile(request.user, expert))
    profile = pool.profile_of(expert)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            pool.update_profile(request.user, expert, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "评审档案已保存")
            return redirect(request.path)
    return render(
        request,
        "review/profile.html",
        {"expert": expert, "form": form, "works": expert.achievements.all()[:10]},
    )


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    expert = Expert.objects.filter(user=request.user).first()
    if expert is None:
        raise Http404("您还没有专家档案")
    return _profile_page(request, expert)


@login_required
def expert_profile(request: HttpRequest, expert_pk: int) -> HttpResponse:
    return _profile_page(request, get_object_or_404(Expert, pk=expert_pk))


@require_POST
@login_required
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_manage(request.user, round_))
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要邀请的专家")
        return redirect("review:round_detail", pk)
    try:
        created = pool.invite(request.user, round_, form.cleaned_data["experts"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已邀请 {len(created)} 位专家，并通知了他们")
    return redirect("review:round_detail", pk)


@login_required
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Invitation.objects.select_related("round", "expert"), pk=pk)
    require(permissions.can_respond(request.user, found))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pool.respond(
                request.user, found, accept=form.cleaned_data["accept"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            found.refresh_from_db()
            messages.success(request, f"您已{found.get_state_display()}“{found.round}”的评审邀请")
            return redirect("review:my_reviews")
    return render(
        request,
        "review/invitation.html",
        {"invitation": found, "form": form, "pending": found.state == InvitationState.PENDING},
    )
