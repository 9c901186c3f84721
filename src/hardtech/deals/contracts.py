"""Every write of a technology contract record (技术合同认定登记), each in one transaction with its audit entries
(Contract, ContractCost and ChecklistItem are audited models):

    draft_contract → save_contract … → submit → (return_for_correction → save_contract → submit …) → register
    → correct …

- The deal's team (or the operator) drafts the record from the deal (project name, buyer and seller with their
  credit codes, entity kinds and region codes), edits it with its non-technical cost lines (技术交易额 = 合同总额 −
  非技术性费用), and submits it to the registry; submitting ticks the deal's checklist items "填写技术合同登记信息"
  and "提交技术合同认定登记" and notifies the registrars.
- The registrar (技术合同登记员) or the operator returns it for correction with a note, or registers it: may
  reclassify the contract type and confirm a 技术交易额 (not above the total); the platform numbers it (year +
  settings.ZONE_REGION_CODE + a 6-digit serial per year, unique under concurrent registrations: a taken number is
  retried) and stamps it; a deal at 签约 whose checklist is then done moves on to 登记 (otherwise it stays and the
  registration says why); the buyer's and the seller's 一企一档 get the contract (hardtech.policies.services).
- A registered record is corrected by the registrar with a reason: the record as it stood is kept as a
  ContractRevision, the change applied, the version raised, 一企一档 written again.

`indicators(queryset)` gives the zone's figures of registered contracts (成交额 by type, field, buyer and seller
kind, inside/outside the zone); the registry page shows them.

Refusals are PermissionDenied and ValidationError with Chinese messages (by field where there is one; "costs"
for the cost lines); a write based on an older version raises catalogue.services.Conflict.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.catalogue.choices import OrganisationKind, TechField
from hardtech.catalogue.models import CENT, Organisation
from hardtech.catalogue.services import Conflict
from hardtech.deals import permissions, workflow
from hardtech.deals import services as deal_services
from hardtech.deals.choices import ContractStatus, ContractType, CostKind, EntityKind, Stage
from hardtech.deals.models import ChecklistItem, Contract, ContractCost, ContractRevision, Deal
from hardtech.deals.people import team
from hardtech.deals.validators import validate_region_code
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind
from hardtech.policies import services as profiles

DEAL_CONTRACT = register_kind(
    "deal.contract",
    "技术合同认定登记",
    Delivery.EMAIL,
    "技术合同提交认定登记、退回补正、完成登记或更正",
)

# The registration form's fields the team fills in (and the registrar corrects), in the form's order.
EDITABLE = (
    "project_name",
    "contract_type",
    "buyer_name",
    "buyer_credit_code",
    "buyer_kind",
    "buyer_region",
    "seller_name",
    "seller_credit_code",
    "seller_kind",
    "seller_region",
    "signed_on",
    "valid_from",
    "valid_to",
    "total_amount",
    "paid_amount",
    "payment_method",
    "ip_type",
    "tech_field",
    "expected_investment",
    "expected_output",
)
# The deal's checklist items a submitted (and a registered) contract completes.
CONTRACT_ITEMS = ("contract_record", "registration_filed")
SERIAL_DIGITS = 6
NUMBERING_ATTEMPTS = 8

KIND_OF_ORGANISATION = {
    OrganisationKind.UNIVERSITY: EntityKind.UNIVERSITY,
    OrganisationKind.INSTITUTE: EntityKind.INSTITUTE,
    OrganisationKind.NEW_RD: EntityKind.INSTITUTE,
    OrganisationKind.KEY_LAB: EntityKind.INSTITUTE,
    OrganisationKind.ENTERPRISE: EntityKind.ENTERPRISE,
    OrganisationKind.INCUBATOR: EntityKind.ENTERPRISE,
    OrganisationKind.INVESTOR: EntityKind.ENTERPRISE,
    OrganisationKind.SERVICE: EntityKind.ENTERPRISE,
    OrganisationKind.PARK: EntityKind.OTHER,
}
# 一企一档 knows three kinds of counterparty; the others count as enterprises there.
COUNTERPARTY_KIND = {
    EntityKind.UNIVERSITY: "university",
    EntityKind.INSTITUTE: "institute",
}

Cost = tuple[str, str, Any]  # (CostKind, description, amount in 万元)


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def page(contract: Contract) -> str:
    return reverse("deals:contract", args=[contract.pk])


def registry_name(registration_no: str | None = None) -> str:
    """The registration authority (登记机构) that numbered a record: the zone's, or for an imported record
    numbered elsewhere, the region code its number carries."""
    region = registration_no[4:10] if registration_no else settings.ZONE_REGION_CODE
    if region == settings.ZONE_REGION_CODE:
        return getattr(settings, "CONTRACT_REGISTRY_NAME", "") or f"技术合同登记机构（{region}）"
    return f"技术合同登记机构（{region}）"


# --- prefilling from the deal -----------------------------------------------------------------------------------


def region_of(organisation: Organisation) -> str:
    """The organisation's GB/T 2260 region code where it is known: characters 3–8 of its unified social credit
    code are the region of the authority that registered it; "" when that is not a valid code."""
    code = (organisation.credit_code or "")[2:8]
    try:
        validate_region_code(code)
    except ValidationError:
        return ""
    return code


def _first(deal: Deal, side: str) -> Organisation | None:
    """The deal's first buyer or seller organisation, in the order they were linked."""
    through = getattr(Deal, side).through
    link = through.objects.filter(deal=deal).order_by("pk").select_related("organisation").first()
    return link.organisation if link else None


def prefill(deal: Deal) -> dict[str, Any]:
    """The record's fields as the deal already knows them."""
    data: dict[str, Any] = {"project_name": deal.title}
    for side, attr in (("buyer", "buyers"), ("seller", "sellers")):
        org = _first(deal, attr)
        if org is None:
            continue
        data[f"{side}_name"] = org.name
        data[f"{side}_credit_code"] = org.credit_code or ""
        data[f"{side}_kind"] = KIND_OF_ORGANISATION.get(org.kind, EntityKind.OTHER)
        if region := region_of(org):
            data[f"{side}_region"] = region
    listing = deal.achievements.order_by("pk").first() or deal.demands.order_by("pk").first()
    if listing is not None:
        data["tech_field"] = listing.field
    if deal.amount is not None:
        data["total_amount"] = deal.amount
    return data


# --- shared checks ----------------------------------------------------------------------------------------------


def _money(value: Any, label: str) -> Decimal:
    if isinstance(value, float):
        raise ValidationError({"costs": [f"{label}应为精确的金额（Decimal），不能是浮点数"]})
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValidationError({"costs": [f"{label}“{value}”不是有效的金额（万元）"]}) from None
    if not amount.is_finite():
        raise ValidationError({"costs": [f"{label}“{value}”不是有效的金额（万元）"]})
    return amount


def cost_lines(costs: Iterable[Cost]) -> list[ContractCost]:
    """The non-technical cost lines, checked (a kind from the list, an amount of 0 or more), not saved."""
    lines, errors = [], []
    for number, (kind, description, amount) in enumerate(costs, start=1):
        try:
            line = ContractCost(
                kind=kind, description=(description or "").strip(), amount=_money(amount, "费用金额")
            )
            line.full_clean(exclude=["contract"])
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            errors += [f"第 {number} 项非技术性费用：{m}" for m in messages]
            continue
        lines.append(line)
    if errors:
        raise ValidationError({"costs": errors})
    return lines


def check_amounts(total: Decimal | None, technology: Decimal | None, non_technical: Decimal) -> dict:
    """The refusals of the money fields: costs above the total (a negative 技术交易额), a 技术交易额 above the
    total less the non-technical costs, or below zero."""
    errors: dict[str, list[str]] = {}
    if total is None:
        return errors
    if non_technical > total:
        errors["costs"] = [
            f"非技术性费用合计 {non_technical} 万元超过合同总额 {total} 万元：技术交易额不能为负"
        ]
    if technology is not None and technology > total:
        errors["technology_amount"] = [f"技术交易额（{technology} 万元）不能超过合同总额（{total} 万元）"]
    elif (
        technology is not None
        and non_technical
        and non_technical <= total
        and technology > total - non_technical
    ):
        errors["technology_amount"] = [
            f"技术交易额（{technology} 万元）不能超过合同总额减去非技术性费用后的金额"
            f"（{total} − {non_technical} = {total - non_technical} 万元）"
        ]
    if technology is not None and technology < 0:
        errors["technology_amount"] = ["技术交易额不能为负数"]
    return errors


def link_organisations(contract: Contract) -> None:
    """Buyer and seller as catalogue organisations where their credit code (or, without one, their exact name)
    is the catalogue's."""
    for side in ("buyer", "seller"):
        code = getattr(contract, f"{side}_credit_code")
        name = getattr(contract, f"{side}_name")
        if code:
            org = Organisation.objects.filter(credit_code=code).first()
        else:
            org = Organisation.objects.filter(name=name).first() if name else None
        setattr(contract, side, org)


def _apply(contract: Contract, fields: Mapping[str, Any], costs: Iterable[Cost] | None) -> list | None:
    """Set the fields and derive the 技术交易额; raise every refusal at once. Returns the new cost lines (None:
    the stored lines stay)."""
    if unknown := set(fields) - set(EDITABLE):
        raise ValidationError({name: ["该字段不能在此修改"] for name in sorted(unknown)})
    old_total = contract.total_amount
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
            if name.endswith("_credit_code"):
                value = value.upper()
        if isinstance(value, float):
            raise ValidationError({name: ["金额应为精确的 Decimal，不能是浮点数"]})
        setattr(contract, name, value)
    errors: dict[str, list[str]] = {}
    lines = None
    try:
        lines = cost_lines(costs) if costs is not None else None
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if lines is not None:
        non_technical = sum((line.amount for line in lines), Decimal("0"))
    else:
        non_technical = contract.non_technical_total()
    if contract.total_amount is not None and (lines is not None or contract.total_amount != old_total):
        contract.technology_amount = contract.total_amount - non_technical
    for name, messages in check_amounts(contract.total_amount, None, non_technical).items():
        errors.setdefault(name, []).extend(messages)
    link_organisations(contract)
    try:
        contract.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return lines


def _save_costs(contract: Contract, lines: list[ContractCost] | None) -> None:
    if lines is None:
        return
    stored = list(contract.costs.all())
    if [(c.kind, c.description, c.amount) for c in stored] == [
        (c.kind, c.description, c.amount) for c in lines
    ]:
        return
    for line in stored:
        line.delete()
    for line in lines:
        line.contract = contract
        line.save()


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _check_version(current: Contract, version: int | None) -> None:
    if version is not None and version != current.version:
        raise Conflict(current, version)


def _bump(contract: Contract) -> None:
    contract.version += 1
    contract.save()


def _tell(recipients: Iterable[User], contract: Contract, actor: User, title: str, body: str = "") -> None:
    notifications.notify(
        [u for u in recipients if u.pk != actor.pk],
        DEAL_CONTRACT.code,
        contract,
        title=title,
        body=body,
        url=page(contract),
        actor=actor,
    )


def _team_of(contract: Contract) -> list[User]:
    """Who hears of the registrar's steps: the deal's team as it stands now (someone taken off the team no longer
    hears of it, even if they drafted the record); a record without a deal reaches whoever drafted it."""
    if contract.deal_id:
        return team(contract.deal)
    if contract.created_by_id and contract.created_by.is_active:
        return [contract.created_by]
    return []


def registrars() -> list[User]:
    return list(User.objects.filter(role=Role.REGISTRAR, is_active=True).order_by("pk"))


# --- the team's steps -------------------------------------------------------------------------------------------


def draft_contract(
    user: User, deal: Deal, fields: Mapping[str, Any] | None = None, costs: Iterable[Cost] = ()
) -> Contract:
    """The deal's contract record, prefilled from the deal (the given fields take precedence)."""
    _deny_unless(permissions.can_work(user, deal), "只有项目团队和管委会可以填写技术合同登记信息")
    fields = dict(fields or {})
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if Contract.objects.filter(deal=locked).exists():
            raise ValidationError({"deal": ["该项目已有技术合同登记记录"]})
        contract = Contract(deal=locked, created_by=user)
        defaults = {k: v for k, v in prefill(locked).items() if k not in fields}
        for name, value in defaults.items():
            setattr(contract, name, value)
        lines = _apply(contract, fields, costs)
        contract.save()
        _save_costs(contract, lines)
    return contract


def save_contract(
    user: User,
    contract: Contract,
    fields: Mapping[str, Any],
    costs: Iterable[Cost] | None = None,
    version: int | None = None,
) -> Contract:
    """Edit a draft or returned record; `costs` (when given) replaces the cost lines."""
    with transaction.atomic():
        current = _locked(contract)
        _deny_unless(
            permissions.can_edit_contract(user, current),
            "该技术合同已提交或无权修改（已提交的记录由登记员处理）",
        )
        _check_version(current, version)
        lines = _apply(current, fields, costs)
        _bump(current)
        _save_costs(current, lines)
    return current


def _tick_items(deal: Deal | None, user: User) -> None:
    if deal is None:
        return
    now = timezone.now()
    for item in ChecklistItem.objects.select_for_update().filter(
        deal=deal, code__in=CONTRACT_ITEMS, done_at=None
    ):
        item.done_at, item.done_by = now, user
        item.save()


def submit(user: User, contract: Contract) -> Contract:
    """提交认定登记: the team hands the record to the registry."""
    with transaction.atomic():
        current = _locked(contract)
        _deny_unless(permissions.can_edit_contract(user, current), "无权提交该技术合同，或它已提交")
        current.full_clean()
        current.status = ContractStatus.SUBMITTED
        current.submitted_at = timezone.now()
        _bump(current)
        _tick_items(current.deal, user)
        _tell(
            registrars(),
            current,
            user,
            f"技术合同“{current.project_name}”待认定登记",
            f"{current.seller_name} → {current.buyer_name}，合同总额 {current.total_amount} 万元",
        )
    return current


# --- the registrar's steps --------------------------------------------------------------------------------------


def return_for_correction(registrar: User, contract: Contract, note: str) -> Contract:
    """退回补正: the registrar sends the record back to the team with what to correct."""
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": ["请填写退回补正的意见"]})
    with transaction.atomic():
        current = _locked(contract)
        _deny_unless(permissions.can_register(registrar, current), "只有登记员可以退回待登记的技术合同")
        current.status = ContractStatus.RETURNED
        current.registrar_note = note
        current.full_clean()
        _bump(current)
        _tell(_team_of(current), current, registrar, f"技术合同“{current.project_name}”被退回补正", note)
    return current


def next_registration_no(year: int) -> str:
    """The next free number of the year in the zone's registry: year + region code + serial (from 000001)."""
    prefix = f"{year:04d}{settings.ZONE_REGION_CODE}"
    last = Contract.objects.filter(registration_no__startswith=prefix).aggregate(n=Max("registration_no"))[
        "n"
    ]
    serial = int(last[-SERIAL_DIGITS:]) + 1 if last else 1
    if serial >= 10**SERIAL_DIGITS:
        raise ValidationError({"registration_no": [f"{year} 年的技术合同登记号已用尽"]})
    return f"{prefix}{serial:0{SERIAL_DIGITS}d}"


def _number(contract: Contract, year: int) -> None:
    """Give the record the next number and save it. Two registrations at once may read the same last number:
    the second save breaks the unique constraint, its savepoint rolls back and it takes the next one."""
    for _ in range(NUMBERING_ATTEMPTS):
        contract.registration_no = next_registration_no(year)
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError:
            continue
        return
    raise ValidationError({"registration_no": ["登记号分配冲突，请稍后重试"]})


def register(
    registrar: User,
    contract: Contract,
    contract_type: str | None = None,
    technology_amount: Decimal | None = None,
    note: str = "",
) -> Contract:
    """认定登记: check, (re)classify, confirm the 技术交易额, number and stamp the record; move the deal to 登记
    when it is at 签约 and its checklist is done; write the contract into both parties' 一企一档.

    The returned record carries `deal_outcome`: what happened to the deal, in Chinese."""
    with transaction.atomic():
        current = _locked(contract)
        _deny_unless(permissions.can_register(registrar, current), "只有登记员可以登记待登记的技术合同")
        errors: dict[str, list[str]] = {}
        if contract_type:
            if contract_type not in ContractType.values:
                errors["contract_type"] = ["合同类型无效"]
            else:
                current.contract_type = contract_type
        if technology_amount is not None:
            try:
                technology_amount = _money(technology_amount, "技术交易额")
            except ValidationError:
                errors["technology_amount"] = [f"“{technology_amount}”不是有效的金额（万元）"]
            else:
                errors |= check_amounts(
                    current.total_amount, technology_amount, current.non_technical_total()
                )
                current.technology_amount = technology_amount
        if errors:
            raise ValidationError(errors)
        current.full_clean(exclude=["registration_no"])
        now = timezone.now()
        current.status = ContractStatus.REGISTERED
        current.registered_at, current.registrar = now, registrar
        current.registrar_note = " ".join((note or "").split())[:500]
        current.version += 1
        _number(current, timezone.localtime(now).year)
        current.deal_outcome = _advance_deal(registrar, current)
        sync_profiles(current)
        _tell(
            _team_of(current),
            current,
            registrar,
            f"技术合同“{current.project_name}”已登记，登记号 {current.registration_no}",
            current.deal_outcome,
        )
    return current


def _advance_deal(registrar: User, contract: Contract) -> str:
    deal = contract.deal
    if deal is None:
        return ""
    deal = Deal.objects.get(pk=deal.pk)
    if deal.stage != Stage.SIGNED:
        return f"项目处于“{Stage(deal.stage).label}”阶段，未自动推进"
    _tick_items(deal, registrar)
    pending = workflow.open_items(deal, Stage.SIGNED)
    if pending:
        names = "、".join(item.label for item in pending)
        return f"项目仍停留在“签约”阶段：清单尚有“{names}”未完成，完成后由项目团队推进到“登记”阶段"
    deal_services.move(registrar, deal, "to_registered", f"技术合同已登记，登记号 {contract.registration_no}")
    return "项目已进入“登记”阶段"


def snapshot(contract: Contract) -> dict[str, Any]:
    """The registered record as it stands: its fields, amounts as text, and its cost lines."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value.quantize(CENT))  # 10 and 10.00 are the same amount
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    data = {name: plain(getattr(contract, name)) for name in EDITABLE}
    for name in ("technology_amount", "registration_no", "registered_at", "version", "status"):
        data[name] = plain(getattr(contract, name))
    data["buyer_id"], data["seller_id"] = contract.buyer_id, contract.seller_id
    data["costs"] = [[c.kind, c.description, plain(c.amount)] for c in contract.costs.all()]
    return data


def correct(
    registrar: User,
    contract: Contract,
    fields: Mapping[str, Any],
    costs: Iterable[Cost] | None = None,
    reason: str = "",
    technology_amount: Decimal | None = None,
    version: int | None = None,
) -> Contract:
    """更正: change a registered record; the record as it stood is kept as a numbered ContractRevision.
    `version` (when given) is the one the registrar saw: a record changed since then is a Conflict."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["请填写更正理由"]})
    with transaction.atomic():
        current = _locked(contract)
        _deny_unless(permissions.can_correct(registrar, current), "只有登记员可以更正已登记的技术合同")
        _check_version(current, version)
        before = snapshot(current)
        lines = _apply(current, fields, costs)
        if technology_amount is not None:
            amount = _money(technology_amount, "技术交易额")
            if lines is not None:
                non_technical = sum((line.amount for line in lines), Decimal("0"))
            else:
                non_technical = current.non_technical_total()
            if errors := check_amounts(current.total_amount, amount, non_technical):
                raise ValidationError(errors)
            current.technology_amount = amount
        after = snapshot(current)
        if lines is not None:
            after["costs"] = [[c.kind, c.description, str(c.amount.quantize(CENT))] for c in lines]
        if after == before:
            raise ValidationError({"reason": ["更正内容与现有登记内容相同"]})
        number = (current.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        ContractRevision.objects.create(
            contract=current, number=number, snapshot=before, reason=reason, corrected_by=registrar
        )
        _bump(current)
        _save_costs(current, lines)
        sync_profiles(current)
        _tell(
            _team_of(current),
            current,
            registrar,
            f"技术合同“{current.project_name}”的登记内容已更正（第 {number} 次）",
            reason,
        )
    return current


# --- 一企一档 ----------------------------------------------------------------------------------------------------


def sync_profiles(contract: Contract) -> None:
    """Write the registered contract into the seller's and the buyer's 一企一档 (the catalogue organisations the
    record is linked to), and take it off profiles it no longer names."""
    number = contract.registration_no
    if contract.status != ContractStatus.REGISTERED or not number:
        return
    registered_here = number[4:10] == settings.ZONE_REGION_CODE
    day = timezone.localdate(contract.registered_at) if contract.registered_at else contract.signed_on
    keep = []
    for role, org, other in (("seller", contract.seller, "buyer"), ("buyer", contract.buyer, "seller")):
        if org is None:
            continue
        profiles.record_registered_contract(
            org,
            number,
            role,
            type=ContractType(contract.contract_type).group,
            registered=registered_here,
            date=day,
            paid_amount=contract.paid_amount,
            counterparty_name=getattr(contract, f"{other}_name"),
            counterparty_kind=COUNTERPARTY_KIND.get(getattr(contract, f"{other}_kind"), "enterprise"),
            counterparty_in_zone=getattr(contract, f"{other}_region") == settings.ZONE_REGION_CODE,
        )
        keep.append((org.pk, role))
    profiles.drop_registered_contract(number, keep)


# --- reading ----------------------------------------------------------------------------------------------------


def cost_rows(contract: Contract) -> Sequence[Cost]:
    return [(c.kind, c.description, c.amount) for c in contract.costs.all()]


def non_technical_by_kind(contract: Contract) -> dict[str, Decimal]:
    totals = dict.fromkeys(CostKind.values, Decimal("0"))
    for line in contract.costs.all():
        totals[line.kind] += line.amount
    return totals


# --- the zone's indicators --------------------------------------------------------------------------------------

GROUP_LABELS = {
    "development": "技术开发",
    "transfer": "技术转让",
    "license": "技术许可",
    "consulting": "技术咨询",
    "service": "技术服务",
}
FLOW_LABELS = {
    "inside": "区内成交（买卖双方均在区内）",
    "out": "技术输出到区外",
    "in": "从区外吸纳技术",
    "outside": "双方均在区外",
}


def _flow(seller_region: str, buyer_region: str) -> str:
    zone = settings.ZONE_REGION_CODE
    seller, buyer = seller_region == zone, buyer_region == zone
    if seller and buyer:
        return "inside"
    if seller:
        return "out"
    if buyer:
        return "in"
    return "outside"


def indicators(queryset) -> dict[str, list[dict[str, Any]]]:
    """成交额 of the registered contracts in `queryset`: count, contract amount and 技术交易额 by contract type,
    technical field, buyer and seller kind, and inside/outside the zone — one grouped query each, Decimal sums."""
    registered = queryset.filter(status=ContractStatus.REGISTERED).order_by()
    sums = {"n": Count("pk"), "total": Sum("total_amount"), "technology": Sum("technology_amount")}

    def fold(rows, key, label) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in rows:
            code = key(row)
            entry = out.setdefault(
                code,
                {
                    "code": code,
                    "label": label(code),
                    "n": 0,
                    "total": Decimal("0"),
                    "technology": Decimal("0"),
                },
            )
            entry["n"] += row["n"]
            entry["total"] += row["total"] or Decimal("0")
            entry["technology"] += row["technology"] or Decimal("0")
        for entry in out.values():  # SQLite sums decimals with float-like tails: back to 分
            entry["total"] = entry["total"].quantize(CENT)
            entry["technology"] = entry["technology"].quantize(CENT)
        return sorted(out.values(), key=lambda e: (-e["technology"], e["code"]))

    def by(field: str):
        return registered.values(field).annotate(**sums)

    entity = dict(EntityKind.choices)
    return {
        "type": fold(by("contract_type"), lambda r: ContractType(r["contract_type"]).group, GROUP_LABELS.get),
        "field": fold(
            by("tech_field"), lambda r: r["tech_field"], lambda c: dict(TechField.choices).get(c, c)
        ),
        "buyer_kind": fold(by("buyer_kind"), lambda r: r["buyer_kind"], lambda c: entity.get(c, c)),
        "seller_kind": fold(by("seller_kind"), lambda r: r["seller_kind"], lambda c: entity.get(c, c)),
        "flow": fold(
            registered.values("seller_region", "buyer_region").annotate(**sums),
            lambda r: _flow(r["seller_region"], r["buyer_region"]),
            FLOW_LABELS.get,
        ),
    }
