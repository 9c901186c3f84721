"""The operator's pages: policies with their articles and periods, the run over all applicants (免申即享 and
missing data) with its Excel export, and the Excel import of profiles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from hardtech.core.views import require
from hardtech.engines.policy import Policy
from hardtech.policies.forms import ProfileImportForm, RunForm, default_year
from hardtech.policies.importer import import_profiles, template_workbook
from hardtech.policies.models import ApplicantProfile
from hardtech.policies.permissions import can_run
from hardtech.policies.views.calculator import DEFAULT_POLICY
from hardtech.policies.views.export import workbook
from hardtech.policies.views.running import Filters, RunOutcome, all_policies, announce, policy_named, run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def index(request: HttpRequest) -> HttpResponse:
    """The policies, article by article: who each applies to, what it pays, and the years it covers."""
    policies = all_policies()
    return render(
        request,
        "policies/index.html",
        {
            "policies": [(p, _articles(p)) for p in policies],
            "can_run": can_run(request.user),
        },
    )


def _articles(policy: Policy) -> list[dict]:
    return [
        {
            "article": a,
            "kinds": "、".join(policy.kinds[k] for k in sorted(a.kinds)) if a.kinds else "",
            "items": [i.label for i in a.items],
        }
        for a in policy.articles
    ]


def _run_form(request: HttpRequest) -> tuple[RunForm, Policy, int, Filters]:
    data = request.POST if request.method == "POST" else request.GET
    policies = all_policies()
    names = [p.name for p in policies]
    wanted = data.get("policy", "")
    policy = policy_named(
        wanted if wanted in names else DEFAULT_POLICY if DEFAULT_POLICY in names else names[0]
    )
    form = RunForm(data or None, policy, policies, default_year(policy))
    if not form.is_bound or not form.is_valid():
        return form, policy, default_year(policy), Filters()
    d = form.cleaned_data
    return form, policy, d["year"], Filters(d["article"], d["kind"], d["min_amount"])


def _run(request: HttpRequest) -> tuple[RunForm, RunOutcome]:
    require(can_run(request.user))
    form, policy, year, filters = _run_form(request)
    return form, run(policy, year, filters)


@login_required
def run_page(request: HttpRequest) -> HttpResponse:
    form, outcome = _run(request)
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields})
    return render(
        request,
        "policies/run.html",
        {
            "form": form,
            "outcome": outcome,
            "export_query": query,
            "profile_count": ApplicantProfile.objects.count(),
            "import_form": ProfileImportForm(),
        },
    )


@login_required
@require_POST
def run_notify(request: HttpRequest) -> HttpResponse:
    """通知名单企业: tell every applicant on the year's 免申即享 list its result (once per result)."""
    require(can_run(request.user))
    _, policy, year, _ = _run_form(request)
    told = announce(policy, year)
    messages.success(
        request, f"已通知 {told} 家申请主体其免申即享结果" if told else "名单上的申请主体都已收到通知"
    )
    return redirect(f"{reverse('policies:run')}?{urlencode({'policy': policy.name, 'year': year})}")


@login_required
def run_export(request: HttpRequest) -> HttpResponse:
    _, outcome = _run(request)
    response = HttpResponse(workbook(outcome), content_type=XLSX)
    name = f"policy-{outcome.policy.name}-{outcome.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(can_run(request.user))
    form = ProfileImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        report = import_profiles(data["file"], data["mode"], data["dry_run"])
        (messages.success if report.ok else messages.error)(request, report.summary())
    return render(request, "policies/import.html", {"form": form, "report": report})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The import workbook: empty, or (?profiles=1) holding every stored profile, to edit and import again."""
    require(can_run(request.user))
    with_profiles = request.GET.get("profiles") == "1"
    response = HttpResponse(content_type=XLSX)
    template_workbook(with_profiles).save(response)
    name = "profiles.xlsx" if with_profiles else "profiles-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
