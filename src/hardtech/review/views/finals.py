"""决赛 pages: the operator opens the finals over the top of the calibrated ranking; a finals judge picks the
better of each pair of finalists (one small form per pair, radio choices, no script)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.core.views import refusal_on, require

from .. import finals, permissions
from ..forms import FinalsForm
from ..models import Finals, Round, RoundItem


@login_required
def finals_page(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    opened = Finals.objects.filter(round=round_).first()
    if opened is None:
        require(permissions.can_manage(request.user, round_))
        form = FinalsForm(finals.round_experts(round_), request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                finals.open_finals(
                    request.user, round_, form.cleaned_data["size"], list(form.cleaned_data["judges"]) or None
                )
            except ValidationError as exc:
                refusal_on(form, exc)
            else:
                messages.success(request, "已开启决赛")
                return redirect("review:finals", round_.pk)
        return render(request, "review/finals_open.html", {"round": round_, "form": form})
    require(permissions.sees_finals(request.user, opened))
    return render(
        request,
        "review/finals.html",
        {
            "round": round_,
            "finals": opened,
            "finalists": opened.finalists.select_related("item"),
            "pairs": finals.pairs_for(request.user, opened),
            "judging": permissions.is_finals_judge(request.user, opened),
            "chairs": permissions.can_chair(request.user, round_),
            "compared": opened.comparisons.count(),
        },
    )


@login_required
@require_POST
def finals_compare(request: HttpRequest, pk: int) -> HttpResponse:
    opened = get_object_or_404(Finals, round_id=pk)
    require(permissions.is_finals_judge(request.user, opened))
    keys = [request.POST.get(name, "") for name in ("first", "second", "winner")]
    if not all(k.isdigit() for k in keys):
        messages.error(request, "请在两个项目中选择较优的一项")
        return redirect("review:finals", pk)
    found = RoundItem.objects.filter(round_id=pk).in_bulk([int(k) for k in keys])
    if len({int(k) for k in keys} - found.keys()):
        messages.error(request, "所选项目不属于本轮")
        return redirect("review:finals", pk)
    first, second, winner = (found[int(k)] for k in keys)
    try:
        finals.compare(request.user, opened, first, second, winner)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已记录：“{winner}”较优")
    return redirect("review:finals", pk)
