"""公示 pages: the list and a notice work signed out and show applicant, article and amount only; anyone may
object there; the operator publishes, reads the objections with their contact details, resolves, finalises."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from hardtech.grants import ledger, notices
from hardtech.grants.choices import NoticeStatus, ObjectionStatus
from hardtech.grants.models import Notice
from support.grant_reviews import decided, ended, item_of, published

pytestmark = pytest.mark.django_db

TEXT = "该企业研发费用归集不实，请核查。"


@pytest.fixture
def app(operator, applicant_user, applicant, call):
    return decided(applicant_user, operator, call, applicant, {"6": "40.00"})


def _objection(client, notice, **changes):
    data = {"o-entry": "", "o-name": "王先生", "o-phone": "13912345678", "o-email": "", "o-content": TEXT}
    return client.post(reverse("grants:notice", args=[notice.pk]), {**data, **changes})


def test_signed_out_the_notice_shows_only_the_public_fields(client, operator, app, call):
    notice = published(operator, call)
    listing = client.get(reverse("grants:notices"))
    assert listing.status_code == 200 and notice.title in listing.content.decode()
    page = client.get(reverse("grants:notice", args=[notice.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "秦创测试科技有限公司" in body and "第6条 高新技术企业" in body and "40.00" in body
    for private in (app.bank_account_number, app.bank_code, app.contact_phone, app.number):
        assert private not in body
    assert 'id="lodge-objection"' in body


def test_an_objection_is_lodged_signed_out_and_bad_input_shown_inline(client, operator, app, call):
    notice = published(operator, call)
    wrong = _objection(client, notice, **{"o-phone": "555"})
    assert wrong.status_code == 200 and "联系电话“555”格式不正确" in wrong.content.decode()
    assert not notice.objections.exists()
    entry = notice.entries.get()
    done = _objection(client, notice, **{"o-entry": str(entry.pk)})
    assert done.status_code == 302
    objection = notice.objections.get()
    assert objection.entry == entry and objection.lodged_by is None
    public = client.get(reverse("grants:notice", args=[notice.pk])).content.decode()
    assert "13912345678" not in public


def test_the_operator_publishes_resolves_and_finalises(client, operator, app, call):
    client.force_login(operator)
    form = client.get(reverse("grants:notice_new", args=[call.pk]))
    assert form.status_code == 200 and "秦创测试科技有限公司" in form.content.decode()
    start = notices.today().isoformat()
    made = client.post(
        reverse("grants:notice_new", args=[call.pk]),
        {"title": "拟支持名单公示", "starts_on": start, "days": 5},
    )
    notice = Notice.objects.get(call=call)
    assert made.status_code == 302 and made.url == reverse("grants:notice", args=[notice.pk])
    _objection(client, notice)
    objection = notice.objections.get()
    detail = client.get(reverse("grants:notice", args=[notice.pk])).content.decode()
    assert "13912345678" in detail and reverse("grants:objection_resolve", args=[objection.pk]) in detail
    resolve = reverse("grants:objection_resolve", args=[objection.pk])
    blank = client.post(resolve, {"upheld": "0", "reason": ""})
    assert blank.status_code == 200 and 'class="field has-error"' in blank.content.decode()
    client.post(resolve, {"upheld": "0", "reason": "数据经审计报告核实无误"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    early = client.post(reverse("grants:notice_finalise", args=[notice.pk]), follow=True)
    assert "公示期满后" in early.content.decode()
    client.post(reverse("grants:notice_finalise", args=[ended(notice).pk]))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FINAL
    assert ledger.balances(item_of(app, "6")).payable == Decimal("40.00")


def test_operator_pages_are_closed_to_others(client, applicant_user, operator, app, call):
    notice = published(operator, call)
    objection = notices.lodge_objection(None, notice, name="王先生", phone="13912345678", content=TEXT)
    assert client.get(reverse("grants:notice_new", args=[call.pk])).status_code == 302  # to sign in
    client.force_login(applicant_user)
    assert client.get(reverse("grants:notice_new", args=[call.pk])).status_code == 403
    assert client.get(reverse("grants:objection_resolve", args=[objection.pk])).status_code == 403
    assert client.post(reverse("grants:notice_finalise", args=[notice.pk])).status_code == 403
    assert "13912345678" not in client.get(reverse("grants:notice", args=[notice.pk])).content.decode()


@override_settings(HARDTECH_ANON_COSTLY_RATE="1/m")
def test_signed_out_objections_are_rate_limited(client, operator, app, call):
    notice = published(operator, call)
    assert _objection(client, notice).status_code == 302
    again = _objection(client, notice, **{"o-content": f"{TEXT}（补充）"})
    assert again.status_code == 429 and "提交过于频繁" in again.content.decode()
    assert notice.objections.count() == 1


def test_an_objection_after_the_period_is_refused_on_the_page(client, operator, app, call):
    notice = ended(published(operator, call))
    assert (
        'id="lodge-objection"' not in client.get(reverse("grants:notice", args=[notice.pk])).content.decode()
    )
    late = _objection(client, notice)
    assert late.status_code == 200 and "现在不能提出异议" in late.content.decode()
    assert not notice.objections.exists()
