"""The sample zone's deals (技术转移项目): two more technology managers and a finance specialist, the registrar
(技术合同登记员), and 24 deals in every stage built from the sample zone's real achievements and demands.

Each deal is opened and moved through the services like a manager would (checklists ticked, a few stages passed
over with the lead's reason, teams, meetings and calls, contract drafts as documents); contracts are filled in,
submitted and registered for the deals at 登记 and beyond; closed deals carry both sides' feedback, ended ones
their reason. Afterwards the dates are set back (queryset updates, outside the audit trail) so that days in
stage, due dates and overdue items look like months of work. A re-run of `hardtech demo` finds each deal by its
title and leaves it as it is.

`load_accounts` runs in the sample zone's loader (hardtech.demo.loader) with the other demo accounts;
`load_deals` runs after the sample 一企一档 profiles, since a registration writes into them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.audit.context import acting_as
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.deals import checklists, services
from hardtech.deals import contracts as registry
from hardtech.deals.choices import (
    TRANSFER_TYPES,
    ActivityKind,
    ContractStatus,
    ContractType,
    EntityKind,
    IpType,
    Landing,
    PaymentMethod,
    Source,
    Stage,
)
from hardtech.deals.models import (
    Activity,
    ChecklistItem,
    Contract,
    Deal,
    DocumentVersion,
    Feedback,
    StageVisit,
    TeamRole,
)

REGISTRAR = "demo-registrar"
MANAGER = "demo-manager"
# username, display name, organisation key (organisations.yaml)
ACCOUNTS = [
    ("demo-manager-zhao", Role.MANAGER, "技术经理人 赵磊", "svc-ttc"),
    ("demo-manager-wang", Role.MANAGER, "技术经理人 王静", "svc-ip"),
    ("demo-manager-zhou", Role.MANAGER, "技术经理人 周帆", "svc-fin"),
    (REGISTRAR, Role.REGISTRAR, "技术合同登记员 陈静", "park"),
]
# Who the lead takes on as specialists: IP from the IP operations centre, finance and legal support.
SPECIALISTS = {"ip": "demo-manager-wang", "finance": "demo-manager-zhou", "legal": "demo-manager-zhao"}

# GB/T 2260 codes of the sample zone's districts (高新区 is the zone itself).
DISTRICT_CODES = {
    "碑林区": "610103",
    "雁塔区": "610113",
    "长安区": "610116",
    "高新区": settings.ZONE_REGION_CODE,
}
ENTITY_KINDS = {
    "enterprise": EntityKind.ENTERPRISE,
    "university": EntityKind.UNIVERSITY,
    "key_lab": EntityKind.UNIVERSITY,
    "institute": EntityKind.INSTITUTE,
    "new_rd": EntityKind.INSTITUTE,
}
# Weights of the stages in a deal's past: how its age is shared among the stages it went through.
WEIGHTS = {
    Stage.INTRODUCED: 2,
    Stage.NEGOTIATING: 4,
    Stage.SIGNED: 2,
    Stage.REGISTERED: 2,
    Stage.IMPLEMENTING: 6,
    Stage.LANDED: 3,
    Stage.CLOSED: 2,
    Stage.ENDED: 1,
}
# The lead's reason when a stage is passed over without its checklist (越过清单).
SKIP_REASONS = {
    Stage.NEGOTIATING: "双方已在对接会上当面确认需求，保密协议随合同一并签署",
    Stage.SIGNED: "价值评估由需求方委托第三方机构完成，评估报告随合同归档",
    Stage.REGISTERED: "合同已盖章，登记材料已由登记员现场受理",
    Stage.IMPLEMENTING: "首笔款项按合同约定于实施启动后支付",
    Stage.LANDED: "试产线已投产，选址记录随落地材料补充",
    Stage.CLOSED: "双方评价已电话收集，书面评价随后补填",
}
NOTES = {
    Stage.NEGOTIATING: "双方有合作意向，进入商务洽谈",
    Stage.SIGNED: "合同条款达成一致，双方签约",
    Stage.REGISTERED: "技术合同已完成认定登记",
    Stage.IMPLEMENTING: "合同生效，进入技术实施与转化",
    Stage.LANDED: "成果落地",
    Stage.CLOSED: "项目目标达成，完结归档",
}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
PDF += b"trailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass(frozen=True)
class Spec:
    demand: str  # external id
    achievement: str  # external id
    stage: str  # where the deal is today
    lead: str
    days: int  # how long ago it was opened
    amount: int  # 万元
    contract: str = ""  # ContractType, for deals from 签约 on
    skips: frozenset = frozenset()  # stages entered by the lead's override
    source: str = Source.MATCH
    ended_from: str = ""  # for ended deals: the stage they ended in
    end_reason: str = ""
    landing: str = ""
    contract_status: str = ContractStatus.REGISTERED
    team: tuple[str, ...] = ()  # TeamRole codes
    extra: dict = field(default_factory=dict)


S = Stage
DEALS: list[Spec] = [
    # 对接
    Spec("DEMO-DEM-vision-1", "DEMO-ACH-vision-1", S.INTRODUCED, MANAGER, 6, 60),
    Spec("DEMO-DEM-satcom-1", "DEMO-ACH-satcom-3", S.INTRODUCED, "demo-manager-zhao", 12, 180),
    Spec("DEMO-DEM-wastewater-1", "DEMO-ACH-wastewater-4", S.INTRODUCED, MANAGER, 26, 45, source=Source.DEMAND),
    Spec("DEMO-DEM-design-1", "DEMO-ACH-design-2", S.INTRODUCED, "demo-manager-wang", 3, 30, source=Source.EVENT),
    # 洽谈
    Spec("DEMO-DEM-thermal-1", "DEMO-ACH-thermal-2", S.NEGOTIATING, MANAGER, 42, 120, team=("ip",)),
    Spec("DEMO-DEM-uav-2", "DEMO-ACH-uav-1", S.NEGOTIATING, "demo-manager-zhao", 55, 260, team=("ip", "legal")),
    Spec("DEMO-DEM-pv-2", "DEMO-ACH-pv-1", S.NEGOTIATING, MANAGER, 72, 500, skips=frozenset({S.NEGOTIATING}),
         extra={"messages": (
             (MANAGER, "价值评估报告初稿已上传，请双方在本周内提出意见。"),
             ("demo-xjtu", "评估采用收益法较为合适，我们同意报告的主要结论。"),
         )}),
    Spec("DEMO-DEM-edge-1", "DEMO-ACH-edge-1", S.NEGOTIATING, "demo-manager-wang", 33, 80, source=Source.DEMAND),
    # 签约 (the contract written: one draft, two waiting for the registrar)
    Spec("DEMO-DEM-robot-2", "DEMO-ACH-robot-3", S.SIGNED, MANAGER, 92, 150,
         ContractType.LICENSE_PATENT, team=("ip", "finance"), contract_status=ContractStatus.SUBMITTED,
         extra={"messages": (
             ("demo-jinggong", "合同已盖章寄出，请交大科研院查收。许可费第一期什么时候开票？"),
             ("demo-xjtu", "已收到盖章合同。发票在合同登记完成后三个工作日内开具。"),
             (MANAGER, "技术合同已提交认定登记，登记员审核通过后我会第一时间通知双方。"),
         )}),
    Spec("DEMO-DEM-gan-1", "DEMO-ACH-gan-3", S.SIGNED, "demo-manager-zhao", 81, 320,
         ContractType.DEVELOPMENT_COMMISSIONED, contract_status=ContractStatus.DRAFT),
    Spec("DEMO-DEM-hydrogen-1", "DEMO-ACH-hydrogen-1", S.SIGNED, MANAGER, 76, 400,
         ContractType.TRANSFER_PATENT, team=("legal",), contract_status=ContractStatus.SUBMITTED),
    # 登记
    Spec("DEMO-DEM-sic-1", "DEMO-ACH-sic-1", S.REGISTERED, MANAGER, 118, 280,
         ContractType.TRANSFER_PATENT, team=("ip", "finance")),
    Spec("DEMO-DEM-antibody-1", "DEMO-ACH-antibody-1", S.REGISTERED, "demo-manager-zhao", 108, 450,
         ContractType.LICENSE_PATENT, team=("legal",), skips=frozenset({S.SIGNED})),
    Spec("DEMO-DEM-cnc-1", "DEMO-ACH-cnc-3", S.REGISTERED, "demo-manager-wang", 97, 90,
         ContractType.DEVELOPMENT_COMMISSIONED),
    # 实施/转化
    Spec("DEMO-DEM-titanium-2", "DEMO-ACH-titanium-2", S.IMPLEMENTING, MANAGER, 165, 210,
         ContractType.TRANSFER_SECRET, team=("finance",)),
    Spec("DEMO-DEM-imaging-1", "DEMO-ACH-imaging-1", S.IMPLEMENTING, "demo-manager-zhao", 172, 380,
         ContractType.LICENSE_PATENT, team=("ip",), skips=frozenset({S.IMPLEMENTING})),
    Spec("DEMO-DEM-composite-1", "DEMO-ACH-composite-3", S.IMPLEMENTING, MANAGER, 148, 160,
         ContractType.DEVELOPMENT_COOPERATIVE),
    # 落地
    Spec("DEMO-DEM-laser-1", "DEMO-ACH-laser-2", S.LANDED, MANAGER, 238, 600,
         ContractType.TRANSFER_PATENT, team=("ip", "legal", "finance"), landing=Landing.PRODUCTION),
    Spec("DEMO-DEM-battery-1", "DEMO-ACH-battery-3", S.LANDED, "demo-manager-zhao", 262, 350,
         ContractType.TRANSFER_PATENT_APPLICATION, team=("finance",), landing=Landing.COMPANY,
         skips=frozenset({S.LANDED})),
    # 已完结 (both sides' feedback)
    Spec("DEMO-DEM-robot-1", "DEMO-ACH-robot-1", S.CLOSED, MANAGER, 330, 260,
         ContractType.LICENSE_PATENT, team=("ip",), landing=Landing.PRODUCTION,
         extra={"feedback": ((5, "技术经理人全程跟进，合同登记一次通过。"), (4, "对接高效，希望后续加强中试支持。"))}),
    Spec("DEMO-DEM-titanium-1", "DEMO-ACH-titanium-1", S.CLOSED, MANAGER, 301, 520,
         ContractType.TRANSFER_PATENT, team=("legal", "finance"), landing=Landing.PRODUCT,
         skips=frozenset({S.CLOSED}),
         extra={"feedback": ((4, "粉末氧含量指标达到合同约定，服务专业。"), (5, "专利转让手续办理顺利。"))}),
    Spec("DEMO-DEM-ivd-1", "DEMO-ACH-ivd-2", S.CLOSED, "demo-manager-zhao", 283, 85,
         ContractType.SERVICE, landing=Landing.PRODUCT,
         extra={"feedback": ((5, "试剂灵敏度提升明显，已用于新产品注册。"), (4, "沟通及时，付款节点清晰。"))}),
    # 终止
    Spec("DEMO-DEM-tcm-2", "DEMO-ACH-tcm-3", S.ENDED, MANAGER, 124, 200,
         ended_from=S.NEGOTIATING, end_reason="price"),
    Spec("DEMO-DEM-remote-1", "DEMO-ACH-remote-1", S.ENDED, "demo-manager-wang", 88, 40,
         ended_from=S.INTRODUCED, end_reason="buyer_withdrew", source=Source.DEMAND),
]  # fmt: skip

ACTIVITIES = {
    Stage.INTRODUCED: (
        ActivityKind.MEETING,
        "首次对接会谈",
        "介绍成果技术指标与应用案例，需求方说明产线现状与预算。",
    ),
    Stage.NEGOTIATING: (
        ActivityKind.CALL,
        "电话沟通交易方式与价格",
        "双方就一次总付与提成支付两种方案交换意见。",
    ),
    Stage.SIGNED: (
        ActivityKind.MEETING,
        "合同条款确认会",
        "法务专员逐条说明合同草案，双方确认付款节点与验收标准。",
    ),
    Stage.REGISTERED: (
        ActivityKind.NOTE,
        "技术合同登记完成",
        "登记号已告知双方，提醒企业据此申报研发费用加计扣除。",
    ),
    Stage.IMPLEMENTING: (
        ActivityKind.VISIT,
        "走访企业查看实施进度",
        "技术资料已交付，成果方派驻工程师驻厂两周。",
    ),
    Stage.LANDED: (ActivityKind.VISIT, "落地现场走访", "产线已投产，记录产能与首批订单情况。"),
    Stage.CLOSED: (ActivityKind.NOTE, "项目完结回访", "双方确认合同履行完毕，邀请双方评价服务。"),
}


def load_accounts(users: dict[str, User]) -> None:
    """The deal accounts (more managers, the registrar), added to `users` so `hardtech demo` prints their
    logins; called by the sample zone's loader with the other demo accounts."""
    _accounts(users)


@transaction.atomic
def load_deals() -> None:
    """The sample deals. Run after the sample 一企一档 profiles (hardtech.policies.sample): registering a
    contract writes it into both parties' profiles."""
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-").order_by("pk")}
    lead = users.get(MANAGER)
    if lead is None or lead.role != Role.MANAGER:
        return
    existing = set(Deal.objects.values_list("title", flat=True))
    for number, spec in enumerate(DEALS):
        demand = Demand.objects.filter(external_id=spec.demand).select_related("enterprise").first()
        achievement = Achievement.objects.filter(external_id=spec.achievement).first()
        if demand is None or achievement is None or not demand.enterprise_id:
            continue
        title = f"{achievement.title}（{demand.enterprise.name}）"
        if title in existing or spec.lead not in users:
            continue
        _build(spec, number, title, demand, achievement, users)


def _accounts(users: dict[str, User]) -> None:
    from hardtech.demo.loader import DEMO_PASSWORD  # (the loader calls this module)

    for username, role, display_name, org_key in ACCOUNTS:
        organisation = Organisation.objects.filter(external_id=f"DEMO-ORG-{org_key}").first()
        user = User.objects.filter(username=username).first() or User(username=username)
        wanted = {"role": role, "display_name": display_name, "organisation": organisation, "is_active": True}
        changed = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
        for name, value in wanted.items():
            setattr(user, name, value)
        if not user.check_password(DEMO_PASSWORD):
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
        users[username] = user


def _path(spec: Spec) -> list[str]:
    """The stages the deal goes through, from 对接 to where it is (or ended)."""
    pipeline = [s.value for s in Stage if s != Stage.ENDED]
    last = spec.ended_from if spec.stage == Stage.ENDED else spec.stage
    return pipeline[: pipeline.index(last) + 1]


def _build(spec, number, title, demand, achievement, users) -> None:
    lead, registrar = users[spec.lead], users.get(REGISTRAR)
    path = _path(spec)
    with acting_as(lead, "cli"):
        deal = services.open_deal(
            lead,
            title=title,
            summary=(
                f"{demand.enterprise.name}提出“{demand.title}”的技术需求，"
                f"拟引进“{achievement.title}”。{(demand.problem or '')[:120]}"
            ),
            source=spec.source,
            achievements=[achievement],
            demands=[demand],
            amount=Decimal(spec.amount),
        )
        for code in spec.team:
            member = users.get(SPECIALISTS[code])
            role = TeamRole.objects.filter(code=code).first()
            if member and role and member.pk != lead.pk:
                services.add_member(lead, deal, member, role)
        for stage, target in zip(path, path[1:], strict=False):
            _activity(lead, deal, stage)
            if target == Stage.REGISTERED:
                if target not in spec.skips:
                    for item in deal.checklist.filter(stage=stage, done_at=None):
                        services.tick(lead, item)
                _contract(spec, deal, lead, registrar)
                deal = Deal.objects.get(pk=deal.pk)
                if deal.stage == Stage.REGISTERED:
                    continue  # the registration took the step itself
            if target == Stage.CLOSED:
                _activity(lead, deal, target)  # the closing visit, while the deal is still open
            if target in spec.skips:
                deal = services.move(lead, deal, f"skip_to_{target}", SKIP_REASONS[target], _data(spec))
                continue
            for item in deal.checklist.filter(stage=stage, done_at=None):
                services.tick(lead, item)
            mover = registrar if target == Stage.REGISTERED and registrar else lead
            with acting_as(mover, "cli"):
                deal = services.move(mover, deal, f"to_{target}", NOTES[target], _data(spec))
        current = path[-1]
        if current != Stage.CLOSED:
            _activity(lead, deal, current)
        if spec.stage == Stage.SIGNED:
            _contract(spec, deal, lead, registrar)
        if spec.stage in (Stage.ENDED,):
            reason = (
                "需求方报价与成果方预期差距较大，双方同意终止"
                if spec.end_reason == "price"
                else ("需求方调整产品路线，暂停该方向投入")
            )
            deal = services.move(lead, deal, "end", reason, {"reason": spec.end_reason})
        elif spec.stage != Stage.CLOSED:
            # Work in progress: the first item of the current stage done, the rest open (some soon overdue).
            first = deal.checklist.filter(stage=current, done_at=None).first()
            if first is not None and number % 3 != 2:
                services.tick(lead, first)
        if Stage.SIGNED in path:
            _documents(lead, deal, number)
    if spec.stage == Stage.CLOSED:
        _feedback(spec, deal, users)
    _messages(spec, deal, users)
    if spec.landing and spec.stage in (Stage.LANDED, Stage.CLOSED):
        Deal.objects.filter(pk=deal.pk).update(landed_company=demand.enterprise)
    _backdate(spec, deal)


def _data(spec: Spec) -> dict:
    return {"landing": spec.landing} if spec.landing else {}


def _activity(user: User, deal: Deal, stage: str) -> None:
    kind, summary, body = ACTIVITIES[stage]
    services.log_activity(user, deal, kind, summary, body)


def _documents(user: User, deal: Deal, number: int) -> None:
    def pdf(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, PDF, content_type="application/pdf")

    services.upload_document(user, deal, "技术合同草案", pdf("合同草案.pdf"), "初稿")
    if number % 2 == 0:
        services.upload_document(
            user, deal, "技术合同草案", pdf("合同草案-修订.pdf"), "按法务意见修订付款条款"
        )
    if number % 3 == 0:
        services.upload_document(user, deal, "技术价值评估报告", pdf("价值评估报告.pdf"))


def _messages(spec: Spec, deal: Deal, users: dict[str, User]) -> None:
    """The deal's thread (项目留言), one message a day or two apart, ending a few days ago."""
    from hardtech.messaging import services as messaging  # noqa: PLC0415 — the deal's thread lives there
    from hardtech.messaging.models import Message, Participant, Thread  # noqa: PLC0415

    script = [(users[name], body) for name, body in spec.extra.get("messages", ()) if name in users]
    if not script:
        return
    thread = None
    for author, body in script:
        with acting_as(author, "cli"):
            if thread is None:
                thread = messaging.start_thread(author, deal, body)
            else:
                messaging.mark_read(author, thread)
                messaging.post_message(author, thread, body)
    at = timezone.now() - timedelta(days=2 * len(script) + 3)
    for n, message in enumerate(Message.objects.filter(thread=thread).order_by("pk")):
        Message.objects.filter(pk=message.pk).update(created_at=at + timedelta(days=2 * n, hours=n))
    messages = list(Message.objects.filter(thread=thread).order_by("pk"))
    Thread.objects.filter(pk=thread.pk).update(created_at=at, last_message_at=messages[-1].created_at)
    for participant in Participant.objects.filter(thread=thread).exclude(last_read_at=None):
        # Each writer has read the thread up to their own last message.
        own = [m.created_at for m in messages if m.author_id == participant.user_id]
        Participant.objects.filter(pk=participant.pk).update(last_read_at=own[-1] if own else at)


def _party(org: Organisation) -> dict:
    kind = ENTITY_KINDS.get(org.kind, EntityKind.OTHER)
    top = org.parent or org
    region = DISTRICT_CODES.get(org.district or top.district, "610100")
    return {"name": org.name, "credit_code": org.credit_code or "", "kind": kind, "region": region}


def _terms(spec: Spec, deal: Deal) -> tuple[dict, list]:
    """The registration form's fields the team fills in, and the non-technical cost lines."""
    total = Decimal(spec.amount)
    today = timezone.localdate()
    fields = {
        "contract_type": spec.contract,
        "signed_on": today,
        "valid_from": today,
        "valid_to": today + timedelta(days=730),
        "total_amount": total,
        "paid_amount": (total * Decimal("0.3")).quantize(Decimal("0.01")),
        "payment_method": PaymentMethod.INSTALMENTS if spec.amount >= 200 else PaymentMethod.LUMP_SUM,
        "ip_type": IpType.INVENTION_PATENT,
        "tech_field": deal.demands.first().field,
    }
    if spec.contract == ContractType.TRANSFER_SECRET:
        fields["ip_type"] = IpType.SECRET
    elif spec.contract in (ContractType.SERVICE, ContractType.CONSULTING):
        fields["ip_type"] = IpType.NONE
    if spec.contract in TRANSFER_TYPES:
        fields["expected_investment"], fields["expected_output"] = total * 3, total * 8
    for side, org in (("buyer", deal.buyers.first()), ("seller", deal.sellers.first())):
        party = _party(org)
        fields |= {f"{side}_{name}": value for name, value in party.items()}
    costs = []
    if spec.contract in TRANSFER_TYPES or spec.contract.startswith("development"):
        costs = [("equipment", "配套检测设备", (total * Decimal("0.12")).quantize(Decimal("0.01")))]
    return fields, costs


def _contract(spec: Spec, deal: Deal, lead: User, registrar: User | None) -> Contract:
    """The deal's contract in the registration form's fields, through the contract services: drafted by the
    lead and submitted; registered by the registrar for the deals that reach 登记 (the registration numbers it,
    writes it into both parties' 一企一档 and moves the deal on)."""
    fields, costs = _terms(spec, deal)
    status = spec.contract_status if spec.stage == Stage.SIGNED else ContractStatus.REGISTERED
    if status == ContractStatus.DRAFT:
        fields["paid_amount"] = Decimal("0")
    contract = registry.draft_contract(lead, deal, fields, costs)
    if status in (ContractStatus.SUBMITTED, ContractStatus.REGISTERED):
        contract = registry.submit(lead, contract)
    if status == ContractStatus.REGISTERED and registrar is not None:
        with acting_as(registrar, "cli"):
            contract = registry.register(registrar, contract, note="经审查，符合技术合同认定规则，予以登记。")
    return contract


def _feedback(spec: Spec, deal: Deal, users: dict[str, User]) -> None:
    ratings = spec.extra.get("feedback", ())
    buyer_user = _party_user(users, deal.buyers.all())
    seller_user = _party_user(users, deal.sellers.all())
    for user, (rating, comment) in zip((buyer_user, seller_user), ratings, strict=False):
        if user is not None:
            with acting_as(user, "cli"):
                services.give_feedback(user, deal, rating, comment)


def _party_user(users: dict[str, User], orgs) -> User | None:
    ids = set()
    for org in orgs:
        ids |= {org.pk, org.parent_id}
    return next((u for u in users.values() if u.organisation_id in ids and u.role != Role.EXPERT), None)


def _backdate(spec: Spec, deal: Deal) -> None:
    """Spread the deal's past over `spec.days`: stage visits, checklist dates, activities, contract dates."""
    now = timezone.now()
    visits = list(StageVisit.objects.filter(deal=deal).order_by("id"))
    ended = spec.stage == Stage.ENDED
    weights = [WEIGHTS[v.stage] for v in visits]
    if ended:
        weights[-1] = 0  # 终止 takes no time: it is the moment the last stage was left
    total = sum(weights) or 1
    start = now - timedelta(days=spec.days, hours=3 + deal.pk % 5)
    span = timedelta(days=spec.days - 20) if ended else now - start  # an ended deal ended 20 days ago
    moments, t = [], start
    for w in weights:
        moments.append(t)
        t = t + span * (w / total)
    for i, visit in enumerate(visits):
        entered = moments[i]
        left = moments[i + 1] if i + 1 < len(visits) else (entered if ended else None)
        StageVisit.objects.filter(pk=visit.pk).update(entered_at=entered, left_at=left)
        _backdate_checklist(deal, visit.stage, entered, left or now)
        Activity.objects.filter(deal=deal, summary=ACTIVITIES.get(visit.stage, ("", "", ""))[1]).update(
            occurred_at=entered + (((left or now) - entered) / 3)
        )
    last = moments[-1]
    changes: dict = {"opened_at": start, "stage_entered_at": last}
    if spec.stage in (Stage.CLOSED, Stage.ENDED):
        changes["closed_at"] = last
    Deal.objects.filter(pk=deal.pk).update(**changes)
    signed = next((m for v, m in zip(visits, moments, strict=False) if v.stage == Stage.SIGNED), None)
    registered = next((m for v, m in zip(visits, moments, strict=False) if v.stage == Stage.REGISTERED), None)
    if signed is not None:
        day = timezone.localdate(signed)
        Contract.objects.filter(deal=deal).update(
            signed_on=day,
            valid_from=day,
            valid_to=day + timedelta(days=730),
            submitted_at=signed + timedelta(days=5),
        )
        DocumentVersion.objects.filter(document__deal=deal).update(uploaded_at=signed - timedelta(days=3))
    if registered is not None:
        Contract.objects.filter(deal=deal).update(registered_at=registered)
        contract = Contract.objects.filter(deal=deal).first()
        if contract is not None:
            registry.sync_profiles(contract)  # 一企一档 dated as registered
    if spec.stage == Stage.CLOSED:
        Feedback.objects.filter(deal=deal).update(created_at=last + timedelta(days=4))


def _backdate_checklist(deal: Deal, stage: str, entered: datetime, left: datetime) -> None:
    days = {item.code: item.days for item in checklists.items_for(stage)}
    items = list(ChecklistItem.objects.filter(deal=deal, stage=stage).order_by("id"))
    for n, item in enumerate(items, start=1):
        due: date = timezone.localdate(entered) + timedelta(days=days.get(item.code, 30))
        values: dict = {"due_on": due}
        if item.done_at is not None:
            values["done_at"] = entered + (left - entered) * (n / (len(items) + 1))
        ChecklistItem.objects.filter(pk=item.pk).update(**values)
