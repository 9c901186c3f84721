"""End to end in a real browser: a technology manager opens a deal from a demand's 智能匹配 panel, takes it
through 洽谈 to 签约 (a checklist ticked, a stage passed over with a reason), fills in and submits the technology
contract; the registrar registers it; the deal shows 登记; the enterprise's 一企一档 and the policy calculator see
the registered contract, and the enterprise writes in the deal's thread. No page refuses anything under the
Content-Security-Policy on the way."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.deals.choices import ContractStatus, Stage
from hardtech.deals.models import Contract, Deal, StageVisit
from hardtech.matching import services as matching
from hardtech.policies.models import TechContract
from support.browser import csp_refusals, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accept_confirmations(page) -> None:
    """The site's script asks before irreversible steps (data-confirm); the user says yes."""
    page.on("dialog", lambda dialog: dialog.accept())


def test_demand_to_registered_contract(
    page, users, demand, achievement, enterprise, university, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    matching.rebuild()
    refused = csp_refusals(page)
    accept_confirmations(page)
    manager, registrar = users[Role.MANAGER], users[Role.REGISTRAR]

    # --- the manager opens a deal from the demand's match panel ---------------------------------------------
    log_in(page, manager.username)
    page.goto(reverse("demand_detail", args=[demand.pk]))
    card = page.locator(f".match-panel #match-achievements-{achievement.pk}")
    card.locator("a:has-text('发起技术转移项目')").click()
    page.wait_for_url(re.compile(r"/deals/new/"))
    expect(page.locator("#id_title")).to_have_value(re.compile(achievement.title))
    page.fill("#id_amount", "120")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/deals/\d+/$"))
    deal = Deal.objects.get()
    assert deal.source == "match" and deal.lead == manager
    assert list(deal.achievements.all()) == [achievement] and list(deal.demands.all()) == [demand]
    expect(page.locator("#deal-stage")).to_have_text("对接")

    # 对接 → 洽谈: the checklist ticked item by item, then the step.
    for _ in range(deal.checklist.filter(stage=Stage.INTRODUCED).count()):
        page.locator("#checklist button.check-box[aria-label^='标记完成']").first.click()
        page.wait_for_load_state()
    expect(page.locator("#checklist button.check-box[aria-label^='标记完成']")).to_have_count(0)
    page.fill("#note-to_negotiating", "双方已签署保密协议，进入商务洽谈")
    page.click("button:has-text('进入洽谈')")
    expect(page.locator("#deal-stage")).to_have_text("洽谈")

    # 洽谈 → 签约 without the checklist: the lead's override with its reason.
    page.click("summary:has-text('越过清单进入签约')")
    page.fill("#note-skip_to_signed", "价值评估由需求方委托第三方完成，报告随合同归档")
    page.click("button:has-text('越过清单进入签约')")
    expect(page.locator("#deal-stage")).to_have_text("签约")
    assert StageVisit.objects.get(deal=deal, stage=Stage.SIGNED).override.startswith("价值评估")
    # The contract is signed (the one 签约 item the registration does not tick itself).
    page.locator("#checklist li:has-text('合同双方签字盖章') button.check-box").click()
    expect(page.locator("#checklist li:has-text('合同双方签字盖章')")).to_have_class(re.compile(r"\bdone\b"))

    # --- the contract, in the registration form's fields ----------------------------------------------------
    page.click("#contract a:has-text('填写技术合同')")
    page.wait_for_url(re.compile(r"/contract/new/"))
    expect(page.locator("#id_buyer_name")).to_have_value(enterprise.name)
    expect(page.locator("#id_seller_name")).to_have_value(university.name)
    today = timezone.localdate().isoformat()
    page.select_option("#id_contract_type", "license_patent")
    page.fill("#id_signed_on", today)
    page.fill("#id_valid_from", today)
    page.fill("#id_valid_to", f"{timezone.localdate().year + 2}-12-31")
    page.fill("#id_seller_region", "610113")
    page.fill("#id_total_amount", "120")
    page.fill("#id_paid_amount", "36")
    page.select_option("#id_payment_method", "instalments")
    page.select_option("#id_ip_type", "invention_patent")
    page.select_option("#id_costs-0-kind", "equipment")
    page.fill("#id_costs-0-description", "配套测试夹具")
    page.fill("#id_costs-0-amount", "20")
    page.click("form.contract-form button[type=submit]")
    page.wait_for_url(re.compile(r"/deals/contracts/\d+/$"))
    expect(page.locator("#contract-status")).to_have_text("草稿")
    page.click("#submit-contract")
    expect(page.locator("#contract-status")).to_have_text("待认定登记")
    contract = Contract.objects.get(deal=deal)
    assert contract.technology_amount == 100 and contract.status == ContractStatus.SUBMITTED
    log_out(page)

    # --- the registrar registers it -------------------------------------------------------------------------
    log_in(page, registrar.username)
    page.goto(reverse("deals:registry"))
    page.click(f"a[href='{reverse('deals:contract', args=[contract.pk])}']")
    form = page.locator("#register-form")
    expect(form.locator("select[name=contract_type]")).to_have_value("license_patent")
    form.locator("input[name=technology_amount]").fill("100")
    form.locator("textarea[name=note]").fill("经审查符合技术许可合同认定条件")
    form.locator("button:has-text('登记并编号')").click()
    expect(page.locator("#contract-status")).to_have_text("已登记")
    number = page.locator("#registration-no").inner_text().strip()
    assert re.fullmatch(rf"{timezone.localdate().year}610131\d{{6}}", number), number
    expect(page.locator("#technology-amount")).to_have_text("100.00 万元")
    log_out(page)

    # --- the deal is at 登记 --------------------------------------------------------------------------------
    log_in(page, manager.username)
    page.goto(reverse("deals:detail", args=[deal.pk]))
    expect(page.locator("#deal-stage")).to_have_text("登记")
    expect(page.locator("#contract")).to_contain_text("已登记")
    log_out(page)

    # --- the enterprise's 一企一档 and the policy calculator see the registered contract --------------------
    assert TechContract.objects.filter(
        profile__organisation=enterprise, contract_no=number, role="buyer"
    ).exists()
    log_in(page, users[Role.ENTERPRISE].username)
    # The enterprise, a party, sees the deal and writes in its thread (项目留言) on the deal page.
    page.goto(reverse("deals:detail", args=[deal.pk]))
    expect(page.locator("#deal-stage")).to_have_text("登记")
    page.fill("#messages textarea[name=body]", f"已收到登记号 {number}，首笔款项本周支付。")
    page.click("#messages button:has-text('发送留言')")
    page.wait_for_url(re.compile(rf"/deals/{deal.pk}/#messages$"))
    expect(page.locator("#messages .chat-item")).to_contain_text(f"已收到登记号 {number}")
    page.goto(reverse("policies:profile", args=[enterprise.pk]))
    row = page.locator(f"tr:has-text('{number}')")
    expect(row).to_contain_text("技术吸纳方")
    expect(row).to_contain_text("技术许可")
    expect(row).to_contain_text(university.name)
    page.goto(reverse("policies:calculator"))
    expect(page.locator(".explanation")).to_contain_text(
        f"技术吸纳方 技术许可，登记日期 {today}，实际支付额 36"
    )

    assert not refused, refused
