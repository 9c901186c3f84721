"""The operator works in /admin/: staff status and every model permission, on the models of today and later."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

from hardtech.accounts.models import Role, User


@pytest.fixture
def demo_operator(db) -> User:
    call_command("demo", verbosity=0)
    return User.objects.get(username="demo-operator")


@pytest.mark.parametrize("path", ["/admin/catalogue/organisation/", "/admin/accounts/user/", "/admin/"])
def test_the_demo_operator_opens_the_admin(client, demo_operator, path):
    assert not demo_operator.is_superuser  # its permissions come from its role, not from superuser status
    client.force_login(demo_operator)
    assert client.get(path).status_code == 200


def test_an_operator_holds_every_registered_models_permissions(users):
    operator = users[Role.OPERATOR]
    for model in admin.site._registry:
        opts = model._meta
        for action in ("view", "add", "change", "delete"):
            assert operator.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
    assert operator.has_module_perms(apps.get_app_config("catalogue").label)


def test_other_roles_hold_none(users):
    for role in (Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT):
        assert not users[role].has_perm("accounts.change_user")
    inactive = users[Role.OPERATOR]
    inactive.is_active = False
    assert not inactive.has_perm("accounts.change_user")
