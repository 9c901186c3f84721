"""The run as an Excel workbook: 免申即享名单, 缺少数据名单 and 汇总, money as numbers with two decimals; names
and other text written as text cells that cannot run as formulas (spreadsheets.cells)."""

import io

import openpyxl
from openpyxl.styles import Font

from hardtech.policies.views.running import RunOutcome
from hardtech.spreadsheets.cells import append_row, headed_sheet

MONEY_FORMAT = "#,##0.00"
BOLD = Font(bold=True)


def workbook(outcome: RunOutcome) -> bytes:
    policy = outcome.policy
    articles = [str(a.number) for a in policy.paying_articles]
    book = openpyxl.Workbook()
    book.remove(book.active)

    ready = headed_sheet(
        book,
        "免申即享名单",
        ["机构名称", "统一社会信用代码", "主体类型", *[f"第{n}条（万元）" for n in articles], "合计（万元）"],
        [36, 22, 14, *[12] * len(articles), 14],
    )
    for row in outcome.ready:
        org = row.profile.organisation
        # Decimal cells: openpyxl writes them as numbers, so the sums in Excel are exact to the cent.
        amounts = [row.result.articles.get(n) if n in row.result.ready else None for n in articles]
        append_row(ready, [org.name, org.credit_code or "", row.kind_label, *amounts, row.ready_amount])
    append_row(ready, ["合计", "", f"{len(outcome.ready)} 家", *[None] * len(articles), outcome.ready_total])
    total_row = ready.max_row
    for line in ready.iter_rows(min_row=2, min_col=4):
        for cell in line:
            cell.number_format = MONEY_FORMAT
    for cell in ready[total_row]:
        cell.font = BOLD

    missing = headed_sheet(
        book,
        "缺少数据名单",
        ["机构名称", "统一社会信用代码", "主体类型", "条款", "缺少的数据"],
        [36, 22, 14, 10, 80],
    )
    for row in outcome.missing:
        org = row.profile.organisation
        for number, labels in row.result.missing.items():
            append_row(
                missing, [org.name, org.credit_code or "", row.kind_label, f"第{number}条", "、".join(labels)]
            )

    summary = headed_sheet(book, "汇总", ["项目", "值"], [30, 60])
    append_row(summary, ["政策", policy.title])
    append_row(summary, ["申报年度", outcome.year])
    append_row(summary, ["参与测算的申请主体", outcome.evaluated])
    append_row(summary, ["免申即享主体数", len(outcome.ready)])
    append_row(summary, ["免申即享金额合计（万元）", outcome.ready_total])
    summary.cell(summary.max_row, 2).number_format = MONEY_FORMAT
    append_row(summary, ["缺少数据的主体数", len(outcome.missing)])
    for number, title, count, amount in outcome.article_totals():
        append_row(summary, [f"第{number}条 {title}（{count} 家，万元）", amount])
        summary.cell(summary.max_row, 2).number_format = MONEY_FORMAT

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
