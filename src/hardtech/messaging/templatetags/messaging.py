"""{% thread_panel obj %}: the 留言 panel of a record page — the viewer's threads about the record, the form
that starts one, and for technology managers and the operator the other threads they may join."""

from django import template
from django.contrib.contenttypes.models import ContentType

from hardtech.messaging import permissions, records
from hardtech.messaging.forms import ThreadForm
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
