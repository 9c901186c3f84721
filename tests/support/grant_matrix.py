"""The world of the grants' permission matrix: one application of the test enterprise carried through review,
decision, a notice with an objection, finalisation and a sent payment batch, and a confirmed 免申即享 offer —
both naming a distinctive 收款账号, the application a distinctive contact phone, the objection a distinctive
phone and e-mail, the 一企一档 a distinctive 研发费用 — and one user per role of the matrix.

    world = matrix_world()
    world.users["reviewer"], world.application, world.batch …
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.grants import decisions, notices, payments
from hardtech.grants.models import Application, ApplicationDocument, Notice, Objection, PaymentBatch
from hardtech.policies.models import YearFigures
from hardtech.review.models import Assignment
from support.grant_applications import checked_application
from support.grant_fixtures import PDF, YEAR, open_call, qualifying_profile
from support.grant_reviews import PASSWORD, ended, item_of, published, reviewed, second_applicant
from support.offer_fixtures import confirmed_offer, seller_contract_profile
from support.round_helpers import reviewer as expert_with_user

ACCOUNT = "6222000011112222"
PHONE = "029-86661234"
OBJECTOR_PHONE = "13712349876"
OBJECTOR_EMAIL = "objector-matrix@example.test"
RD_EXPENSE = Decimal("1012.34")  # 第八条 still pays (6% → 60.74, 60.00 approved)
# What betrays each secret in a response's bytes, however it is formatted (grouped by four, last digits only).
SECRETS: dict[str, tuple[str, ...]] = {
    "bank": (ACCOUNT, "6222 0000 1111 2222", ACCOUNT[-8:], "1111 2222"),
    "phone": (PHONE, PHONE[-8:]),
    "objection": (OBJECTOR_PHONE, OBJECTOR_EMAIL),
    "figures": ("1012.34", "1,012.34"),
    "document": (PDF.decode(),),
}
ROLES = (
    "operator",
    "applicant",
    "other_enterprise",
    "manager",
    "registrar",
    "reviewer",
    "unassigned_expert",
    "anonymous",
)


@dataclass
class World:
    users: dict[str, User | None]
    applicant: Organisation
    application: Application
    offer: Application
    document: ApplicationDocument
    notice: Notice
    objection: Objection
    batch: PaymentBatch


def _user(username: str, role: str, organisation: Organisation | None = None) -> User:
    return User.objects.create_user(username, password=PASSWORD, role=role, organisation=organisation)


def _secret_account(app: Model) -> None:
    type(app).objects.filter(pk=app.pk).update(bank_account_number=ACCOUNT)


def matrix_world() -> World:
    operator = _user("operator", Role.OPERATOR)
    applicant = Organisation.objects.create(
        name="秦创测试科技有限公司", kind="enterprise", province="陕西省", credit_code="91350100M000100Y43"
    )
    profile = qualifying_profile(applicant)
    seller_contract_profile(applicant)
    YearFigures.objects.filter(profile=profile, year=YEAR - 1).update(rd_expense=RD_EXPENSE)
    applicant_user = _user("enterprise", Role.ENTERPRISE, applicant)
    _, other_user = second_applicant()
    call = open_call(operator)

    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "8"])
    Application.objects.filter(pk=app.pk).update(contact_phone=PHONE)
    _secret_account(app)
    round_ = reviewed(operator, call, [app], {app.pk: 9})
    assignment = Assignment.objects.filter(item__round=round_, declined=False).select_related("expert__user")
    reviewer = assignment.first().expert.user
    for article, amount in {"6": "40.00", "8": "60.00"}.items():
        decisions.decide(
            operator, item_of(app, article), approve=True, amount=Decimal(amount), reason="符合条件"
        )
    decisions.conclude(operator, Application.objects.get(pk=app.pk))
    notice = published(operator, call)
    objection = notices.lodge_objection(
        None,
        notice,
        name="匿名群众",
        phone=OBJECTOR_PHONE,
        email=OBJECTOR_EMAIL,
        content="该企业研发费用存疑，请核查。",
    )
    notices.resolve_objection(operator, objection, upheld=False, reason="经核查，研发费用真实")
    notices.finalise_notice(operator, ended(notice))
    batch = payments.send_batch(operator, payments.create_batch(operator, year=YEAR, items=app.items.all()))

    offer = confirmed_offer(operator, applicant_user, call, applicant)
    _secret_account(offer)

    return World(
        users={
            "operator": operator,
            "applicant": applicant_user,
            "other_enterprise": other_user,
            "manager": _user("manager", Role.MANAGER),
            "registrar": _user("registrar", Role.REGISTRAR),
            "reviewer": reviewer,
            "unassigned_expert": expert_with_user("未分配专家", "expert", None).user,
            "anonymous": None,
        },
        applicant=applicant,
        application=Application.objects.get(pk=app.pk),
        offer=Application.objects.get(pk=offer.pk),
        document=app.documents.first(),
        notice=Notice.objects.get(pk=notice.pk),
        objection=Objection.objects.get(pk=objection.pk),
        batch=PaymentBatch.objects.get(pk=batch.pk),
    )
