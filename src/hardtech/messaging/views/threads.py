"""/messages/: my threads, one thread with its reply form, starting a thread about a record, joining one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.core.views import paginate, require, safe_next
from hardtech.messaging import permissions, present, records, services
from hardtech.messaging.forms import MessageForm, ThreadForm
from hardtech.messaging.models import Thread


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    threads = Thread.objects.of(request.user).select_related("content_type").prefetch_related("record")
    page = paginate(request, threads)
    rows = [(thread, present.record_ref(thread)) for thread in page]
    return render(request, "messaging/threads.html", {"page": page, "rows": rows})


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=pk)
    user = request.user
    if not permissions.can_view_thread(user, thread):
        if permissions.can_join(user, thread):
            return render(
                request, "messaging/join.html", {"thread": thread, "record": present.record_ref(thread)}
            )
        raise Http404  # a thread one may not read looks the same as a missing one
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(user, thread, form.cleaned_data["body"], form.uploads())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "留言已发送")
            return redirect(safe_next(request, services.thread_url(thread) + "#latest"))
    services.mark_read(user, thread)
    return render(
        request,
        "messaging/thread.html",
        {"conversation": present.conversation(thread, user), "form": form},
    )


@login_required
def start(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    about = records.kind_named(kind)
    if about is None:
        raise Http404
    record = get_object_or_404(about.model, pk=pk)
    if not about.can_view(request.user, record):
        raise Http404  # a record one may not see looks the same as a missing one
    require(permissions.can_start_thread(request.user, record))
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.start_thread(
                request.user, record, data["body"], data["subject"], form.uploads()
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            if about.members_only:
                messages.success(request, "留言已发送，项目各方会在站内信中收到提醒")
            else:
                messages.success(request, "留言已发送，对方回复后会在站内信中提醒您")
            return redirect(safe_next(request, services.thread_url(thread)))
    context = {
        "form": form,
        "record": record,
        "record_title": about.title(record),
        "record_url": about.page(record),
        "kind": kind,
        "kind_label": about.label,
        "members_only": about.members_only,
    }
    return render(request, "messaging/start.html", context)


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=pk)
    try:
        services.join_thread(request.user, thread)
    except PermissionDenied:
        if not permissions.can_view_thread(request.user, thread):
            raise Http404 from None
    return redirect(services.thread_url(thread))
