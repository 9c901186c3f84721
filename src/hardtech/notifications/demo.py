"""The sample zone's inbox: a few notifications for the demo enterprise 芯鑫半导体, written through notify()
once (a re-run of `hardtech demo` finds them and writes nothing)."""

from django.urls import reverse

from hardtech.accounts.models import User
from hardtech.catalogue.models import Achievement, Demand
from hardtech.catalogue.workflow import LISTING_APPROVED
from hardtech.matching.notifications import MATCH_FOUND
from hardtech.notifications.models import Notification
from hardtech.notifications.services import notify
from hardtech.policies.notifications import POLICY_RESULT

RECIPIENT = "demo-xinxin"
DEMAND = "DEMO-DEM-sic-1"  # 车规级碳化硅功率模块封装可靠性提升 (published)
MATCH = "DEMO-ACH-sic-2"  # 碳化硅功率模块银烧结封装技术


def load_notifications(users: dict[str, User]) -> None:
    recipient, operator = users.get(RECIPIENT), users.get("demo-operator")
    demand = Demand.objects.filter(external_id=DEMAND).first()
    achievement = Achievement.objects.filter(external_id=MATCH).first()
    if recipient is None or demand is None or achievement is None:
        return
    demand_page = reverse("demand_detail", args=[demand.pk])
    items = [
        (
            LISTING_APPROVED,
            demand,
            f"技术需求“{demand.title}”已通过审核并发布",
            "审核意见：需求描述清晰，技术指标明确，同意发布。",
            demand_page,
            operator,
        ),
        (
            MATCH_FOUND,
            demand,
            f"“{demand.title}”有新的高分匹配",
            f"科技成果“{achievement.title}”与您的需求高度相关，建议查看并联系成果方。",
            reverse("achievement_detail", args=[achievement.pk]),
            None,
        ),
        (
            POLICY_RESULT,
            recipient.organisation,
            "免申即享测算结果已更新",
            "管委会已按最新年度数据运行支持政策，点击查看贵单位可享受的支持项目、金额及依据。",
            reverse("policies:calculator"),
            operator,
        ),
    ]
    for kind, record, title, body, url, actor in items:
        if not Notification.objects.filter(recipient=recipient, kind=kind.code, title=title).exists():
            notify([recipient], kind.code, record, title, body, url, actor)
