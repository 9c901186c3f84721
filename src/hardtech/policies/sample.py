"""Sample 一企一档 profiles for the sample zone's applicants, for the demo and for trying the calculator.

    load_sample_profiles()  # every is_sample enterprise, institution and investor gets a profile

Profiles are made from a handful of hand-written cases per kind (qualifying for several articles, missing by a
little, lacking data, excluded), assigned in the order of the organisations' external ids, so the same zone
always gets the same profiles. Events fall in 2024 and 2025: the 2025 and 2026 application years both have
something to pay. Re-running changes only what differs, so it writes no audit entries when nothing changed.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from hardtech.catalogue.choices import OrganisationKind
from hardtech.catalogue.models import Organisation
from hardtech.policies.models import (
    APPLICANT_KIND,
    ApplicantProfile,
    Investment,
    PriorAward,
    Recognition,
    TechContract,
    YearFigures,
)

D = Decimal
YES_YES_NO = (True, True, False)  # registered in the zone, taxed in the zone, no serious dishonesty


@dataclass(frozen=True)
class Case:
    flags: tuple[bool | None, bool | None, bool | None] = YES_YES_NO
    years: dict[int, tuple[str | None, str | None]] = field(
        default_factory=dict
    )  # year → (研发费用, 营业收入)
    recognitions: tuple[dict, ...] = ()
    contracts: tuple[dict, ...] = ()
    investments: tuple[dict, ...] = ()
    prior: dict[str, str] = field(default_factory=dict)


def _rec(type_: str, grade: str, day: str, rank: str = "", registered: bool | None = None) -> dict:
    return {
        "type": type_,
        "grade": grade,
        "rank": rank,
        "date": date.fromisoformat(day),
        "registered_at_award": registered,
    }


def _contract(
    no: str,
    role: str,
    type_: str,
    day: str,
    paid: str,
    name: str,
    kind: str,
    in_zone: bool,
    registered: bool = True,
) -> dict:
    return {
        "contract_no": no,
        "role": role,
        "type": type_,
        "registered": registered,
        "date": date.fromisoformat(day),
        "paid_amount": D(paid),
        "counterparty_name": name,
        "counterparty_kind": kind,
        "counterparty_in_zone": in_zone,
    }


def _investment(name: str, day: str, amount: str, founded: str, employees: int, cash: bool = True) -> dict:
    return {
        "investee_name": name,
        "date": date.fromisoformat(day),
        "amount": D(amount),
        "cash": cash,
        "investee_in_zone": True,
        "investee_founded": date.fromisoformat(founded),
        "investee_employees": employees,
    }


ENTERPRISES = (
    # Several articles at once: 高企首次认定, 国家级专精特新 topping up a provincial award, R&D subsidy and growth
    # award, a licence sold, a national competition prize.
    Case(
        years={2023: ("600", "9000"), 2024: ("900", "15000"), 2025: ("1300", "16000")},
        recognitions=(
            _rec("high_tech_recognition", "first", "2025-03-18"),
            _rec("specialized", "national", "2025-07-06"),
            _rec("specialized", "provincial", "2024-05-10"),
            _rec("competition_award", "national", "2025-10-12", "second", True),
        ),
        contracts=(
            _contract(
                "2025610100000123",
                "seller",
                "license",
                "2025-05-06",
                "400",
                "西安数智工业互联网科技有限公司",
                "enterprise",
                True,
            ),
        ),
        prior={"specialized_provincial": "10"},
    ),
    # R&D at 2.76% of revenue: a near miss of article 8's 3%; a renewal, and a purchase from a university; a
    # provincial 专精特新 in 2024 (paid in the 2025 application year).
    Case(
        years={2024: ("260", "9800"), 2025: ("290", "10500")},
        recognitions=(
            _rec("high_tech_recognition", "renewal", "2025-09-01"),
            _rec("specialized", "provincial", "2024-07-10"),
        ),
        contracts=(
            _contract(
                "2025610100000231",
                "buyer",
                "development",
                "2025-04-22",
                "120",
                "清华大学",
                "university",
                False,
            ),
        ),
    ),
    # R&D of 95 万元 against article 8's 100; a provincial 专精特新; a regional prize won before moving in; a
    # provincial key lab approved in 2024 (paid in 2025).
    Case(
        years={2024: ("80", "1900"), 2025: ("95", "2100")},
        recognitions=(
            _rec("key_lab", "provincial", "2024-09-12"),
            _rec("specialized", "provincial", "2025-04-20"),
            _rec("competition_award", "regional", "2025-09-15", "first", False),
        ),
    ),
    # R&D grew 16.7%, short of article 9's 20%; moved in with a valid high-tech recognition; a national
    # competition prize in 2024 (paid in 2025, with the 2024 R&D subsidy).
    Case(
        years={2024: ("480", "12000"), 2025: ("560", "13500")},
        recognitions=(
            _rec("competition_award", "national", "2024-10-20", "third", True),
            _rec("high_tech_recognition", "relocation", "2025-06-15"),
        ),
    ),
    # Tax registration and 2025 figures not reported: everything hangs on missing data.
    Case(
        flags=(True, None, False),
        years={2024: ("300", None)},
        recognitions=(_rec("high_tech_recognition", "first", "2025-11-20"),),
    ),
    # 2025 revenue reported but not its R&D; a development contract sold.
    Case(
        years={2024: ("150", "4200"), 2025: (None, "5000")},
        contracts=(
            _contract(
                "2025610100000342",
                "seller",
                "development",
                "2025-08-30",
                "150",
                "陕西正衡检验检测技术有限公司",
                "enterprise",
                True,
            ),
        ),
    ),
    # A serious dishonesty record: article 1 excludes it whatever else it has.
    Case(
        flags=(True, True, True),
        years={2024: ("700", "20000"), 2025: ("800", "21000")},
        recognitions=(_rec("specialized", "national", "2025-02-01"),),
    ),
    # Its recognitions were in 2023: something for the 2024 application year only.
    Case(
        years={2022: ("210", "6000"), 2023: ("260", "6400")},
        recognitions=(
            _rec("high_tech_recognition", "first", "2023-11-20"),
            _rec("competition_award", "national", "2023-10-08", "third", True),
        ),
    ),
    # A large R&D spender: article caps, a 全国重点实验室 outside the annual cap, and the 500 万元 annual cap.
    Case(
        years={2024: ("3000", "52000"), 2025: ("4200", "60000")},
        recognitions=(
            _rec("key_lab", "national", "2025-12-05"),
            _rec("high_tech_recognition", "first", "2025-10-30"),
            _rec("specialized", "national", "2025-08-18"),
            _rec("competition_award", "national", "2025-11-02", "first", True),
        ),
        contracts=(
            _contract(
                "2025610100000457",
                "seller",
                "transfer",
                "2025-03-12",
                "3000",
                "陕西秦氢能源装备有限公司",
                "enterprise",
                True,
            ),
        ),
    ),
    # Only a consulting contract, which article 11 does not count; a modest R&D subsidy.
    Case(
        years={2024: ("120", "2800"), 2025: ("150", "3000")},
        contracts=(
            _contract(
                "2025610100000569",
                "seller",
                "consulting",
                "2025-06-01",
                "200",
                "长安技术转移中心",
                "enterprise",
                True,
            ),
        ),
    ),
)

INCUBATORS = (
    Case(years={2025: ("60", "1800")}, recognitions=(_rec("incubator", "national_incubator", "2025-08-08"),)),
    Case(
        recognitions=(
            _rec("incubator", "provincial_incubator", "2025-03-30"),
            _rec("incubator", "national_makerspace", "2025-11-11"),
        )
    ),
    Case(flags=(None, True, False), recognitions=(_rec("incubator", "provincial_incubator", "2024-12-20"),)),
)

UNIVERSITIES = (
    Case(
        contracts=(
            _contract(
                "2025610100001011",
                "seller",
                "development",
                "2025-05-20",
                "820",
                "西安芯鑫半导体科技有限公司",
                "enterprise",
                True,
            ),
            _contract(
                "2025610100001012",
                "seller",
                "license",
                "2025-09-02",
                "360",
                "长安光驰激光技术有限公司",
                "enterprise",
                True,
            ),
        ),
        recognitions=(_rec("key_lab", "provincial", "2025-06-30"),),
    ),
    Case(
        contracts=(
            _contract(
                "2025610100001021",
                "seller",
                "transfer",
                "2025-07-15",
                "5600",
                "西安云鹰无人机系统有限公司",
                "enterprise",
                True,
            ),
        )
    ),
    # A contract registered outside the zone: article 11 does not count it.
    Case(
        contracts=(
            _contract(
                "2025110100001031",
                "seller",
                "development",
                "2025-04-01",
                "300",
                "北京某科技有限公司",
                "enterprise",
                False,
                registered=False,
            ),
        )
    ),
    Case(flags=(None, None, None)),
)

INSTITUTES = (
    Case(
        recognitions=(_rec("key_lab", "national", "2025-09-26"),),
        contracts=(
            _contract(
                "2025610100002011",
                "seller",
                "development",
                "2025-10-10",
                "450",
                "西安钛新材料科技有限公司",
                "enterprise",
                True,
            ),
        ),
    ),
    Case(
        recognitions=(
            _rec("key_lab", "provincial", "2025-01-15"),
            _rec("incubator", "provincial_incubator", "2025-05-05"),
        )
    ),
    Case(
        contracts=(
            _contract(
                "2025610100002031",
                "seller",
                "license",
                "2025-02-28",
                "90",
                "陕西碳宇复合材料有限公司",
                "enterprise",
                True,
            ),
            _contract(
                "2025610100002032",
                "seller",
                "service",
                "2025-03-31",
                "60",
                "陕西绿源环保工程有限公司",
                "enterprise",
                True,
            ),
        )
    ),
    Case(
        flags=(True, None, False),
        contracts=(
            _contract(
                "2025610100002041",
                "seller",
                "development",
                "2025-12-01",
                "240",
                "西安恒储能源科技有限公司",
                "enterprise",
                True,
            ),
        ),
    ),
)

INVESTORS = (
    Case(
        investments=(
            _investment("西安芯鑫半导体科技有限公司", "2025-03-18", "600", "2022-06-01", 40),
            _investment("西安云鹰无人机系统有限公司", "2025-09-09", "1500", "2023-02-14", 80),
        )
    ),
    # One investee turned five the month before, the other had 230 employees: neither counts, both nearly did.
    Case(
        investments=(
            _investment("陕西康泰生物制药有限公司", "2025-03-10", "800", "2020-02-29", 150),
            _investment("西安精工智能装备有限公司", "2025-07-01", "1000", "2022-03-01", 230),
            _investment("西安睿视智能科技有限公司", "2025-10-20", "300", "2024-05-05", 25),
        )
    ),
    Case(flags=(True, True, None)),
)

CASES: dict[str, tuple[Case, ...]] = {
    OrganisationKind.ENTERPRISE: ENTERPRISES,
    OrganisationKind.SERVICE: ENTERPRISES,
    OrganisationKind.INCUBATOR: INCUBATORS,
    OrganisationKind.UNIVERSITY: UNIVERSITIES,
    OrganisationKind.INSTITUTE: INSTITUTES,
    OrganisationKind.NEW_RD: INSTITUTES,
    OrganisationKind.KEY_LAB: INSTITUTES,
    OrganisationKind.INVESTOR: INVESTORS,
}


@dataclass
class SampleReport:
    profiles: int = 0
    created: int = 0
    changed: int = 0


def _rows(case: Case) -> dict[str, list[dict[str, Any]]]:
    return {
        "years": [
            {"year": y, "rd_expense": D(rd) if rd else None, "revenue": D(rev) if rev else None}
            for y, (rd, rev) in sorted(case.years.items())
        ],
        "recognitions": list(case.recognitions),
        "contracts": list(case.contracts),
        "investments": list(case.investments),
        "prior_awards": [{"key": k, "amount": D(v)} for k, v in case.prior.items()],
    }


MODELS = {
    "years": YearFigures,
    "recognitions": Recognition,
    "contracts": TechContract,
    "investments": Investment,
    "prior_awards": PriorAward,
}


def _plain(value: Any) -> str:
    # 400 as written here and 400.00 as stored are the same amount.
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _sync(profile: ApplicantProfile, name: str, wanted: list[dict[str, Any]]) -> bool:
    """Make the profile's records of one kind exactly `wanted`; untouched when they already are."""
    model = MODELS[name]
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "profile")]
    existing = list(getattr(profile, name).all())
    if name == "contracts":  # contracts the registry wrote (hardtech.deals.contracts) stay
        own = {w["contract_no"] for w in wanted}
        existing = [r for r in existing if not r.contract_no or r.contract_no in own]
    have = sorted(tuple(_plain(getattr(r, f)) for f in fields) for r in existing)
    if have == sorted(tuple(_plain(w[f]) for f in fields) for w in wanted):
        return False
    for r in existing:
        r.delete()
    for values in wanted:
        obj = model(profile=profile, **values)
        obj.full_clean()
        obj.save()
    return True


def _profile(org: Organisation, case: Case, report: SampleReport) -> None:
    flags = dict(zip(("registered_in_zone", "tax_in_zone", "serious_dishonesty"), case.flags, strict=True))
    profile = ApplicantProfile.objects.filter(organisation=org).first()
    created = profile is None
    if profile is None:
        profile = ApplicantProfile.objects.create(organisation=org, **flags)
    changed = any(getattr(profile, k) != v for k, v in flags.items())
    if changed:
        for k, v in flags.items():
            setattr(profile, k, v)
        profile.save()
    changed = any([_sync(profile, name, rows) for name, rows in _rows(case).items()]) or changed
    report.profiles += 1
    report.created += created
    report.changed += changed and not created


def load_sample_profiles() -> SampleReport:
    """Give every sample applicant (enterprise, incubator, service agency, university, institute, lab,
    new-type R&D institution, investor) its deterministic profile."""
    report = SampleReport()
    orgs = Organisation.objects.filter(is_sample=True, kind__in=list(APPLICANT_KIND)).order_by(
        "external_id", "name"
    )
    used: dict[int, int] = {}
    with transaction.atomic():
        for org in orgs:
            cases = CASES[org.kind]
            # Kinds that share a list of cases continue through it rather than each starting at its top.
            index = used.get(id(cases), 0)
            used[id(cases)] = index + 1
            _profile(org, cases[index % len(cases)], report)
    return report
