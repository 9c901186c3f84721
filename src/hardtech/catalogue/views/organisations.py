"""机构 pages: library, profile (with its achievements, demands and experts), create/edit."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hardtech.catalogue import permissions
from hardtech.catalogue.forms import OrganisationForm, OrganisationLibraryForm
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.catalogue.views import editing
from hardtech.catalogue.views.common import search
from hardtech.catalogue.views.regions import organisation_regions
from hardtech.core.history import history_rows
from hardtech.core.views import paginate, require

# 名称: pinyin order (Organisation.name_sort), as Chinese readers expect, not code-point order
SORTS = {"name": ("名称", ("name_sort", "id")), "newest": ("最新入库", ("-created_at", "-id"))}
PREVIEW = 10  # records of each kind shown on an organisation page before "查看全部"


def library(request: HttpRequest) -> HttpResponse:
    form = OrganisationLibraryForm(
        request.GET, regions=organisation_regions(), sorts=[(k, v[0]) for k, v in SORTS.items()]
    )
    queryset = search(Organisation.objects.all(), form.value("q"))
    if kind := form.value("kind"):
        queryset = queryset.filter(kind=kind)
    if region := form.value("region"):
        queryset = queryset.filter(province=region)
    ordering = SORTS.get(form.value("sort"), SORTS["name"])[1]
    queryset = queryset.select_related("parent").defer("search_text", "description").order_by(*ordering)
    return render(
        request,
        "catalogue/organisation_list.html",
        {
            "form": form,
            "page": paginate(request, queryset),
            "can_create": permissions.can_create(request.user, Organisation),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    user = request.user
    achievements = permissions.visible_listings(
        user,
        Achievement.objects.filter(
            pk__in=Achievement.organisations.through.objects.filter(organisation=org).values("achievement_id")
        ),
    )
    demands = permissions.visible_listings(user, Demand.objects.filter(enterprise=org))
    can_edit = permissions.can_edit(user, org)
    return render(
        request,
        "catalogue/organisation_detail.html",
        {
            "obj": org,
            "children": org.children.all(),
            "achievements": achievements.defer("search_text")[:PREVIEW],
            "achievement_count": achievements.count(),
            "demands": demands.defer("search_text")[:PREVIEW],
            "demand_count": demands.count(),
            "experts": org.experts.all()[:PREVIEW],
            "expert_count": org.experts.count(),
            "can_edit": can_edit,
            "history": history_rows(org) if can_edit else None,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require(permissions.can_create(request.user, Organisation))
        org = Organisation()
    else:
        org = get_object_or_404(Organisation, pk=pk)
        require(permissions.can_edit(request.user, org))
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, instance=org, user=request.user)
    if form.is_valid() and (saved := editing.save(request, form)):
        editing.report(request, saved, f"已保存机构“{saved.obj.name}”")
        return redirect("organisation_detail", saved.obj.pk)
    return render(request, "catalogue/organisation_form.html", {"form": form, "obj": org})
