"""The one write path of the 一企一档 (enterprise profile): pages and imports save through here, in one
transaction with their audit entries, after the permission check."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser
from hardtech.policies.models import ApplicantProfile, TechContract
from hardtech.policies.permissions import can_edit_profile


def save_profile(
    user: AnyUser, organisation: Organisation, form: ModelForm, formsets: Iterable[BaseInlineFormSet]
) -> ApplicantProfile:
    """Save a validated profile form and its record formsets (R&D and revenue by year, recognitions,
    contracts, investments, prior awards) together: all of it or none."""
    if not can_edit_profile(user, organisation):
        raise PermissionDenied("无权修改该企业档案")
    with transaction.atomic():
        profile = form.save()
        for formset in formsets:
            formset.instance = profile
            formset.save()
    return profile


# --- registered technology contracts (技术合同认定登记) -----------------------------------------------------------


def record_registered_contract(
    organisation: Organisation, contract_no: str, role: str, **fields
) -> TechContract:
    """Write or update the registered contract `contract_no` on the organisation's 一企一档 in `role` (seller or
    buyer), opening an empty profile when it has none. Called by the registry (hardtech.deals.contracts) after
    its own permission checks, whenever a contract is registered, corrected or imported; `fields` are
    TechContract's (type, registered, date, paid_amount, counterparty_name, counterparty_kind,
    counterparty_in_zone). Each write is audited (TechContract is an audited model)."""
    with transaction.atomic():
        profile, _ = ApplicantProfile.objects.get_or_create(organisation=organisation)
        record = TechContract.objects.filter(profile=profile, contract_no=contract_no, role=role).first()
        record = record or TechContract(profile=profile, contract_no=contract_no, role=role)
        before = {name: getattr(record, name) for name in fields} if record.pk else None
        for name, value in fields.items():
            setattr(record, name, value)
        if before is not None and all(before[name] == getattr(record, name) for name in fields):
            return record
        record.full_clean()
        record.save()
    return record


def drop_registered_contract(contract_no: str, keep: Iterable[tuple[int, str]] = ()) -> int:
    """Remove the registered contract `contract_no` from the profiles it no longer belongs to (a correction
    changed a party): every (organisation id, role) not in `keep`. Returns how many records went."""
    kept = set(keep)
    dropped = 0
    for record in TechContract.objects.filter(contract_no=contract_no).select_related("profile"):
        if (record.profile.organisation_id, record.role) not in kept:
            record.delete()
            dropped += 1
    return dropped
