"""Builders for the grants tests: an applicant profile the sample policy pays, and a call open for it.

Amounts for 申报年度 2026 with the sample policy (events dated in 2025, so the 2025 parameters apply):
    qualifying_profile(): 第六条 40.00 (首次高企), 第七条 10.00 (省级专精特新), 第八条 60.00 (6% × 1000),
                          第九条 30.00 (10% × 300) — total 140.00
    capped_profile():     第八条 200.00, 第九条 100.00, 第七条 50.00, 第十条 500.00 (全国重点实验室, 不计入上限),
                          第十二条 100.00, 第十三条 50.00 — counted 500.00 (cap), total 1000.00
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from hardtech.catalogue.models import Organisation
from hardtech.grants.choices import CallStatus, Mode
from hardtech.grants.models import Call, CallArticle, RequiredDocument
from hardtech.policies.models import ApplicantProfile, Recognition, YearFigures

YEAR = 2026
TITLES = {
    "6": "高新技术企业",
    "7": "专精特新",
    "8": "研发费用补助",
    "9": "研发投入增量奖励",
    "10": "重点实验室",
    "11": "技术合同",
    "12": "孵化载体",
    "13": "大赛获奖落地",
    "14": "投早投小",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def applicant_profile(org: Organisation) -> ApplicantProfile:
    profile, _ = ApplicantProfile.objects.update_or_create(
        organisation=org,
        defaults={"registered_in_zone": True, "tax_in_zone": True, "serious_dishonesty": False},
    )
    return profile


def qualifying_profile(org: Organisation, year: int = YEAR) -> ApplicantProfile:
    profile = applicant_profile(org)
    YearFigures.objects.update_or_create(
        profile=profile, year=year - 1, defaults={"rd_expense": Decimal("1000"), "revenue": Decimal("20000")}
    )
    YearFigures.objects.update_or_create(
        profile=profile, year=year - 2, defaults={"rd_expense": Decimal("700")}
    )
    Recognition.objects.create(
        profile=profile, type="high_tech_recognition", grade="first", date=date(year - 1, 5, 1)
    )
    Recognition.objects.create(
        profile=profile, type="specialized", grade="provincial", date=date(year - 1, 6, 1)
    )
    return profile


def capped_profile(org: Organisation, year: int = YEAR) -> ApplicantProfile:
    profile = applicant_profile(org)
    YearFigures.objects.update_or_create(
        profile=profile, year=year - 1, defaults={"rd_expense": Decimal("5000"), "revenue": Decimal("50000")}
    )
    YearFigures.objects.update_or_create(
        profile=profile, year=year - 2, defaults={"rd_expense": Decimal("3000")}
    )
    d = date(year - 1, 4, 1)
    Recognition.objects.create(profile=profile, type="specialized", grade="national", date=d)
    Recognition.objects.create(profile=profile, type="key_lab", grade="national", date=d)
    Recognition.objects.create(profile=profile, type="incubator", grade="national_incubator", date=d)
    Recognition.objects.create(
        profile=profile,
        type="competition_award",
        grade="national",
        rank="first",
        date=d,
        registered_at_award=True,
    )
    return profile


def open_call(
    operator=None,
    year: int = YEAR,
    modes: dict[str, str] | None = None,
    *,
    deadline: datetime | None = None,
    documents: bool = True,
    status: str = CallStatus.PUBLISHED,
) -> Call:
    """A published call of the sample policy open now (until `deadline`, default in 10 days), with its
    articles (default: 6 即申即享, 7 即申即享, 8 评审, 9 评审, 10/12/13 即申即享, 11 免申即享); each applied
    article needs one PDF document (承诺书-style) when `documents`."""
    now = timezone.now()
    modes = modes or {
        "6": Mode.INSTANT,
        "7": Mode.INSTANT,
        "8": Mode.REVIEWED,
        "9": Mode.REVIEWED,
        "10": Mode.INSTANT,
        "11": Mode.NO_APPLICATION,
        "12": Mode.INSTANT,
        "13": Mode.INSTANT,
    }
    call = Call.objects.create(
        policy="sample",
        year=year,
        title=f"{year}年度科技创新专项资金申报通知",
        opens_at=now - timedelta(days=5),
        deadline=deadline or now + timedelta(days=10),
        notice_days=7,
        status=status,
        created_by=operator,
        published_at=now - timedelta(days=5) if status == CallStatus.PUBLISHED else None,
    )
    for number, mode in modes.items():
        article = CallArticle.objects.create(call=call, article=number, title=TITLES[number], mode=mode)
        if documents and mode != Mode.NO_APPLICATION:
            RequiredDocument.objects.create(
                article=article, name=f"第{number}条证明材料", types=["pdf"], max_mb=5
            )
    return call
