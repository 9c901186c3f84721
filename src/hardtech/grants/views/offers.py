"""免申即享 pages: the applicant's offer (confirm with the 收款账户 or decline, in one step) and the operator's
list per call (make the offers, approve the confirmed ones, or lapse one: 不予兑现). Thin views: every write goes
through hardtech.grants.offers; a refusal is shown on the form that was sent or as a message. An approval refused
(no longer paid, the article taken, the annual cap) is kept in the session, so the offer page and the list show
it next to the step that ends the offer, its reason pre-filled."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from hardtech.core.views import form_errors, refusal_on, require
from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, offers, permissions
from hardtech.grants.applications import may_correct_bank
from hardtech.grants.choices import ApplicationStatus, Route
from hardtech.grants.models import Application, ApplicationItem, Call
from hardtech.grants.views.applications import bank_form
from hardtech.policies.views.running import money

# Once approved, the offer's money (approved, paid, outstanding) is shown by the shared money partial.
AWARDED = (ApplicationStatus.APPROVED, ApplicationStatus.PAID, ApplicationStatus.REVOKED)
# offer pk (str) → why its 拨付审批 was refused, for the operator's pages.
REFUSALS = "grants_offer_refusals"


class ConfirmForm(forms.Form):
    account_name = forms.CharField(
        label="收款户名", max_length=200, help_text="须与申报主体名称一致（对公账户）"
    )
    bank_name = forms.CharField(label="开户银行", max_length=100, help_text="含支行名称")
    bank_code = forms.CharField(label="开户行联行号", max_length=20, help_text="12 位数字")
    account_number = forms.CharField(label="收款账号", max_length=40, help_text="8–32 位数字，可含空格")


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="放弃原因（选填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LapseForm(forms.Form):
    note = forms.CharField(
        label="不予兑现理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="将通知申报主体",
    )


def _refusal(request: HttpRequest, application: Application) -> str:
    """Why the offer's approval was refused last, while it can still be approved or lapsed."""
    if application.status != ApplicationStatus.CONFIRMED:
        return ""
    return request.session.get(REFUSALS, {}).get(str(application.pk), "")


def _remember_refusal(request: HttpRequest, application: Application, reason: str | None) -> None:
    refusals = dict(request.session.get(REFUSALS, {}))
    if reason:
        refusals[str(application.pk)] = reason
    else:
        refusals.pop(str(application.pk), None)
    request.session[REFUSALS] = refusals


def _lapse_form(refusal: str) -> LapseForm:
    return LapseForm(initial={"note": f"拨付审批未通过：{refusal}"} if refusal else None)


def _offer(request: HttpRequest, pk: int) -> Application:
    """The offer, or a 404 for whoever may not see it (missing and invisible look the same)."""
    application = get_object_or_404(Application.objects.select_related("call", "applicant"), pk=pk)
    if not permissions.can_view(request.user, application):
        raise Http404
    return application


def _may_answer(user, application: Application) -> bool:
    """Whether the page draws the confirm and decline forms."""
    return (
        application.status == ApplicationStatus.OFFERED
        and permissions.is_member(user, application)
        and not application.call.past_deadline()
    )


def _offer_page(
    request: HttpRequest, application: Application, confirm_form: ConfirmForm | None = None
) -> HttpResponse:
    user = request.user
    items = list(application.items.all())
    may_answer = _may_answer(user, application)
    is_operator = permissions.can_manage(user)
    refusal = _refusal(request, application) if is_operator else ""
    return render(
        request,
        "grants/offer.html",
        {
            "application": application,
            "items": items,
            "total": money(sum((i.computed for i in items), ledger.ZERO)),
            "balances": ledger.balances_for(i.pk for i in items),
            "is_operator": is_operator,
            "show_bank": permissions.can_see_bank(user, application),
            "awarded": application.status in AWARDED,
            "may_answer": may_answer,
            "may_approve": is_operator and application.status == ApplicationStatus.CONFIRMED,
            "refusal": refusal,
            "lapse_form": _lapse_form(refusal) if is_operator and offers.may_lapse(application) else None,
            # Pre-filled with the account the applicant gave last; drawn only for the applicant's users.
            "confirm_form": confirm_form
            or (ConfirmForm(initial=offers.known_account(application.applicant)) if may_answer else None),
            "decline_form": DeclineForm(),
            "correction_form": bank_form(application) if may_correct_bank(user, application) else None,
        },
    )


@login_required
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    application = _offer(request, pk)
    if not application.is_offer:
        return redirect("grants:application", application.pk)
    return _offer_page(request, application)


@require_POST
@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    application = _offer(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            offers.confirm_offer(request.user, application, **form.cleaned_data)
        except WrongState as exc:
            messages.error(request, str(exc))
            return redirect("grants:offer", application.pk)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "已确认兑现，收款账户已登记；管委会审批后即安排拨付")
            return redirect("grants:offer", application.pk)
    if not _may_answer(request.user, application):
        # The page draws the form only while the applicant may still answer (e.g. past the deadline).
        messages.error(request, form_errors(form))
        return redirect("grants:offer", application.pk)
    return _offer_page(request, application, form)


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    application = _offer(request, pk)
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        offers.decline_offer(request.user, application, note)
    except (ValidationError, WrongState) as exc:
        messages.error(request, _reason(exc))
    else:
        messages.success(request, "已放弃本次免申即享兑现")
    return redirect("grants:offer", application.pk)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    application = _offer(request, pk)
    _approve_one(request, application)
    if request.POST.get("back") == "list":
        return redirect("grants:call_offers", application.call_id)
    return redirect("grants:offer", application.pk)


def _reason(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _approve_one(request: HttpRequest, application: Application) -> bool:
    try:
        changes = offers.approve_offer(request.user, application)
    except (ValidationError, WrongState) as exc:
        messages.error(
            request, f"{application.applicant.name}：{_reason(exc)}。可修正后再审批，或作出不予兑现决定"
        )
        if isinstance(exc, ValidationError):
            _remember_refusal(request, application, _reason(exc))
        return False
    _remember_refusal(request, application, None)
    moved = "；".join(offers.change_text(c) for c in changes)
    messages.success(
        request,
        f"{application.applicant.name} 的免申即享兑现已审批，转入待拨付"
        + (f"（重新测算有变化：{moved}）" if moved else ""),
    )
    return True


@require_POST
@login_required
def lapse(request: HttpRequest, pk: int) -> HttpResponse:
    """不予兑现（失效）, from the offer page or the call's list (back=list); a refusal is a message."""
    application = _offer(request, pk)
    form = LapseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "不予兑现须填写理由")
    else:
        try:
            offers.lapse_offer(request.user, application, form.cleaned_data["note"])
        except (ValidationError, WrongState) as exc:
            messages.error(request, f"{application.applicant.name}：{_reason(exc)}")
        else:
            _remember_refusal(request, application, None)
            messages.success(
                request, f"{application.applicant.name} 的免申即享兑现已失效（不予兑现），已通知申报主体"
            )
    if request.POST.get("back") == "list":
        return redirect("grants:call_offers", application.call_id)
    return redirect("grants:offer", application.pk)


# --- the operator's list per call -------------------------------------------------------------------------------


@login_required
def call_offers(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    require(permissions.can_manage(request.user))
    rows = list(
        call.applications.filter(route=Route.OFFER)
        .select_related("applicant")
        .prefetch_related(Prefetch("items", queryset=ApplicationItem.objects.order_by("id")))
        .order_by("status", "applicant__name")
    )
    counts = dict(
        call.applications.filter(route=Route.OFFER).values_list("status").annotate(n=Count("id")).order_by()
    )
    return render(
        request,
        "grants/call_offers.html",
        {
            "call": call,
            "articles": offers.offer_articles(call),
            "rows": [
                (
                    a,
                    sum((i.computed for i in a.items.all()), ledger.ZERO),
                    _refusal(request, a),
                    offers.may_lapse(a),
                )
                for a in rows
            ],
            "counts": [(s, label, counts.get(s, 0)) for s, label in offers.OFFER_STATUSES],
            "may_make": call.accepting(),
        },
    )


@require_POST
@login_required
def make(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    try:
        made = offers.make_offers(request.user, call)
    except ValidationError as exc:
        messages.error(request, _reason(exc))
    else:
        messages.success(
            request,
            f"已向 {made} 家申报主体发出免申即享兑现确认" if made else "没有新的符合免申即享条件的申报主体",
        )
    return redirect("grants:call_offers", call.pk)


@require_POST
@login_required
def approve_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Each confirmed offer approved on its own: one refused (the annual cap) leaves the others approved."""
    call = get_object_or_404(Call, pk=pk)
    require(permissions.can_manage(request.user))
    confirmed = call.applications.filter(route=Route.OFFER, status=ApplicationStatus.CONFIRMED)
    approved = sum(_approve_one(request, a) for a in confirmed.select_related("applicant", "call"))
    if not approved:
        messages.info(request, "没有审批通过的免申即享兑现")
    return redirect("grants:call_offers", call.pk)


urls = [
    path("offers/<int:pk>/", offer, name="offer"),
    path("offers/<int:pk>/confirm/", confirm, name="offer_confirm"),
    path("offers/<int:pk>/decline/", decline, name="offer_decline"),
    path("offers/<int:pk>/approve/", approve, name="offer_approve"),
    path("offers/<int:pk>/lapse/", lapse, name="offer_lapse"),
    path("calls/<int:pk>/offers/", call_offers, name="call_offers"),
    path("calls/<int:pk>/offers/make/", make, name="call_offers_make"),
    path("calls/<int:pk>/offers/approve/", approve_all, name="call_offers_approve"),
]
