"""Django's password rules (similar to the user name, too short, common, all digits) wherever a password is set:
createuser, the admin's add-user and set-password forms, the account page; messages in Chinese; the demo
password meets them."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.test import Client

from hardtech.accounts.models import Role, User
from hardtech.demo import compose
from hardtech.demo.loader import DEMO_PASSWORD

PASSWORD = "pass-1234"
WEAK = [("12345678", "这个密码太常见了"), ("password", "这个密码太常见了"), ("73920518", "密码只包含数字")]


@pytest.mark.parametrize(("password", "message"), [*WEAK, ("someone-1", "太相似"), ("short", "密码太短")])
def test_createuser_refuses_a_weak_password(db, password, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "someone-1", role="manager", password=password)
    assert not User.objects.filter(username="someone-1").exists()


@pytest.fixture
def admin_client(users) -> Client:
    operator = users[Role.OPERATOR]
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client = Client()
    client.force_login(operator)
    return client


@pytest.mark.parametrize(("password", "message"), WEAK)
def test_admin_add_user_refuses_a_weak_password(admin_client, password, message):
    form = {"username": "newcomer", "usable_password": "true", "password1": password, "password2": password}
    response = admin_client.post("/admin/accounts/user/add/", form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize(("password", "message"), WEAK)
def test_admin_set_password_refuses_a_weak_password(admin_client, users, password, message):
    target = users[Role.MANAGER]
    form = {"usable_password": "true", "password1": password, "password2": password}
    response = admin_client.post(f"/admin/accounts/user/{target.pk}/password/", form)
    assert response.status_code == 200 and message in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


@pytest.mark.parametrize(("password", "message"), [*WEAK, ("institution", "太相似")])
def test_account_page_refuses_a_weak_password(client, users, password, message):
    client.force_login(users[Role.INSTITUTION])
    form = {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
    response = client.post("/account/password/", form)
    assert response.status_code == 200 and message in response.content.decode()
    users[Role.INSTITUTION].refresh_from_db()
    assert users[Role.INSTITUTION].check_password(PASSWORD)


def test_account_page_states_the_rules_in_chinese(client, users):
    client.force_login(users[Role.INSTITUTION])
    page = client.get("/account/").content.decode()
    assert "你的密码必须包含至少 8 个字符" in page and "不能全都是数字" in page


def test_the_demo_password_meets_the_rules(db):
    for spec in compose.read_yaml("people.yaml")["users"]:
        validate_password(DEMO_PASSWORD, User(username=spec["username"], role=spec["role"]))
