"""一企一档 pages: an applicant's own profile, the operator's and manager's list, the edit form with formsets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hardtech.accounts.models import Role
from hardtech.accounts.views.organisation import grants_panel
from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import role_of
from hardtech.core.history import HistoryRow, history_row
from hardtech.core.search import search
from hardtech.core.views import paginate, require
from hardtech.policies import services
from hardtech.policies.forms import RECORD_FORMS, ProfileFlagsForm, profile_formsets
from hardtech.policies.models import APPLICANT_KIND, ApplicantProfile
from hardtech.policies.permissions import (
    PROFILE_READER,
    can_edit_profile,
    can_view_profile,
    is_applicant,
    own_applicant,
    readable_profiles,
)

HISTORY_LIMIT = 50


def _applicant_or_404(pk: int) -> Organisation:
    org = get_object_or_404(Organisation, pk=pk)
    if not is_applicant(org):
        raise Http404
    return org


def profile_of(org: Organisation) -> ApplicantProfile:
    """The stored profile, or an unsaved empty one: nothing is written until someone saves the form."""
    return ApplicantProfile.objects.with_records().filter(organisation=org).first() or ApplicantProfile(
        organisation=org
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    org = own_applicant(request.user)
    if org is not None:
        return redirect("policies:profile", org.pk)
    return redirect("policies:profiles")


@login_required
def library(request: HttpRequest) -> HttpResponse:
    # The operator lists every applicant; a technology manager those whose enterprises granted it access.
    readable = readable_profiles(request.user)
    require(readable is None or bool(readable) or role_of(request.user) == Role.MANAGER)
    q = request.GET.get("q", "").strip()
    orgs = search(Organisation.objects.filter(kind__in=list(APPLICANT_KIND)), q)
    if readable is not None:
        orgs = orgs.filter(pk__in=readable)
    orgs = orgs.select_related("applicant_profile").defer("search_text", "description").order_by("name")
    return render(request, "policies/profile_list.html", {"page": paginate(request, orgs), "q": q})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _applicant_or_404(pk)
    require(can_view_profile(request.user, org))
    profile = profile_of(org)
    return render(
        request,
        "policies/profile_detail.html",
        {
            "org": org,
            "profile": profile,
            "can_edit": can_edit_profile(request.user, org),
            "history": _history(profile) if profile.pk else [],
            "readers": grants_panel(request, org, only=[PROFILE_READER]),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _applicant_or_404(pk)
    require(can_edit_profile(request.user, org))
    profile = profile_of(org)
    data = request.POST if request.method == "POST" else None
    form = ProfileFlagsForm(data, instance=profile)
    formsets = profile_formsets(data, profile)
    if data is not None and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        services.save_profile(request.user, org, form, formsets.values())
        messages.success(request, f"已保存“{org.name}”的企业档案")
        return redirect("policies:profile", org.pk)
    sections = [(prefix, RECORD_FORMS[prefix][0], fs) for prefix, fs in formsets.items()]
    return render(
        request,
        "policies/profile_form.html",
        {
            "org": org,
            "form": form,
            "sections": sections,
            "has_errors": data is not None,
        },
    )


def _history(profile: ApplicantProfile) -> list[HistoryRow]:
    """Changes to the profile and to its records, newest first, including records deleted since.

    A record's entries carry its profile only when it was created or deleted, so the record ids come from those
    and then every entry of those records is shown.
    """
    types = ContentType.objects.get_for_models(*[f._meta.model for _, f in RECORD_FORMS.values()])
    ever = Q()
    for ct in types.values():
        ids = (
            AuditEntry.objects.filter(content_type=ct)
            .filter(Q(changes__profile_id__1=profile.pk) | Q(changes__profile_id__0=profile.pk))
            .values_list("object_id", flat=True)
        )
        ever |= Q(content_type=ct, object_id__in=list(ids))
    own = Q(content_type=ContentType.objects.get_for_model(ApplicantProfile), object_id=str(profile.pk))
    entries = AuditEntry.objects.filter(own | ever).select_related("actor", "content_type")[:HISTORY_LIMIT]
    rows = []
    for e in entries:
        model = e.content_type.model_class()
        what = f"{model._meta.verbose_name}：{e.object_repr}"
        rows.append(history_row(e, model, what, hidden=frozenset({"id", "profile_id"})))
    return rows
