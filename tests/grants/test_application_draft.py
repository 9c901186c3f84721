"""The draft: started once per call and applicant (resumed, never doubled), pre-selecting the articles the engine
pays; saved with the articles chosen, the contact and the version read; bank account and documents checked as
they are given."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.catalogue.services import Conflict
from hardtech.grants import applications as services
from hardtech.grants.models import Application, ApplicationDocument, RequiredDocument
from support.grant_applications import bank_fields, pdf
from support.grant_fixtures import PDF

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _save(user, app, **changes):
    fields = {"summary": "", "contact_name": "王经理", "contact_phone": "13912345678", "articles": ["6"]}
    return services.save_application(user, app, **{**fields, **changes})


def test_started_once_and_preselecting_what_the_engine_pays(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    again = services.start_application(applicant_user, call, applicant)
    assert again.pk == app.pk
    assert Application.objects.filter(call=call, applicant=applicant).count() == 1
    items = {i.article: i for i in app.items.all()}
    assert set(items) == {"6", "7", "8", "9"}  # 11 is 免申即享; 10, 12, 13 pay nothing
    assert items["8"].computed == Decimal("60.00") and "研发费用补助" in items["8"].explanation


def test_only_for_ones_own_organisation(users, call, applicant, other_enterprise):
    with pytest.raises(PermissionDenied):
        services.start_application(users["enterprise"], call, other_enterprise)
    with pytest.raises(PermissionDenied):
        services.start_application(users["operator"], call, applicant)


def test_saving_chooses_the_articles(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    app = _save(applicant_user, app, articles=["6", "10"], version=app.version)
    assert sorted(app.items.values_list("article", flat=True)) == ["10", "6"]
    assert app.items.get(article="10").computed == Decimal("0.00")
    assert app.contact_phone == "13912345678"


def test_offer_and_unknown_articles_are_refused(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    with pytest.raises(ValidationError) as exc:
        _save(applicant_user, app, articles=["11", "99"], contact_phone="12345")
    assert exc.value.message_dict["articles"] == [
        "第11条为免申即享条款，由平台主动兑现，无需申报",
        "第99条不在本通知开放的申报条款内",
    ]
    assert "contact_phone" in exc.value.message_dict
    assert app.items.count() == 4  # nothing written


def test_an_outdated_version_is_a_conflict(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    _save(applicant_user, app, version=app.version)
    with pytest.raises(Conflict):
        _save(applicant_user, app, summary="旧页面", version=app.version)


def test_bank_account_in_the_wrong_form_is_refused(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    with pytest.raises(ValidationError) as exc:
        services.set_bank_account(
            applicant_user, app, **{**bank_fields(applicant), "bank_code": "10579100001"}
        )
    assert exc.value.message_dict == {"bank_code": ["开户行联行号“10579100001”格式不正确：应为 12 位数字"]}
    app = services.set_bank_account(applicant_user, app, **bank_fields(applicant))
    assert app.bank_account_number == "6100123456789012" and app.bank_confirmed_at is not None


def test_a_document_of_the_wrong_type_or_size_is_refused(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    requirement = RequiredDocument.objects.get(article__call=call, article__article="6")
    with pytest.raises(ValidationError, match="不是“第6条证明材料”允许的文件类型（PDF"):
        services.upload_document(applicant_user, app, requirement, pdf("看似.pdf", PNG))
    with pytest.raises(ValidationError, match="超过“第6条证明材料”的上限 5 MB"):
        services.upload_document(
            applicant_user, app, requirement, pdf("大.pdf", PDF + b"0" * (5 * 1024 * 1024))
        )
    assert not ApplicationDocument.objects.exists()
    document = services.upload_document(applicant_user, app, requirement, pdf("证明.pdf"))
    assert document.content_type == "application/pdf" and document.name == "证明.pdf"


def test_documents_only_for_articles_applied_for(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    requirement = RequiredDocument.objects.get(article__call=call, article__article="12")
    with pytest.raises(ValidationError, match="请先勾选申报第12条"):
        services.upload_document(applicant_user, app, requirement, pdf())


def test_removing_a_document(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    requirement = RequiredDocument.objects.get(article__call=call, article__article="6")
    document = services.upload_document(applicant_user, app, requirement, pdf())
    services.remove_document(applicant_user, document)
    assert not app.documents.exists()


def test_a_draft_is_not_saved_after_the_deadline(applicant_user, call, applicant):
    app = services.start_application(applicant_user, call, applicant)
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="不在受理期内"):
        _save(applicant_user, Application.objects.get(pk=app.pk))
