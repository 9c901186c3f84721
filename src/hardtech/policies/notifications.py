"""Event policy.result: an enterprise on the 免申即享 list hears what it is paid without applying.

When the operator runs a policy over every stored applicant (views/running.run: the run page and its Excel
export), each applicant on the 免申即享 list is told its amount for that year, linking to the calculator
opened on its own profile, that policy and that year, where the articles are explained. Once per
(applicant, policy, year) result: the same result found by a later run is not sent again, a different amount
(new figures, a corrected profile) is. The notifications themselves are the record of what was sent: the
latest one about the applicant with that calculator link holds the amount last announced.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.http import urlencode

from hardtech.accounts.membership import members
from hardtech.catalogue.models import Organisation
from hardtech.engines.policy import Policy, Result
from hardtech.notifications.kinds import Delivery, register_kind
from hardtech.notifications.models import Notification
from hardtech.notifications.services import notify
from hardtech.policies.models import ApplicantProfile

POLICY_RESULT = register_kind(
    "policy.result", "免申即享测算结果", Delivery.EMAIL, "管委会运行支持政策后，贵单位的免申即享测算结果"
)


def result_page(organisation: Organisation, policy: Policy, year: int) -> str:
    """The calculator on the applicant's stored profile for this policy and year."""
    query = urlencode({"org": organisation.pk, "policy": policy.name, "year": year})
    return f"{reverse('policies:calculator')}?{query}"


def title_of(result: Result, policy: Policy, year: int) -> str:
    return f"您符合免申即享条件：{result.total:.2f}万元（{year}年度，{policy.title}）"


def _body(result: Result, policy: Policy) -> str:
    titles = {str(a.number): a.title for a in policy.paying_articles}
    paid = "；".join(f"第{n}条 {titles.get(n, '')} {result.articles[n]:.2f}万元" for n in result.ready)
    return (
        f"管委会按贵单位在平台上的企业档案运行了《{policy.title}》，贵单位无需申报即可享受：{paid}。"
        "点击查看逐条测算依据；如档案数据有误，请更新企业档案。"
    )


def announce(policy: Policy, year: int, ready: Iterable[tuple[ApplicantProfile, Result]]) -> int:
    """Tell the members of each applicant on the 免申即享 list its result, unless the same one was told
    before; returns the number of applicants notified now."""
    ready = list(ready)
    if not ready:
        return 0
    told: dict[tuple[int, str], str] = {}  # (organisation, page) → the title last sent
    earlier = Notification.objects.filter(
        kind=POLICY_RESULT.code,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id__in=[profile.organisation_id for profile, _ in ready],
    ).order_by("created_at", "id")
    for organisation_id, url, title in earlier.values_list("object_id", "url", "title"):
        told[(organisation_id, url)] = title
    notified = 0
    for profile, result in ready:
        organisation = profile.organisation
        url = result_page(organisation, policy, year)
        title = title_of(result, policy, year)
        if told.get((organisation.pk, url)) == title:
            continue
        if notify(members(organisation), POLICY_RESULT.code, organisation, title, _body(result, policy), url):
            notified += 1
    return notified
