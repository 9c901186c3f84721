"""The call pages: a published call's page for everyone (articles with their mode, documents, dates, 在线申报
while it takes applications); a draft for the operator only; the operator opens, edits, publishes and ends a call
and sets an article's documents through the forms, each refusal shown on the form or as a message."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hardtech.grants.choices import CallStatus, Mode
from hardtech.grants.models import Call, RequiredDocument
from support.call_helpers import applied
from support.deal_pages import client_as, shown_messages
from support.form_post import posted_fields
from support.grant_fixtures import PDF, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_published_call_is_public(call, client):
    html = client.get(reverse("grants:call", args=[call.pk])).content.decode()
    assert call.title in html and "距截止还有" in html
    assert "第8条 研发费用补助" in html and "评审后兑现" in html and "免申即享" in html
    assert "第6条证明材料" in html
    assert "登录后在线申报" in html
    assert "设置本条" not in html


def test_a_draft_is_the_operators_alone(operator, users, client):
    draft = open_call(operator, status=CallStatus.DRAFT)
    url = reverse("grants:call", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client_as(users["enterprise"]).get(url).status_code == 404
    html = client_as(operator).get(url).content.decode()
    assert "发布" in html and "设置本条" in html


def test_the_operator_opens_a_call_through_the_form(operator):
    browser = client_as(operator)
    page = browser.get(reverse("grants:call_new"))
    assert "第14条" in page.content.decode()
    now = timezone.now()
    data = {
        **{k: v[0] for k, v in posted_fields(page.content.decode()).items() if v},
        "title": "2026年度第二批专项资金申报通知",
        "opens_at": _local(now),
        "deadline": _local(now + timedelta(days=15)),
        "article_6": Mode.INSTANT,
        "article_11": Mode.NO_APPLICATION,
    }
    response = browser.post(reverse("grants:call_new"), data, follow=True)
    call = Call.objects.get()
    assert response.redirect_chain[-1][0] == reverse("grants:call", args=[call.pk])
    assert (call.status, call.year) == (CallStatus.DRAFT, 2026)
    assert dict(call.articles.values_list("article", "mode")) == {
        "6": Mode.INSTANT,
        "11": Mode.NO_APPLICATION,
    }
    assert any("已创建申报通知草稿" in m for m in shown_messages(response))


def test_the_form_shows_a_refusal_on_its_field(operator):
    now = timezone.now()
    response = client_as(operator).post(
        reverse("grants:call_new"),
        {
            "policy": "sample",
            "year": "2030",
            "title": "错误年度",
            "opens_at": _local(now),
            "deadline": _local(now - timedelta(days=1)),
            "notice_days": "7",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Call.objects.exists()
    assert "2024—2026" in html and "申报截止时间须晚于受理开始时间" in html


def test_editing_a_published_call_keeps_its_applied_article(operator, call, applicant):
    applied(call, applicant, ("6",))
    browser = client_as(operator)
    url = reverse("grants:call_edit", args=[call.pk])
    page = browser.get(url).content.decode()
    assert "已有申报：不能取消开放或更改兑现方式" in page
    data = {k: v[0] for k, v in posted_fields(page).items() if v}
    data.pop("article_6")
    response = browser.post(url, data)
    assert "第6条已有申报" in response.content.decode()
    data["article_6"] = Mode.INSTANT
    data["title"] = "改过的标题"
    browser.post(url, data)
    assert Call.objects.get(pk=call.pk).title == "改过的标题"


def test_publish_and_end_from_the_call_page(operator):
    draft = open_call(operator, status=CallStatus.DRAFT)
    browser = client_as(operator)
    response = browser.post(reverse("grants:call_publish", args=[draft.pk]), follow=True)
    assert any("已发布" in m for m in shown_messages(response))
    response = browser.post(reverse("grants:call_close", args=[draft.pk]), follow=True)
    assert any("申报截止前不能结束" in m for m in shown_messages(response))
    assert Call.objects.get(pk=draft.pk).status == CallStatus.PUBLISHED


def test_the_operator_adds_and_removes_a_document(operator, call):
    browser = client_as(operator)
    article = call.articles.get(article="12")
    response = browser.post(
        reverse("grants:requirement_add", args=[article.pk]),
        {
            "name": "孵化器认定文件",
            "required": "on",
            "types": ["pdf", "png"],
            "max_mb": "5",
            "template": SimpleUploadedFile("模板.pdf", PDF),
        },
        follow=True,
    )
    doc = RequiredDocument.objects.get(name="孵化器认定文件")
    assert doc.types == ["pdf", "png"] and doc.template_name == "模板.pdf"
    assert "下载 模板.pdf" in response.content.decode()
    refused = browser.post(
        reverse("grants:requirement_add", args=[article.pk]),
        {"name": "坏模板", "types": ["pdf"], "max_mb": "5", "template": SimpleUploadedFile("x.pdf", b"MZ")},
        follow=True,
    )
    assert any("不是 PDF" in m for m in shown_messages(refused))
    browser.post(reverse("grants:requirement_remove", args=[doc.pk]))
    assert not RequiredDocument.objects.filter(pk=doc.pk).exists()


def test_the_article_form_sets_guidance(operator, call):
    article = call.articles.get(article="7")
    client_as(operator).post(
        reverse("grants:call_article", args=[call.pk, "7"]),
        {f"a{article.pk}-mode": Mode.REVIEWED, f"a{article.pk}-guidance": "附省级专精特新认定文件"},
    )
    article.refresh_from_db()
    assert (article.mode, article.guidance) == (Mode.REVIEWED, "附省级专精特新认定文件")


def test_others_may_not_use_the_operator_pages(users, call):
    browser = client_as(users["enterprise"])
    assert browser.get(reverse("grants:call_new")).status_code == 403
    assert browser.get(reverse("grants:call_edit", args=[call.pk])).status_code == 403
    browser.post(reverse("grants:call_close", args=[call.pk]))
    article = call.articles.get(article="12")
    assert (
        browser.post(reverse("grants:requirement_add", args=[article.pk]), {"name": "x"}).status_code == 403
    )
    assert Call.objects.get(pk=call.pk).status == CallStatus.PUBLISHED


def test_an_applicant_applies_from_an_open_call(call, applicant_user):
    try:
        apply_url = reverse("grants:apply", args=[call.pk])
    except NoReverseMatch:
        pytest.skip("the applications' pages are not there yet")
    html = client_as(applicant_user).get(reverse("grants:call", args=[call.pk])).content.decode()
    assert f'href="{apply_url}"' in html and "在线申报" in html


def test_an_applicant_sees_its_own_application_to_the_call(call, applicant, applicant_user, other_enterprise):
    applied(call, applicant, number="SB2026000007")
    applied(call, other_enterprise, number="SB2026000008")
    html = client_as(applicant_user).get(reverse("grants:call", args=[call.pk])).content.decode()
    assert 'id="my-applications"' in html and "SB2026000007" in html and "SB2026000008" not in html
