"""申报材料 of an article (add_requirement, remove_requirement, the template download): types among PDF, PNG,
JPEG; a template is typed by its bytes and at most 10 MB; an applied-for article of a published call keeps its
documents; the template is served to whoever sees the call."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.grants import calls
from hardtech.grants.choices import CallStatus
from hardtech.grants.models import RequiredDocument
from support.call_helpers import applied
from support.deal_pages import client_as
from support.grant_fixtures import PDF, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _article(call, number="12"):
    return call.articles.get(article=number)


def test_a_requirement_with_its_template(operator, call):
    template = SimpleUploadedFile("申报书模板.pdf", PDF)
    doc = calls.add_requirement(
        operator,
        _article(call),
        name=" 孵化载体 认定文件 ",
        types=["pdf", "jpeg"],
        max_mb=8,
        template=template,
    )
    assert (doc.name, doc.types, doc.max_mb, doc.required) == ("孵化载体 认定文件", ["pdf", "jpeg"], 8, True)
    assert (doc.template_name, doc.template_type) == ("申报书模板.pdf", "application/pdf")
    assert doc.content_types == {"application/pdf", "image/jpeg"}


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"types": []}, "types", "请至少选择一种"),
        ({"types": ["docx"]}, "types", "docx"),
        ({"template": SimpleUploadedFile("模板.pdf", b"<html>not a pdf</html>")}, "template", "不是 PDF"),
        ({"template": SimpleUploadedFile("大.pdf", PDF + b"0" * (10 * 1024 * 1024))}, "template", "10 MB"),
        ({"max_mb": 99}, "max_mb", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_requirements_are_refused(operator, call, changes, field, text):
    before = RequiredDocument.objects.count()
    with pytest.raises(ValidationError) as caught:
        calls.add_requirement(operator, _article(call), **{"name": "证明材料", **changes})
    assert text in "".join(caught.value.message_dict[field])
    assert RequiredDocument.objects.count() == before


def test_an_applied_article_of_a_published_call_keeps_its_documents(operator, call, applicant):
    applied(call, applicant, ("6",))
    with pytest.raises(ValidationError, match="第6条已有申报"):
        calls.add_requirement(operator, _article(call, "6"), name="补充材料")
    with pytest.raises(ValidationError, match="第6条已有申报"):
        calls.remove_requirement(operator, _article(call, "6").documents.get())
    assert _article(call, "6").documents.count() == 1


def test_a_draft_changes_its_documents_freely(operator):
    draft = open_call(operator, status=CallStatus.DRAFT)
    doc = _article(draft, "6").documents.get()
    calls.remove_requirement(operator, doc)
    assert not _article(draft, "6").documents.exists()


def test_only_the_operator_sets_documents(users, call):
    with pytest.raises(PermissionDenied):
        calls.add_requirement(users["enterprise"], _article(call), name="材料")


def test_the_template_is_served_to_who_sees_the_call(operator, users, call, client):
    doc = calls.add_requirement(
        operator, _article(call), name="申报书", template=SimpleUploadedFile("申报书.pdf", PDF)
    )
    url = reverse("grants:template", args=[doc.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    draft = open_call(operator, status=CallStatus.DRAFT)
    hidden = calls.add_requirement(
        operator, _article(draft), name="申报书", template=SimpleUploadedFile("申报书.pdf", PDF)
    )
    hidden_url = reverse("grants:template", args=[hidden.pk])
    assert client_as(users["enterprise"]).get(hidden_url).status_code == 404
    assert client_as(operator).get(hidden_url).status_code == 200
    no_template = _article(call, "6").documents.get()
    assert client.get(reverse("grants:template", args=[no_template.pk])).status_code == 404


def test_a_removed_template_leaves_no_file(operator, settings, django_capture_on_commit_callbacks):
    draft = open_call(operator, status=CallStatus.DRAFT)
    kept = calls.add_requirement(
        operator, _article(draft, "6"), name="模板一", template=SimpleUploadedFile("一.pdf", PDF)
    )
    dropped = calls.add_requirement(
        operator, _article(draft, "7"), name="模板二", template=SimpleUploadedFile("二.pdf", PDF)
    )
    paths = [settings.MEDIA_ROOT / d.template.name for d in (kept, dropped)]
    assert all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        calls.update_call(operator, draft, articles={"6": "instant"})
    assert paths[0].exists() and not paths[1].exists()
    with django_capture_on_commit_callbacks(execute=True):
        calls.remove_requirement(operator, kept)
    assert not paths[0].exists()
