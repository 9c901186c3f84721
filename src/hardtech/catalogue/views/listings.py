"""Pages achievements and demands share: library, detail, create/edit with attachments, the review steps (the
buttons drawn from the declared workflow, catalogue/workflow.py).

Each kind (views.achievements, views.demands) describes itself with a ListingKind around its entry in
catalogue.kinds; the URLs pass it in.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hardtech.catalogue import permissions, services
from hardtech.catalogue.forms import LibraryForm, ListingForm
from hardtech.catalogue.kinds import RecordKind
from hardtech.catalogue.models import Achievement, Attachment, Demand
from hardtech.catalogue.views import editing
from hardtech.catalogue.views.common import ordering_for, search, sort_choices, visible_or_404
from hardtech.catalogue.workflow import REVIEW
from hardtech.core.history import history_rows
from hardtech.core.views import paginate, require, safe_next
from hardtech.core.workflow import Note, WrongState, available

Listing = Achievement | Demand

# The steps a listing page posts to: the review workflow's transitions (catalogue/workflow.py), and delete.
ACTIONS = [*(t.name for t in REVIEW.transitions), "delete"]


@dataclass(frozen=True)
class ListingKind:
    """What the listing pages need to know of a kind, beyond its entry in the registry (catalogue.kinds)."""

    record: RecordKind
    library_form: type[LibraryForm]
    sorts: dict[str, tuple[str, tuple]]  # key → (label, ordering)
    regions: Callable[[], list[str]]
    filter: Callable[[QuerySet, LibraryForm], QuerySet]
    for_cards: Callable[[QuerySet], QuerySet]  # joins and prefetches a list of cards needs
    new: Callable[[HttpRequest], Listing]  # a blank record for the user, or PermissionDenied
    make_form: Callable[..., ListingForm]  # (request, instance, data, files) → form

    @property
    def model(self) -> type[Listing]:
        return self.record.model

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def label(self) -> str:
        return self.record.label

    def template(self, page: str) -> str:
        return f"catalogue/{self.slug}_{page}.html"

    def url(self, page: str, *args) -> str:
        return reverse(f"{self.slug}_{page}", args=args)


@dataclass(frozen=True)
class Button:
    """A workflow step the user may take now, as a page draws it."""

    label: str
    url: str
    style: str
    confirm: str
    takes_note: bool


def buttons(kind: ListingKind, user, obj: Listing) -> list[Button]:
    """The review steps the user may take on the listing now (hardtech.core.workflow.available)."""
    return [
        Button(
            t.label,
            kind.url(t.name, obj.pk),
            t.style,
            t.confirm.format(obj=obj),
            t.note is not Note.NONE,
        )
        for t in available(REVIEW, user, obj)
    ]


def library(request: HttpRequest, kind: ListingKind) -> HttpResponse:
    form = kind.library_form(
        request.GET, regions=kind.regions(), sorts=sort_choices(kind.sorts, request.GET.get("q", ""))
    )
    queryset = permissions.visible_listings(request.user, kind.model.objects.all())
    queryset = search(queryset, form.value("q"))
    if status := form.value("status"):
        queryset = queryset.filter(status=status)
    if field := form.value("field"):
        queryset = queryset.filter(field=field)
    queryset = kind.filter(queryset, form)
    ordering = ordering_for(queryset, kind.sorts, form.value("sort"), next(iter(kind.sorts)))
    page = paginate(request, kind.for_cards(queryset.defer("search_text").order_by(*ordering)))
    return render(
        request,
        kind.template("list"),
        {
            "form": form,
            "page": page,
            "kind": kind,
            # Only those who can see other statuses get the status filter (everyone else sees published only).
            "show_status": permissions.can_create(request.user, kind.model),
            "can_create": permissions.can_create(request.user, kind.model),
        },
    )


def detail(request: HttpRequest, kind: ListingKind, pk: int) -> HttpResponse:
    obj = visible_or_404(request, kind.model, pk)
    user = request.user
    can_edit = permissions.can_edit(user, obj)
    steps = buttons(kind, user, obj)
    return render(
        request,
        kind.template("detail"),
        {
            "obj": obj,
            "kind": kind,
            "show_contact": permissions.can_see_contact(user),
            "attachments": obj.attachments.all(),
            "can_edit": can_edit,
            "can_delete": permissions.can_delete(user, obj),
            "steps": [b for b in steps if not b.takes_note],
            "review_steps": [b for b in steps if b.takes_note],
            # 修改待审核, with what it changes: for those who may edit or review the listing.
            "revision": services.revised_fields(obj) if can_edit or permissions.can_review(user) else [],
            # The trail is for those who answer for the record: its owners, managers and the operator.
            "history": history_rows(obj) if can_edit else None,
        },
    )


@login_required
def edit(request: HttpRequest, kind: ListingKind, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require(permissions.can_create(request.user, kind.model))
        obj = kind.new(request)
    else:
        obj = visible_or_404(request, kind.model, pk)
        require(permissions.can_edit(request.user, obj))
        obj = services.for_editing(request.user, obj)  # an owner of a published listing edits its revision
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = kind.make_form(request, obj, data, files)
    if form.is_valid():
        attachments_changed = bool(
            form.cleaned_data.get("attachments") or form.cleaned_data.get("remove_attachments")
        )
        with transaction.atomic():
            if saved := editing.save(request, form, touched=attachments_changed):
                save_attachments(saved.obj, form)
        if saved:
            obj = saved.obj
            if saved.revision:
                done = f"已保存对“{obj.title}”的修改，审核通过后替换公开的内容"
            else:
                done = f"已保存“{obj.title}”" + ("" if obj.is_published else "，提交审核后公开发布")
            editing.report(request, saved, done)
            return redirect(kind.url("detail", obj.pk))
    return render(request, kind.template("form"), {"form": form, "obj": obj, "kind": kind})


def save_attachments(obj: Listing, form: ListingForm) -> None:
    for attachment in form.cleaned_data.get("remove_attachments") or []:
        attachment.file.delete(save=False)
        attachment.delete()
    owner = {"achievement": obj} if isinstance(obj, Achievement) else {"demand": obj}
    for upload in form.cleaned_data.get("attachments") or []:
        # The model decides the type from the bytes, names the stored file and cleans the shown name.
        Attachment.objects.create(file=upload, name=upload.name, size=upload.size, **owner)


@login_required
@require_POST
def act(request: HttpRequest, kind: ListingKind, pk: int, action: str) -> HttpResponse:
    """Take one review step, or delete (POST only): 404 if hidden, 403 if not allowed; a step the status does
    not allow, or a missing note, is a message on the page."""
    obj = visible_or_404(request, kind.model, pk)
    if action == "delete":
        require(permissions.can_delete(request.user, obj))
        obj.delete()
        messages.success(request, f"已删除“{obj.title}”")
        return redirect(safe_next(request, reverse("mine")))
    try:
        services.transition(request.user, obj, action, request.POST.get("note", ""))
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{REVIEW.transition(action).done_text}：“{obj.title}”")
    return redirect(safe_next(request, kind.url("detail", obj.pk)))
