"""Awards for the money tests (payments, bank file, ledger), built directly with the ORM so these tests do not
depend on the application, decision and notice pages: an application in 已确定（待拨付） with its bank account,
one item per article with the engine's amount, decided as approved, and (by default) approved in the ledger.

    app = award(operator, call, applicant, {"6": "40.00", "8": "60.00"})    # approved and posted
    app = award(operator, call, applicant, {"8": "200.00"}, post=False)     # decided, not yet in the ledger
"""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hardtech.catalogue.models import Organisation
from hardtech.core.numbering import save_numbered
from hardtech.grants import bankfile, ledger
from hardtech.grants.choices import ApplicationStatus, Decision, Mode, Route
from hardtech.grants.models import Application, ApplicationItem, Call, PaymentBatch
from support.grant_fixtures import TITLES

BANK = {
    "bank_name": "中国银行西安高新技术产业开发区支行",
    "bank_code": "104791000123",
    "bank_account_number": "6217000012345678",
}
# 第十条 (重点实验室) is exempt from the annual cap (第五条) in the sample policy.
EXEMPT_ARTICLES = {"10"}


def award(
    operator,
    call: Call,
    applicant: Organisation,
    amounts: dict[str, str],
    *,
    post: bool = True,
    bank: bool = True,
    route: str = Route.APPLICATION,
    status: str = ApplicationStatus.APPROVED,
) -> Application:
    """An approved application of `applicant` to `call` with one item per article (computed = approved =
    the amount given); `post` approves each item in the ledger as the notice's finalisation would."""
    app = Application(
        call=call,
        applicant=applicant,
        route=route,
        status=status,
        contact_name="张三",
        contact_phone="13800000000",
        created_by=operator,
    )
    if bank:
        app.bank_account_name = applicant.name
        for field, value in BANK.items():
            setattr(app, field, value)
    save_numbered(app, "number", f"SB{call.year}")
    for article, amount in amounts.items():
        value = Decimal(amount)
        item = ApplicationItem.objects.create(
            application=app,
            article=article,
            title=TITLES[article],
            mode=Mode.INSTANT,
            requested=value,
            computed=value,
            exempt=value if article in EXEMPT_ARTICLES else Decimal("0"),
            decision=Decision.APPROVED,
            approved_amount=value,
            decided_by=operator,
        )
        if post:
            ledger.approve(operator, item, value)
    return app


def item_of(app: Application, article: str) -> ApplicationItem:
    return app.items.select_related("application__call", "application__applicant").get(article=article)


def loose_batch(year: int = 2026, number: str = "BF2026900") -> PaymentBatch:
    """A batch to attribute ledger sends and settlements to, when a test drives the ledger directly."""
    return PaymentBatch.objects.create(number=number, year=year)


def bank_result(
    transfer_file: bytes, failed: dict[int, str] | None = None, only: set[int] | None = None, **changes
) -> SimpleUploadedFile:
    """The bank's result file for a transfer file (bankfile.answered: every row 成功 except those, by 序号, in
    `failed`); with `only`, just those rows (a partial result); `changes` overwrite cells of the first row by
    column name."""
    book = load_workbook(io.BytesIO(bankfile.answered(transfer_file, failed)))
    sheet = book[bankfile.SHEET]
    header = [c.value for c in sheet[1]]
    for name, value in changes.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    if only is not None:
        for row in range(sheet.max_row, 1, -1):
            if sheet.cell(row=row, column=1).value not in only:
                sheet.delete_rows(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("回执.xlsx", out.getvalue())
