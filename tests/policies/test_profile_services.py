"""policies.services.save_profile refuses whoever may not edit the profile, whatever page or command calls it
(saving through the profile page is tested in test_policies_profile_pages)."""

import pytest
from django.core.exceptions import PermissionDenied

from hardtech.accounts.models import Role
from hardtech.policies import services
from hardtech.policies.forms import ProfileFlagsForm, profile_formsets


def _forms(profile):
    return ProfileFlagsForm(None, instance=profile), profile_formsets(None, profile)


def test_a_manager_without_the_enterprise_s_grant_cannot_save_its_profile(users, enterprise, profile):
    form, formsets = _forms(profile)
    with pytest.raises(PermissionDenied):
        services.save_profile(users[Role.MANAGER], enterprise, form, formsets.values())
