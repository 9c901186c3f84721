"""{% thread_panel obj %}: the 留言 panel of a listing's page — the viewer's threads about the record, the form
that starts one, and for technology managers and the operator the other threads they may join.
{% members_thread obj %}: a members' thread on its record's page (a deal's 项目留言)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from hardtech.messaging import permissions, present, records, services
from hardtech.messaging.forms import MessageForm, ThreadForm
from hardtech.messaging.models import Thread

register = template.Library()


@register.inclusion_tag("messaging/panel.html", takes_context=True)
def thread_panel(context, record: records.Record) -> dict:
    request = context["request"]
    user = request.user
    kind = records.kind_of(record)
    panel = {
        "record": record,
        "kind": kind,
        "user": user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "mine": [],
        "joinable": [],
        "can_start": False,
    }
    if not user.is_authenticated:
        return panel
    about = Thread.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    panel["mine"] = list(Thread.objects.of(user).filter(pk__in=about.values("pk")))
    panel["can_start"] = permissions.can_start_thread(user, record)
    if panel["can_start"]:
        panel["form"] = ThreadForm(auto_id="thread-%s")
        # Said before anyone writes: who will read the message.
        panel["via_managers"] = not records.owners(record)
    if permissions.can_list_threads_of(user, record):
        panel["joinable"] = list(about.exclude(participants__user=user))
    return panel


@register.inclusion_tag("messaging/members_thread.html", takes_context=True)
def members_thread(context, record: records.Record, limit: int = 20) -> dict:
    """The members' thread of a record (a deal's 项目留言) on its page: the latest messages, and the form that
    writes into it (starting it on the first message). Shown only to the record's members."""
    request = context["request"]
    user = request.user
    panel = {"record": record, "request": request, "csrf_token": context.get("csrf_token"), "show": False}
    if not permissions.is_member(user, record):
        return panel
    kind = records.kind_for(record)
    thread = services.thread_about(record)
    page = f"{kind.page(record)}#messages"
    panel |= {
        "show": True,
        "kind": kind,
        "thread": thread,
        "next": page,
        "form": MessageForm(auto_id="msg-%s"),
    }
    if thread is None:
        panel["action"] = reverse("messaging:start", args=[kind.slug, record.pk])
        panel["parties"] = [party_of_user(u) for u in records.parties(record)]
        return panel
    conversation = present.conversation(thread, user)
    panel |= {
        "action": reverse("messaging:thread", args=[thread.pk]),
        "entries": conversation.entries[-limit:],
        "earlier": max(len(conversation.entries) - limit, 0),
        "parties": conversation.parties,
        "unread": Thread.objects.of(user).filter(pk=thread.pk).values_list("unread", flat=True).first() or 0,
    }
    return panel


def party_of_user(user) -> dict:
    return {
        "name": str(user),
        "organisation": user.organisation.name if user.organisation_id else "",
        "role_label": user.role_label,
    }
