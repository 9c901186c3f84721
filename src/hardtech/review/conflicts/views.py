"""The registry's pages: the operator's /review/conflicts/ (find an item, its conflicts with their
explanations, waive one, record a conflict or a relation) and an expert's declaration page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hardtech.catalogue.models import Expert, Organisation
from hardtech.core.views import refusal_on, require
from hardtech.review.conflicts import permissions, services
from hardtech.review.conflicts.forms import (
    DeclareForm,
    ItemLookupForm,
    RecordConflictForm,
    RelationForm,
    WaiveForm,
)
from hardtech.review.conflicts.parties import adapter_by_code, adapter_for
from hardtech.review.conflicts.registry import barred_experts
from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation

RECENT = 20


def _item(user, kind: str, pk: int | str | None) -> models.Model:
    """The item if the user may see it; missing, unknown and invisible are all 404."""
    adapter = adapter_by_code(kind or "")
    try:
        item = adapter.model.objects.filter(pk=int(pk)).first() if adapter else None
    except (TypeError, ValueError, OverflowError):
        item = None
    if item is None or not adapter.can_view(user, item):
        raise Http404
    return item


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    lookup = ItemLookupForm(request.GET or None)
    if lookup.is_bound and lookup.is_valid():
        return redirect("review:conflicts_item", lookup.cleaned_data["kind"], lookup.cleaned_data["id"])
    context = {
        "lookup": lookup,
        "declared": DeclaredConflict.objects.select_related("expert", "content_type")[:RECENT],
        "waivers": ConflictWaiver.objects.select_related("expert", "content_type", "waived_by")[:RECENT],
        "relations": Relation.objects.select_related("expert", "organisation").order_by("-created_at")[
            :RECENT
        ],
    }
    return render(request, "review/conflicts_index.html", context)


def _item_page(request: HttpRequest, kind: str, pk: int, **forms) -> HttpResponse:
    item = _item(request.user, kind, pk)
    found = barred_experts(item, include_waived=True)
    experts = Expert.objects.filter(pk__in=found).select_related("organisation").order_by("name", "pk")
    rows = [
        {
            "expert": e,
            "conflicts": [
                (c, WaiveForm(initial={"expert": e.pk, "rule": c.rule}, prefix=f"w{e.pk}-{c.rule}"))
                for c in found[e.pk]
            ],
        }
        for e in experts
    ]
    waive_form = forms.get("waive_form")
    if waive_form is not None:  # the refused waiver keeps its reason and error in its row
        for row in rows:
            row["conflicts"] = [
                (c, waive_form if waive_form.prefix == form.prefix else form) for c, form in row["conflicts"]
            ]
    context = {
        "item": item,
        "kind": kind,
        "label": adapter_for(item).label,
        "rows": rows,
        "record_form": forms.get("record_form") or RecordConflictForm(),
    }
    return render(request, "review/conflicts_item.html", context, status=400 if forms else 200)


@login_required
def item_conflicts(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    return _item_page(request, kind, pk)


@login_required
@require_POST
def waive(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    item = _item(request.user, kind, pk)
    prefix = request.POST.get("prefix", "")
    form = WaiveForm(request.POST, prefix=prefix)
    if form.is_valid():
        expert = Expert.objects.filter(pk=form.cleaned_data["expert"]).first()
        if expert is None:
            raise Http404
        try:
            services.waive(request.user, expert, item, form.cleaned_data["rule"], form.cleaned_data["reason"])
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已豁免{expert.name}的利益冲突")
            return redirect("review:conflicts_item", kind, pk)
    return _item_page(request, kind, pk, waive_form=form)


@login_required
@require_POST
def record_conflict(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    item = _item(request.user, kind, pk)
    form = RecordConflictForm(request.POST)
    if form.is_valid():
        expert = Expert.objects.filter(pk=form.cleaned_data["expert"]).first()
        if expert is None:
            form.add_error("expert", "专家不存在")
        else:
            try:
                services.declare(request.user, expert, item, form.cleaned_data["reason"])
            except ValidationError as exc:
                refusal_on(form, exc)
            else:
                messages.success(request, f"已登记{expert.name}的利益冲突")
                return redirect("review:conflicts_item", kind, pk)
    return _item_page(request, kind, pk, record_form=form)


@login_required
def relation_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expert = Expert.objects.filter(pk=data.pop("expert")).first()
        org_id = data.pop("organisation")
        if expert is None:
            form.add_error("expert", "专家不存在")
        elif org_id is not None and not Organisation.objects.filter(pk=org_id).exists():
            form.add_error("organisation", "机构不存在")
        else:
            try:
                services.record_relation(request.user, expert, organisation_id=org_id, **data)
            except ValidationError as exc:
                refusal_on(form, exc)
            else:
                messages.success(request, f"已登记{expert.name}的关系")
                return redirect("review:conflicts")
    return render(request, "review/relation_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def declare(request: HttpRequest) -> HttpResponse:
    """An expert declares a conflict on an item: /review/conflicts/declare/?kind=achievements&id=12."""
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    item = _item(request.user, kind, source.get("id"))
    expert = permissions.expert_of(request.user)
    require(expert is not None)
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare(request.user, expert, item, form.cleaned_data["reason"])
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "已申报利益冲突，您将不会被分配评审该条目")
            return redirect(f"{reverse('review:conflicts_declare')}?kind={kind}&id={item.pk}")
    declared = DeclaredConflict.objects.filter(
        expert=expert,
        content_type__model=item._meta.model_name,
        content_type__app_label=item._meta.app_label,
        object_id=item.pk,
    ).first()
    context = {
        "item": item,
        "kind": kind,
        "label": adapter_for(item).label,
        "form": form,
        "declared": declared,
    }
    return render(request, "review/conflicts_declare.html", context, status=400 if form.errors else 200)
