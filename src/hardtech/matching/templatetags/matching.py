"""{% match_panel obj %}: the 智能匹配 panel, rendered with the detail page (no second request)."""

from django import template

from hardtech.matching import panel, services
from hardtech.matching.records import kind_of

register = template.Library()


@register.inclusion_tag("matching/panel.html", takes_context=True)
def match_panel(context, obj) -> dict:
    request = context["request"]
    kind = kind_of(obj)
    return {
        "source_kind": kind,
        "source": obj,
        "sections": panel.sections(obj, request.user),
        "ready": any(services.has_index(k) for k, _ in panel.DIRECTIONS[kind]),
        "reasons": panel.REASONS,
        "user": request.user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
