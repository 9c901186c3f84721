"""Event match.found: a demand's enterprise hears of a newly published achievement that answers its demand.

When an achievement is published, or a published one is saved again (its text may have changed), the demands
index is searched once with it (the achievement → demands direction of the panels, top MATCH_NOTIFY_TOP).
Each published, unexpired demand it matches with a confidence of at least MATCH_NOTIFY_MIN_LEVEL (3 = 高, the
absolute level of README's 匹配可信度, never the list-relative score) is announced to the members of the
demand's enterprise: once per (demand, achievement) pair ever, kept in MatchNotice. The achievement's own
organisations are never told of it: neither their demands nor their members.

signals.Pending calls `announce` after the commit that saved the achievements, once their index entries are
refreshed: the search reads committed rows only, and a rolled-back publish announces nothing. It costs one
engine query per saved achievement (a few milliseconds lexically, one query embedding with the dense part),
bounded by the top N, so it runs there rather than in a background thread of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from hardtech.accounts.membership import belongs_to, members
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.matching import services
from hardtech.matching.models import MatchNotice
from hardtech.matching.records import DEMANDS
from hardtech.notifications.kinds import Delivery, register_kind
from hardtech.notifications.services import notify

log = logging.getLogger(__name__)

MATCH_FOUND = register_kind(
    "match.found", "需求有新的高分匹配", Delivery.DIGEST, "有新发布的科技成果与您的技术需求高度匹配"
)

DEFAULT_MIN_LEVEL = 3  # 高
DEFAULT_TOP = 20


def min_level() -> int:
    return int(getattr(settings, "MATCH_NOTIFY_MIN_LEVEL", DEFAULT_MIN_LEVEL))


def top() -> int:
    return int(getattr(settings, "MATCH_NOTIFY_TOP", DEFAULT_TOP))


def announce(achievement_ids: Iterable[int]) -> None:
    """Announce each of these achievements, as committed, to the demands it newly matches. Never raises: the
    save that led here has committed, and a failed announcement must not look like a failed save."""
    for pk in sorted(set(achievement_ids)):
        try:
            published = Achievement.objects.filter(pk=pk, status=ListingStatus.PUBLISHED)
            for achievement in published.prefetch_related("organisations"):
                announce_one(achievement)
        except Exception:
            log.exception("match.found notifications for achievement %s failed", pk)


def announce_one(achievement: Achievement) -> list[MatchNotice]:
    """Notify the enterprises of the demands this published achievement newly matches; returns the pairs
    recorded now (those already announced are left out)."""
    organisations = list(achievement.organisations.all())
    own = {org.pk for org in organisations}
    level = min_level()
    found = {
        hit.obj.pk: (hit.obj, hit.explanation.confidence)
        for hit in services.matches(achievement, DEMANDS, top=top())
        if hit.explanation.confidence.level >= level
        and not hit.obj.is_expired
        and hit.obj.enterprise_id not in own
    }
    if not found:
        return []
    told = set(
        MatchNotice.objects.filter(achievement=achievement, demand__in=found).values_list("demand", flat=True)
    )
    notices = []
    for pk, (demand, confidence) in found.items():
        if pk in told:
            continue
        try:
            # The pair is claimed first: two processes announcing the same achievement tell the enterprise once.
            with transaction.atomic():
                notice = MatchNotice.objects.create(
                    demand=demand, achievement=achievement, level=confidence.level
                )
                _notify(
                    demand, achievement, f"匹配可信度{confidence.label}：{confidence.reason}", organisations
                )
        except IntegrityError:
            continue
        notices.append(notice)
    return notices


def _notify(demand: Demand, achievement: Achievement, why: str, organisations: list[Organisation]) -> None:
    # A user who also belongs to one of the achievement's organisations is on the offering side: not told.
    recipients = members(demand.enterprise)
    for org in organisations:
        recipients = recipients.exclude(belongs_to(org))
    notify(
        recipients,
        MATCH_FOUND.code,
        achievement,
        f"有新的成果与您的需求匹配：《{achievement.title}》",
        f"科技成果《{achievement.title}》与您的技术需求《{demand.title}》匹配（{why}）。"
        "请查看成果详情，如有意向可联系成果方。",
        reverse("achievement_detail", args=[achievement.pk]),
    )
