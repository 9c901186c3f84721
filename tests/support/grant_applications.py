"""Applications built through the A2 services (grants.applications), for tests of every later step: a complete
draft, a submitted one (with its 受理编号), one through the formal check.

    app = submitted_application(applicant_user, call, applicant)            # 6, 7, 8, 9 applied for
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
"""

from collections.abc import Iterable

from django.core.files.uploadedfile import SimpleUploadedFile

from hardtech.catalogue.models import Organisation
from hardtech.grants import applications as services
from hardtech.grants.models import Application, Call, RequiredDocument
from support.grant_fixtures import PDF

PHONE = "029-88886666"


def bank_fields(org: Organisation) -> dict[str, str]:
    """A well-formed 对公账户 in the applicant's name."""
    return {
        "account_name": org.name,
        "bank_name": "中国建设银行西安高新技术产业开发区支行",
        "bank_code": "105791000017",
        "account_number": "6100 1234 5678 9012",
    }


def pdf(name: str = "证明材料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filled_application(
    user, call: Call, org: Organisation, articles: Iterable[str] | None = None
) -> Application:
    """A draft ready to submit: the articles (default: those the engine pays), contact, bank account, a PDF for
    every required document of the articles applied for, the 承诺书 signed."""
    app = services.start_application(user, call, org)
    chosen = list(articles) if articles is not None else list(app.items.values_list("article", flat=True))
    app = services.save_application(
        user,
        app,
        summary="企业研发投入持续增长，申请兑现科技创新专项资金。",
        contact_name="王经理",
        contact_phone=PHONE,
        articles=chosen,
    )
    app = services.set_bank_account(user, app, **bank_fields(org))
    for requirement in RequiredDocument.objects.filter(article__call=call, article__article__in=chosen):
        services.upload_document(user, app, requirement, pdf(f"{requirement.name}.pdf"))
    return services.pledge(user, app)


def submitted_application(
    user, call: Call, org: Organisation, articles: Iterable[str] | None = None
) -> Application:
    return services.submit(user, filled_application(user, call, org, articles))


def checked_application(
    user, operator, call: Call, org: Organisation, articles: Iterable[str] | None = None
) -> Application:
    """Submitted and through the formal check (形式审查通过)."""
    return services.pass_check(operator, submitted_application(user, call, org, articles), "材料齐全")
