"""专家 pages: library, profile, create/edit."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hardtech.accounts.models import Role
from hardtech.catalogue import permissions
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.forms import ExpertForm, LibraryForm
from hardtech.catalogue.models import Achievement, Expert, Organisation
from hardtech.catalogue.views import editing
from hardtech.catalogue.views.common import ordering_for, search, sort_choices
from hardtech.catalogue.views.regions import organisation_regions
from hardtech.core.history import history_rows
from hardtech.core.search import json_list_has
from hardtech.core.views import paginate, require

SORTS = {"name": ("姓名", ("name", "id")), "newest": ("最新入库", ("-created_at", "-id"))}


def library(request: HttpRequest) -> HttpResponse:
    sorts = sort_choices(SORTS, request.GET.get("q", ""))
    form = LibraryForm(request.GET, regions=organisation_regions(), sorts=sorts)
    queryset = search(Expert.objects.all(), form.value("q"))
    if field := form.value("field"):
        queryset = queryset.filter(json_list_has("fields", field))
    if region := form.value("region"):
        queryset = queryset.filter(organisation__province=region)
    if org := form.value("org"):
        queryset = queryset.filter(organisation_id=org)
    ordering = ordering_for(queryset, SORTS, form.value("sort"), "name")
    queryset = queryset.select_related("organisation").defer("search_text").order_by(*ordering)
    return render(
        request,
        "catalogue/expert_list.html",
        {
            "form": form,
            "page": paginate(request, queryset),
            "can_create": permissions.can_create(request.user, Expert),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(Expert.objects.select_related("organisation"), pk=pk)
    can_edit = permissions.can_edit(request.user, expert)
    achievements = permissions.visible_listings(request.user, expert.achievements.all())
    return render(
        request,
        "catalogue/expert_detail.html",
        {
            "obj": expert,
            "achievements": achievements.prefetch_related("organisations")[:20],
            "show_contact": permissions.can_see_contact(request.user),
            "can_edit": can_edit,
            "history": history_rows(expert) if can_edit else None,
        },
    )


def organisation_choices(request: HttpRequest, expert: Expert) -> QuerySet[Organisation]:
    """An institution user files experts under its own organisation family (keeping the current one)."""
    user = request.user
    if permissions.role_of(user) != Role.INSTITUTION:
        return Organisation.objects.all()
    family = user.organisation.family_ids() if user.organisation_id else set()
    return Organisation.objects.filter(pk__in=family | {expert.organisation_id} - {None})


def achievement_choices(expert: Expert) -> QuerySet[Achievement]:
    """代表成果 an expert can be linked to: the published achievements of their organisation family, plus
    the ones already linked (so that saving never silently unlinks one)."""
    family = expert.organisation.family_ids() if expert.organisation_id else set()
    linked = Q(pk__in=expert.achievements.values("pk")) if expert.pk else Q(pk__in=[])
    published = Q(status=ListingStatus.PUBLISHED, organisations__in=family)
    return Achievement.objects.filter(published | linked).distinct().order_by("-published_at", "-id")


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require(permissions.can_create(request.user, Expert))
        expert = Expert(organisation=request.user.organisation)
    else:
        expert = get_object_or_404(Expert, pk=pk)
        require(permissions.can_edit(request.user, expert))
    data = request.POST if request.method == "POST" else None
    form = ExpertForm(
        data,
        instance=expert,
        user=request.user,
        organisations=organisation_choices(request, expert),
        achievements=achievement_choices(expert),
    )
    if form.is_valid() and (saved := editing.save(request, form)):
        editing.report(request, saved, f"已保存专家“{saved.obj.name}”")
        return redirect("expert_detail", saved.obj.pk)
    return render(request, "catalogue/expert_form.html", {"form": form, "obj": expert})
