"""The sample zone's 政策兑现: last year's call carried through to the money, and this year's call open.

    load_grants()  # after the sample 一企一档 profiles, the deals (their contracts pay 第十一条) and the review demo

2025 (past): every applicant the policy pays for 2025 applied, was checked, decided at the engine's amount,
noticed (one objection lodged and dismissed), approved in the ledger and paid in one bank batch whose result
was imported. The call then carries its 2025 dates. 2026 (open now): applications in several states (draft,
submitted, returned for correction, checked and sent to expert review), the 免申即享 offers made from the
engine's list — one confirmed and paid, one confirmed awaiting approval, the rest waiting for the applicants.

Everything goes through the grants services, as the operator and the applicants' own users (organisations
without a demo login act through a contact account); only the past call's dates are moved back afterwards.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hardtech.accounts.demo import contact_account
from hardtech.accounts.models import Role, User
from hardtech.audit.context import acting_as
from hardtech.catalogue.models import Organisation
from hardtech.grants import (
    applications,
    bankfile,
    calls,
    decisions,
    notices,
    offers,
    payments,
)
from hardtech.grants.choices import ApplicationStatus, Mode
from hardtech.grants.models import Application, Call, Notice, PaymentBatch
from hardtech.policies.models import ApplicantProfile
from hardtech.policies.views.running import evaluate_profiles, policy_named
from hardtech.review.services import CriterionSpec

OPERATOR = "demo-operator"
POLICY = "sample"
PAST, CURRENT = 2025, 2026
TITLE = "{year}年度科技创新专项资金申报通知"
# This year's articles; last year's reviews were held off the platform, so its call had no reviewed articles.
MODES = {
    "6": Mode.INSTANT,
    "7": Mode.INSTANT,
    "8": Mode.REVIEWED,
    "9": Mode.REVIEWED,
    "10": Mode.INSTANT,
    "11": Mode.NO_APPLICATION,
    "12": Mode.INSTANT,
    "13": Mode.INSTANT,
    "14": Mode.NO_APPLICATION,
}
DOCUMENTS = {
    "6": "高新技术企业证书",
    "7": "专精特新认定文件",
    "8": "研发费用专项审计报告",
    "9": "近两年研发费用专项审计报告",
    "10": "重点实验室批复文件",
    "12": "孵化载体认定文件",
    "13": "大赛获奖证书",
}
# This year's call as the demo logins find it: their applications' states, then other applicants'; the offers
# confirmed (and approved and paid, True) by the logins that receive one.
STATES = {"demo-jinggong": "submitted", "demo-kangtai": "draft", "demo-xidian": "checked"}
OTHER_STATES = ("returned", "review", "review")
REVIEWED = {a for a, m in MODES.items() if m == Mode.REVIEWED}
OFFERS = {"demo-nwpu": True, "demo-xjtu": False}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BANKS = (
    ("中国工商银行西安高新技术产业开发区支行", "102791000456"),
    ("中国建设银行西安高新技术产业开发区支行", "105791000789"),
    ("招商银行西安高新科技路支行", "308791000123"),
    ("西安银行高新科技支行", "313791000321"),
)
CRITERIA = (
    CriterionSpec("研发投入真实性与规范性", Decimal("0.40"), anchors="10 分：专项审计完整、归集规范"),
    CriterionSpec("创新能力与成长性", Decimal("0.35")),
    CriterionSpec("对区域产业的带动作用", Decimal("0.25")),
)


@transaction.atomic
def load_grants() -> None:
    operator = User.objects.filter(username=OPERATOR, role=Role.OPERATOR).first()
    if operator is None:
        return
    with acting_as(operator, "cli"):
        if not Call.objects.filter(title=TITLE.format(year=PAST)).exists():
            _past_call(operator)
        if not Call.objects.filter(title=TITLE.format(year=CURRENT)).exists():
            _current_call(operator)


# --- the people ------------------------------------------------------------------------------------------------


def _member(org: Organisation) -> User:
    """The organisation's demo login, else a contact account acting for it."""
    user = (
        User.objects.filter(organisation=org, username__startswith="demo-")
        .exclude(username__startswith="demo-contact-")
        .order_by("pk")
        .first()
    )
    return user or contact_account(org.external_id or f"org-{org.pk}", org)


def _bank(org: Organisation) -> dict[str, str]:
    """A made-up 对公账户 in the organisation's name, the same on every run."""
    digest = int(hashlib.sha256(org.name.encode()).hexdigest(), 16)
    bank_name, bank_code = BANKS[digest % len(BANKS)]
    number = f"{3700 + digest % 100:04d}{digest % 10**15:015d}"
    return {
        "account_name": org.name,
        "bank_name": bank_name,
        "bank_code": bank_code,
        "account_number": number,
    }


def _payers(year: int, articles: set[str]) -> list[tuple[Organisation, list[str]]]:
    """Applicants the policy pays for `year` on complete data in any of `articles`, by name."""
    profiles = [
        p for p in ApplicantProfile.objects.with_records().order_by("organisation__name") if p.applicant_kind
    ]
    results = evaluate_profiles(policy_named(POLICY), profiles, year)
    found = []
    for profile, result in zip(profiles, results, strict=True):
        paid = [a for a in result.ready if a in articles]
        if result.eligible and paid:
            found.append((profile.organisation, paid))
    return found


# --- calls and applications ----------------------------------------------------------------------------------


def _call(operator: User, year: int, opens_at: datetime, deadline: datetime, modes: dict[str, str]) -> Call:
    call = calls.create_call(
        operator,
        policy=POLICY,
        year=year,
        title=TITLE.format(year=year),
        description=(
            f"根据《高新区科技创新专项资金支持政策》，现组织开展{year}年度专项资金申报。"
            "免申即享条款由平台依据企业档案直接兑现，企业确认意愿及收款账户即可；即申即享条款经形式审查后兑现；"
            "研发投入类条款经专家评审后兑现。拟支持名单在平台公示，公示期内可提出异议。"
        ),
        opens_at=opens_at,
        deadline=deadline,
        notice_days=7,
        articles=modes,
    )
    for article in call.articles.exclude(mode=Mode.NO_APPLICATION):
        calls.add_requirement(
            operator,
            article,
            name=DOCUMENTS[article.article],
            description="加盖公章的扫描件（PDF）",
            types=["pdf"],
            max_mb=10,
        )
    return calls.publish_call(operator, call)


def _apply(call: Call, org: Organisation, articles: list[str], *, submit: bool = True) -> Application:
    user = _member(org)
    app = applications.start_application(user, call, org)
    app = applications.save_application(
        user,
        app,
        summary=f"{org.name}申报{call.year}年度科技创新专项资金：{'、'.join(f'第{a}条' for a in articles)}。"
        "申报数据与企业档案一致，相关证明材料已上传。",
        contact_name=f"{org.name[:2]}财务部",
        contact_phone="029-88886666",
        articles=articles,
    )
    app = applications.set_bank_account(user, app, **_bank(org))
    for article in call.articles.filter(article__in=articles):
        for requirement in article.documents.all():
            applications.upload_document(
                user, app, requirement, SimpleUploadedFile(f"{requirement.name}.pdf", PDF)
            )
    app = applications.pledge(user, app)
    return applications.submit(user, app) if submit else app


def _decide(operator: User, app: Application) -> None:
    for item in app.items.all():
        decisions.decide(
            operator,
            item,
            approve=True,
            amount=item.computed,
            reason=f"符合第{item.article}条，按测算金额支持",
        )
    decisions.conclude(operator, Application.objects.get(pk=app.pk))


def _pay(operator: User, year: int) -> PaymentBatch:
    batch = payments.create_batch(operator, year=year)
    batch = payments.send_batch(operator, batch)
    answer = bankfile.answered(payments.bank_file(batch))
    payments.import_result(operator, batch, SimpleUploadedFile(f"{batch.number}-回执.xlsx", answer))
    return batch


# --- 2025: carried through to the money ----------------------------------------------------------------------


def _past_call(operator: User) -> None:
    now = timezone.now()
    modes = {a: Mode.INSTANT if m == Mode.REVIEWED else m for a, m in MODES.items()}
    call = _call(operator, PAST, now - timedelta(hours=1), now + timedelta(hours=1), modes)
    instant = {a for a, m in modes.items() if m == Mode.INSTANT}
    submitted = [_apply(call, org, paid) for org, paid in _payers(PAST, instant)]
    for app in submitted:
        _decide(operator, applications.pass_check(operator, app, "材料齐全，形式审查通过"))
    notice = notices.publish_notice(
        operator,
        call,
        title=f"{PAST}年度科技创新专项资金拟支持名单公示",
        starts_on=timezone.localdate(),
        days=7,
    )
    entry = notice.entries.order_by("-amount").first()
    objection = notices.lodge_objection(
        None,
        notice,
        entry=entry,
        name="王先生",
        phone="13709181234",
        content=f"{entry.applicant_name}的研发费用是否真实？请予核查。",
    )
    notices.resolve_objection(
        operator,
        objection,
        upheld=False,
        reason="经核查，该单位研发费用已经会计师事务所专项审计，与税务汇算清缴数据一致，异议不成立。",
    )
    Notice.objects.filter(pk=notice.pk).update(starts_on=date(PAST, 6, 2))
    notices.finalise_notice(operator, Notice.objects.get(pk=notice.pk))
    _date_back(call, _pay(operator, PAST))


def _date_back(call: Call, batch: PaymentBatch) -> None:
    """The past call as it happened in 2025 (the services stamp today)."""
    tz = timezone.get_current_timezone()

    def on(month: int, day: int, hour: int = 10) -> datetime:
        return datetime.combine(date(PAST, month, day), time(hour), tzinfo=tz)

    Call.objects.filter(pk=call.pk).update(
        opens_at=on(3, 1, 9), deadline=on(4, 30, 17), published_at=on(2, 26), notice_from=date(PAST, 6, 2)
    )
    call.applications.update(submitted_at=on(4, 18), checked_at=on(5, 9), decided_at=on(5, 27))
    PaymentBatch.objects.filter(pk=batch.pk).update(
        created_at=on(6, 12), sent_at=on(6, 12), settled_at=on(6, 16)
    )
    calls.close_call(User.objects.get(username=OPERATOR), Call.objects.get(pk=call.pk))


# --- 2026: open now -------------------------------------------------------------------------------------------


def _current_call(operator: User) -> None:
    now = timezone.now()
    call = _call(operator, CURRENT, now - timedelta(days=12), now + timedelta(days=30), MODES)
    applying = {a for a, m in MODES.items() if m != Mode.NO_APPLICATION}
    payers = dict(_payers(CURRENT, applying))
    logins = _logins()
    chosen = [(org, STATES[logins[org.pk]]) for org in payers if STATES.get(logins.get(org.pk, ""))]
    rest = sorted((org for org in payers if org.pk not in logins), key=lambda org: org.name)
    for state in OTHER_STATES:
        # Expert review needs a reviewed article (研发投入类) among those applied for.
        fits = [org for org in rest if state != "review" or REVIEWED & set(payers[org])]
        if fits:
            chosen.append((fits[0], state))
            rest.remove(fits[0])
    for org, state in chosen:
        app = _apply(call, org, payers[org], submit=state != "draft")
        if state == "returned":
            applications.return_for_correction(
                operator,
                app,
                "研发费用专项审计报告缺少会计师事务所盖章页，请补正后重新提交。",
                now + timedelta(days=10),
            )
        elif state in ("review", "checked"):
            applications.pass_check(operator, app, "材料齐全，形式审查通过")
    if reviewable := decisions.reviewable(call):
        decisions.send_to_review(
            operator,
            call,
            reviewable,
            title=f"{CURRENT}年度研发投入类条款专家评审",
            reviewers_per_item=2,
            max_load=4,
            deadline=now + timedelta(days=40),
            criteria=CRITERIA,
        )
    offers.make_offers(operator, call)
    waiting = {a.applicant_id: a for a in call.applications.filter(status=ApplicationStatus.OFFERED)}
    for username, approve in OFFERS.items():
        user = User.objects.filter(username=username).first()
        offer = waiting.get(user.organisation_id) if user else None
        if offer is not None:
            offers.confirm_offer(user, offer, **_bank(offer.applicant))
            if approve:
                offers.approve_offer(operator, offer)
    if call.applications.filter(status=ApplicationStatus.APPROVED).exists():
        _pay(operator, CURRENT)


def _logins() -> dict[int, str]:
    """Organisation id → its own demo login (an applicant's account, not a contact or an expert)."""
    users = User.objects.filter(username__in=[*STATES, *OFFERS], role__in=(Role.ENTERPRISE, Role.INSTITUTION))
    return {u.organisation_id: u.username for u in users}
