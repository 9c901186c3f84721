"""The one write path of the 一企一档 (enterprise profile): pages and imports save through here, in one
transaction with their audit entries, after the permission check."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from hardtech.catalogue.models import Organisation
from hardtech.catalogue.permissions import AnyUser
from hardtech.policies.models import ApplicantProfile
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
