"""政策计算器: an enterprise's own profile, a hypothetical applicant typed in by anyone, and who may look at
whose profile."""

import re

from django.test import Client

from hardtech.accounts import grants
from hardtech.accounts.models import Role
from hardtech.policies.permissions import PROFILE_READER
from support.policy_web_helpers import YEAR

URL = "/policy/calculator/"


def text(response) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def hypothetical(**fields: str) -> dict[str, str]:
    data = {
        "policy": "sample",
        "year": str(YEAR),
        "kind": "enterprise",
        "registered_in_zone": "true",
        "tax_in_zone": "true",
        "serious_dishonesty": "false",
    }
    for prefix in ("events", "contracts", "investments"):
        data.update({f"{prefix}-TOTAL_FORMS": "3", f"{prefix}-INITIAL_FORMS": "0"})
    # Blank rows as a browser posts them: the boxes that start ticked stay ticked.
    for i in range(3):
        data.update(
            {
                f"contracts-{i}-registered": "on",
                f"investments-{i}-cash": "on",
                f"investments-{i}-investee_in_zone": "on",
            }
        )
    return data | fields


def test_enterprise_sees_its_own_profile_explained(client: Client, users, profile):
    client.force_login(users[Role.ENTERPRISE])
    page = text(client.get(URL, {"policy": "sample", "year": YEAR}))
    assert f"正在测算： {profile.organisation.name} 的企业档案" in page
    assert "合计（适用年度上限后） 196万元" in page
    assert "第八条 研发费用补助 符合 78万元" in page
    # Conditions with their values, the parameter and the date it was read at, the legal text.
    assert "2025年度研发费用 1300万元，不低于 100万元" in page
    assert "研发费用补助比例按 2025-12-31 适用自 2025-01-01 起的数值 6%" in page
    assert "高新技术企业首次认定奖励按 2025-03-18 适用自 2025-01-01 起的数值 40" in page
    assert "本政策自 2024 年 1 月 1 日起施行" not in page  # article 16 is not a paying article
    assert "按所获最高奖项奖励" in page
    # The explanation numbers the events; the page lists them in that order.
    assert "认定、获批、获奖事项第2项：符合，金额 40万元" in page
    assert (
        "认定、获批、获奖事项 创新创业大赛获奖：国家级 二等奖，2025-10-12 高新技术企业认定：首次认定，2025-03-18"
        in page
    )
    assert "data-print" in client.get(URL).content.decode()


def test_enterprise_without_a_profile_is_told_what_is_missing(client: Client, users):
    client.force_login(users[Role.ENTERPRISE])
    page = text(client.get(URL))
    assert "尚未填写档案" in page and "缺少数据：注册地在本区、税务关系在本区、近三年有严重失信记录" in page


def test_near_miss_in_plain_chinese(client: Client, users, near_miss_profile):
    client.force_login(users[Role.OPERATOR])
    page = text(client.get(URL, {"org": near_miss_profile.organisation_id, "year": YEAR, "policy": "sample"}))
    assert "差一点：2025年度研发费用占2025年度营业收入的比例 2.76%，低于 3% 的要求" in page


def test_caps_and_the_annual_cap_are_explained(client: Client):
    data = hypothetical(
        rd_last="4200",
        revenue_last="60000",
        rd_before="3000",
        **{
            "events-TOTAL_FORMS": "4",
            "events-0-type": "key_lab",
            "events-0-grade": "national",
            "events-0-date": "2025-12-05",
            "events-0-registered_at_award": "unknown",
            "events-1-type": "high_tech_recognition",
            "events-1-grade": "first",
            "events-1-date": "2025-10-30",
            "events-1-registered_at_award": "unknown",
            "events-2-type": "competition_award",
            "events-2-grade": "national",
            "events-2-rank": "first",
            "events-2-date": "2025-11-02",
            "events-2-registered_at_award": "true",
            "events-3-type": "specialized",
            "events-3-grade": "national",
            "events-3-date": "2025-08-18",
            "events-3-registered_at_award": "unknown",
            "contracts-0-role": "seller",
            "contracts-0-type": "transfer",
            "contracts-0-registered": "on",
            "contracts-0-date": "2025-03-12",
            "contracts-0-paid_amount": "13000",
            "contracts-0-counterparty_kind": "enterprise",
        },
    )
    page = text(client.post(URL, data))
    assert "计算额 252万元，按本项上限 200万元 计" in page  # article 8: 6% of 4200
    assert "计算额 260万元，按本项上限 100万元 计" in page  # article 11: 2% of 13000
    # 40 + 50 + 200 + 100 + 100 + 50 = 540 against the 500 cap; the national key lab's 500 is outside it.
    assert "计入年度上限的各条合计 540万元，超过年度上限 500万元（第五条）" in page
    assert "合计（适用年度上限后） 1000万元" in page


def test_anonymous_form_evaluates_a_hypothetical_applicant(client: Client):
    page = client.get(URL)
    assert page.status_code == 200 and "测算条件" in page.content.decode()
    data = hypothetical(
        rd_last="290",
        revenue_last="10500",
        **{
            "events-0-type": "high_tech_recognition",
            "events-0-grade": "first",
            "events-0-date": "2025-05-01",
            "events-0-registered_at_award": "unknown",
        },
    )
    page = text(client.post(URL, data))
    assert "第六条 高新技术企业 符合 40万元" in page
    assert "差一点：2025年度研发费用占2025年度营业收入的比例 2.76%" in page
    assert "合计（适用年度上限后） 40万元" in page


def test_blank_figures_are_missing_data_not_zero(client: Client):
    page = text(client.post(URL, hypothetical()))
    assert "缺少数据：2025年度研发费用" in page


def test_hypothetical_form_reports_field_errors(client: Client):
    data = hypothetical(
        rd_last="-1",
        **{
            "events-0-type": "high_tech_recognition",
            "events-0-grade": "national",
            "events-0-date": "2025-05-01",
            "events-0-registered_at_award": "unknown",
        },
    )
    page = text(client.post(URL, data))
    assert "确保该值大于或等于0" in page and "高新技术企业认定的级别/类别应为" in page
    assert "合计（适用年度上限后）" not in page


def test_enterprise_cannot_look_at_another_profile(client: Client, users, near_miss_profile):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(URL, {"org": near_miss_profile.organisation_id}).status_code == 403
    client.logout()
    assert client.get(URL, {"org": near_miss_profile.organisation_id}).status_code == 403


def test_manager_looks_at_a_profile_only_when_granted(client: Client, users, profile):
    client.force_login(users[Role.MANAGER])
    query = {"org": profile.organisation_id, "year": YEAR, "policy": "sample"}
    assert client.get(URL, query).status_code == 403
    grants.grant(users[Role.MANAGER], PROFILE_READER, profile.organisation, by=users[Role.ENTERPRISE])
    assert "196万元" in text(client.get(URL, query))


def test_enterprise_may_switch_to_the_form(client: Client, users, profile):
    client.force_login(users[Role.ENTERPRISE])
    page = text(client.get(URL, {"mode": "form"}))
    assert "测算条件" in page and "改为测算本机构" in page
