"""The site shell's context on every page: navigation (the catalogue's kinds from its registry), roles,
the sample notice."""

from django.http import HttpRequest
from django.urls import reverse

from hardtech.accounts.permissions import can_manage_accounts
from hardtech.catalogue import permissions
from hardtech.catalogue.kinds import ACHIEVEMENTS, DEMANDS, EXPERTS, ORGANISATIONS
from hardtech.catalogue.models import Organisation
from hardtech.deals import permissions as deal_permissions
from hardtech.demo import SAMPLE_NOTICE
from hardtech.review import permissions as review_permissions

PUBLIC_NAV = [
    ("home", "首页"),
    *[(f"{kind.slug}_list", kind.label) for kind in (ACHIEVEMENTS, DEMANDS, EXPERTS, ORGANISATIONS)],
    ("grants:index", "政策兑现"),
    ("events:list", "对接活动"),
]
# Sections whose nav link also stands for other pages: the policy pages (calculator, 一企一档) belong to 政策兑现.
ALSO_ACTIVE = {"grants:index": ("policies:index",)}


def sees_deals(user) -> bool:
    """技术转移 for the technology managers and the operator, and for the parties of some deal."""
    if not user.is_authenticated:
        return False
    return deal_permissions.can_open(user) or deal_permissions.visible_deals(user).exists()


def site(request: HttpRequest) -> dict:
    user = request.user
    items = list(PUBLIC_NAV)
    if user.is_authenticated:
        items.append(("mine", "我的发布"))
    if sees_deals(user):
        items.append(("deals:board", "技术转移"))
    elif deal_permissions.can_import_contracts(user):  # the registrar: the contracts, not the deals
        items.append(("deals:registry", "技术合同登记"))
    if permissions.can_review(user):
        items.append(("review_queue", "审核队列"))
    if review_permissions.can_manage(user):
        items.append(("review:round_list", "专家评审"))
    elif review_permissions.sees_review_nav(user):
        items.append(("review:my_reviews", "我的评审"))
    if permissions.can_bulk(user):
        items.append(("bulk", "批量导入导出"))
    if can_manage_accounts(user):
        items.append(("manage_users", "用户管理"))
    nav = []
    for name, label in items:
        url = reverse(name)
        # The home link is active on "/" only; the others on their whole section.
        prefixes = (url, *(reverse(other) for other in ALSO_ACTIVE.get(name, ())))
        active = request.path == url if name == "home" else request.path.startswith(prefixes)
        nav.append({"url": url, "label": label, "active": active})
    return {
        "platform_name": "硬科技创新服务平台",  # not site_name: LoginView sets that to the host
        "nav": nav,
        "can_review": permissions.can_review(user),
        "can_bulk": permissions.can_bulk(user),
        "sample_notice": SAMPLE_NOTICE if Organisation.objects.filter(is_sample=True).exists() else "",
        "show_admin": permissions.can_review(user) or (user.is_authenticated and user.is_staff),
    }
