"""政策兑现 end to end in the browser: an enterprise goes from the policy calculator to a submitted application;
the operator checks it, decides it, puts it on public notice, dismisses an objection lodged by a member of the
public, confirms the notice after its period and pays it in a bank batch; the enterprise sees 已拨付 with the
amount. A 免申即享 offer is confirmed by its enterprise, approved and paid the same way."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.grants import bankfile
from hardtech.grants.choices import Mode, Route
from hardtech.grants.models import Application, Call, Notice
from support.browser import PASSWORD, csp_refusals, log_in, log_out
from support.grant_fixtures import open_call, qualifying_profile
from support.offer_fixtures import seller_contract_profile

BANK = {
    "id_bank_name": "中国工商银行西安高新技术产业开发区支行",
    "id_bank_code": "102791000456",
    "id_account_number": "3700 0210 0910 0123 456",
}


def _accept_dialogs(page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def _pay_everything_payable(page, year: int) -> None:
    """As the operator: a batch of every payable award, sent, the bank file downloaded and the bank's answer
    (all paid) imported."""
    page.goto(reverse("grants:payments") + f"?year={year}")
    page.click("#create-batch")
    page.wait_for_selector("#send-batch")
    page.click("#send-batch")
    with page.expect_download() as download:
        page.click("#download-file")
    with open(download.value.path(), "rb") as saved:
        transfer = saved.read()
    page.set_input_files(
        "#result-form input[type=file]",
        files=[
            {
                "name": "回执.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": bankfile.answered(transfer),
            }
        ],
    )
    page.click("#result-form button[type=submit]")
    page.wait_for_selector("#batch-status:has-text('已回执')")


def test_calculator_to_payment_and_an_offer_paid(page, users, enterprise, other_enterprise):
    operator, applicant = users[Role.OPERATOR], users[Role.ENTERPRISE]
    qualifying_profile(enterprise)  # 第六条 40.00 and 第七条 10.00 (即申即享) for 2026
    seller_contract_profile(other_enterprise)  # 第十一条 (免申即享) for 2026
    offeree = User.objects.create_user(
        "offeree", password=PASSWORD, role=Role.ENTERPRISE, organisation=other_enterprise
    )
    call = open_call(operator, modes={"6": Mode.INSTANT, "7": Mode.INSTANT, "11": Mode.NO_APPLICATION})
    refused = csp_refusals(page)
    _accept_dialogs(page)

    # The enterprise: from its calculator result to a submitted application with a receipt number.
    log_in(page, applicant.username)
    page.goto(reverse("policies:calculator") + "?year=2026")
    page.click("#apply-link")
    page.click(f"#open-calls a[href='{reverse('grants:call', args=[call.pk])}']")
    page.click("#apply")
    page.click("#start-application")
    page.wait_for_selector("#application-form")
    page.fill("#id_summary", "企业2025年首次通过高新技术企业认定，并获评省级专精特新中小企业。")
    page.fill("#id_contact_name", "李经理")
    page.fill("#id_contact_phone", "13800000000")
    page.click("#save-application")
    for requirement in page.locator(".requirement[data-requirement]").all():
        key = requirement.get_attribute("data-requirement")
        page.set_input_files(
            f"#file-{key}",
            files=[{"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
        )
        page.click(f".requirement[data-requirement='{key}'] form button[type=submit]")
        page.wait_for_selector(f".requirement[data-requirement='{key}'] a")
    page.fill("#id_account_name", enterprise.name)
    for field, value in BANK.items():
        page.fill(f"#{field}", value)
    page.click("#save-bank")
    page.click("#sign-pledge")
    page.click("#submit-application")
    number = page.text_content("#application-number")
    assert re.search(r"SB2026\d{6}", number)
    app = Application.objects.get(call=call, route=Route.APPLICATION)
    log_out(page)

    # The operator: formal check, decision, public notice.
    log_in(page, operator.username)
    page.goto(reverse("grants:application", args=[app.pk]))
    page.check("#check input[value=pass]")
    page.click("#check-submit")
    page.goto(reverse("grants:decide", args=[app.pk]))
    for article, amount in (("6", "40.00"), ("7", "10.00")):
        section = page.locator(f"#item-{article}")
        section.locator("input[name$=amount]").fill(amount)
        section.locator("textarea[name$=reason]").fill(f"符合第{article}条，按测算金额支持")
        section.locator("button[type=submit]").click()
        page.wait_for_selector(f"#decision-{article}:has-text('拟支持')")
    page.click("#conclude-button")
    page.goto(reverse("grants:notice_new", args=[call.pk]))
    page.fill("#id_title", "2026年度科技创新专项资金拟支持名单公示（第一批）")
    page.fill("#id_starts_on", timezone.localdate().isoformat())
    page.fill("#id_days", "7")
    page.click("#publish-notice")
    notice = Notice.objects.get(call=call)
    log_out(page)

    # Anyone: an objection, with contact details.
    page.goto(reverse("grants:notice", args=[notice.pk]))
    assert enterprise.name in page.text_content("#entries")
    assert "3700" not in page.content()  # no bank details on the public notice
    page.fill("#id_o-name", "王先生")
    page.fill("#id_o-phone", "13709181234")
    page.fill("#id_o-content", "该企业的高新技术企业认定是否在上年度内？请予核查。")
    page.click("#lodge-objection")
    page.wait_for_selector(".messages, .msg")

    # The operator dismisses it; after the period the list is final and is paid.
    log_in(page, operator.username)
    page.goto(reverse("grants:notice", args=[notice.pk]))
    page.click("#objections a:has-text('处理')")
    page.check("input[name=upheld][value='0']")
    page.fill("#id_reason", "经核查，该企业高新技术企业证书发证日期为2025年5月，异议不成立。")
    page.click("#resolve-objection")
    Notice.objects.filter(pk=notice.pk).update(
        starts_on=timezone.localdate() - timedelta(days=8)
    )  # time passes
    page.goto(reverse("grants:notice", args=[notice.pk]))
    page.click("#finalise-notice")
    page.wait_for_selector("#notice-period:has-text('公示结束')")
    _pay_everything_payable(page, 2026)

    # The operator makes the year's 免申即享 offers.
    page.goto(reverse("grants:call_offers", args=[call.pk]))
    page.click("#make-offers")
    offer = Application.objects.get(call=call, route=Route.OFFER, applicant=other_enterprise)
    log_out(page)

    # The enterprise sees 已拨付 with the amount.
    log_in(page, applicant.username)
    page.goto(reverse("grants:application", args=[app.pk]))
    assert "已拨付" in page.text_content("#application-status")
    assert "50.00" in page.text_content("#paid-total")
    log_out(page)

    # The offer: confirmed with the bank account in one step, approved, paid.
    log_in(page, offeree.username)
    page.goto(reverse("grants:offer", args=[offer.pk]))
    page.fill("#confirm-form #id_account_name", other_enterprise.name)
    for field, value in BANK.items():
        page.fill(f"#confirm-form #{field}", value)
    page.click("#confirm-offer")
    page.wait_for_selector("#offer-status:has-text('已确认')")
    log_out(page)
    log_in(page, operator.username)
    page.goto(reverse("grants:offer", args=[offer.pk]))
    page.click("#approve-offer")
    page.wait_for_selector("#offer-status:has-text('已确定')")
    _pay_everything_payable(page, 2026)
    log_out(page)
    log_in(page, offeree.username)
    page.goto(reverse("grants:offer", args=[offer.pk]))
    assert "已拨付" in page.text_content("#offer-status")
    assert Call.objects.get(pk=call.pk).applications.filter(status="paid").count() == 2
    assert not refused
