"""The applicant's pages: 在线申报 shows the engine's pre-fill and starts (or resumes) the draft; the application
page takes the form (errors inline), the bank account, documents and the 承诺书, says what is still missing,
and submits; the receipt shows the number and the amounts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.grants import applications as services
from hardtech.grants.choices import ApplicationStatus, Route
from hardtech.grants.models import Application, RequiredDocument
from support.grant_applications import bank_fields, filled_application, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, applicant_user):
    client.force_login(applicant_user)
    return client


def test_apply_shows_the_prefill_and_starts_a_draft(browser, call, applicant):
    url = reverse("grants:apply", args=[call.pk])
    page = browser.get(url).content.decode()
    assert "秦创测试科技有限公司 的预填结果" in page
    assert re.search(r'data-article="8">.*?60\.00', page, re.S)
    response = browser.post(url)
    app = Application.objects.get(call=call, applicant=applicant)
    assert response.status_code == 302 and response.url == reverse("grants:application", args=[app.pk])
    # a second visit resumes it
    assert browser.get(url).url == response.url
    assert Application.objects.filter(call=call).count() == 1


def test_the_form_shows_its_errors_inline(browser, call, applicant, applicant_user):
    app = services.start_application(applicant_user, call, applicant)
    response = browser.post(
        reverse("grants:application_save", args=[app.pk]),
        {"articles": ["6"], "contact_name": "王经理", "contact_phone": "12345", "version": app.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "联系电话“12345”格式不正确" in page and 'id="id_contact_phone_errors"' in page
    assert app.items.count() == 4


def test_bank_account_refused_inline_then_saved(browser, call, applicant, applicant_user):
    app = services.start_application(applicant_user, call, applicant)
    url = reverse("grants:application_bank", args=[app.pk])
    wrong = browser.post(url, {**bank_fields(applicant), "account_name": "张三"})
    assert "与申报主体名称“秦创测试科技有限公司”不一致" in wrong.content.decode()
    assert browser.post(url, bank_fields(applicant)).status_code == 302
    assert Application.objects.get(pk=app.pk).bank_account_number == "6100123456789012"


def test_upload_refusal_is_a_message(browser, call, applicant, applicant_user):
    app = services.start_application(applicant_user, call, applicant)
    requirement = RequiredDocument.objects.get(article__call=call, article__article="6")
    response = browser.post(
        reverse("grants:application_upload", args=[app.pk]),
        {"requirement": requirement.pk, "file": pdf("图片.pdf", b"\x89PNG\r\n\x1a\n0000")},
        follow=True,
    )
    assert "不是“第6条证明材料”允许的文件类型" in response.content.decode()
    assert not app.documents.exists()


def test_missing_items_listed_then_submitted_with_a_receipt(browser, call, applicant, applicant_user):
    app = services.start_application(applicant_user, call, applicant)
    page = browser.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "请阅读并签署承诺书" in page and "第8条缺少材料“第8条证明材料”" in page
    app = filled_application(applicant_user, call, applicant)
    response = browser.post(reverse("grants:application_submit", args=[app.pk]), follow=True)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert f"申报已提交，受理编号 {app.number}" in response.content.decode()
    receipt = browser.get(reverse("grants:receipt", args=[app.pk])).content.decode()
    assert app.number in receipt and 'id="receipt-total">140.00<' in receipt


def test_my_applications(browser, call, applicant, applicant_user):
    app = filled_application(applicant_user, call, applicant)
    page = browser.get(reverse("grants:applications")).content.decode()
    assert reverse("grants:application", args=[app.pk]) in page and "草稿" in page


def test_withdraw_from_the_page(browser, call, applicant, applicant_user):
    app = services.submit(applicant_user, filled_application(applicant_user, call, applicant))
    response = browser.post(
        reverse("grants:application_withdraw", args=[app.pk]), {"note": "重新准备"}, follow=True
    )
    assert "申报已撤回" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.WITHDRAWN


def test_the_operator_is_sent_back_from_apply(client, operator, call):
    client.force_login(operator)
    response = client.get(reverse("grants:apply", args=[call.pk]), follow=True)
    assert "只有企业、高校院所、投资机构等申报主体的用户可以在线申报" in response.content.decode()


def test_after_the_deadline_the_page_takes_nothing(browser, call, applicant, applicant_user):
    app = services.start_application(applicant_user, call, applicant)
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    page = browser.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert 'id="closed-note"' in page
    assert 'id="submit-application"' not in page and 'id="save-application"' not in page


def test_an_offer_opens_on_its_own_page(browser, call, applicant):
    offer = Application.objects.create(
        call=call, applicant=applicant, route=Route.OFFER, status=ApplicationStatus.OFFERED
    )
    response = browser.get(reverse("grants:application", args=[offer.pk]))
    assert response.status_code == 302 and response.url == reverse("grants:offer", args=[offer.pk])
