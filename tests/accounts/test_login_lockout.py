"""Password guessing: a user name + client address pair is locked after five wrong passwords, on every login
surface (web, admin, API token endpoint, password change), and only that pair, and only for the cool-off."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from hardtech.accounts.models import ApiToken, Role

PASSWORD = "pass-1234"
LIMIT = 5


def web_login(
    client: Client, username: str, password: str, address: str = "127.0.0.1", path: str = "/login/"
):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def guess(client: Client, username: str, times: int, **kwargs) -> list[int]:
    return [web_login(client, username, f"wrong-{n}", **kwargs).status_code for n in range(times)]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_web_login_is_locked_after_five_wrong_passwords(client, users):
    assert guess(client, "institution", LIMIT) == [200] * (LIMIT - 1) + [429]
    response = web_login(client, "institution", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    page = response.content.decode()
    assert "密码错误次数过多" in page and "分钟后" in page and "之后" in page
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_lockout_ends_after_the_cool_off(client, users):
    guess(client, "institution", LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert web_login(client, "institution", PASSWORD).status_code == 302 and signed_in(client)


def test_guesses_during_a_lockout_do_not_extend_it(client, users):
    guess(client, "institution", LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    assert guess(client, "institution", 3) == [429] * 3
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    assert web_login(client, "institution", PASSWORD).status_code == 302


def test_lockout_is_per_user_name_and_address(users):
    attacker = Client()
    guess(attacker, "institution", LIMIT, address="203.0.113.9")
    # The same user from elsewhere, and another user from the attacker's address, still sign in.
    owner, colleague = Client(), Client()
    assert web_login(owner, "institution", PASSWORD, address="198.51.100.7").status_code == 302
    assert web_login(colleague, "manager", PASSWORD, address="203.0.113.9").status_code == 302


def test_a_successful_login_resets_the_count(client, users):
    guess(client, "institution", LIMIT - 1)
    assert web_login(client, "institution", PASSWORD).status_code == 302
    client.post("/logout/")
    assert guess(client, "institution", LIMIT - 1) == [200] * (LIMIT - 1)


def test_admin_login_is_locked_too(client, users):
    statuses = guess(client, "operator", LIMIT, path="/admin/login/")
    assert statuses == [200] * (LIMIT - 1) + [429]
    assert web_login(client, "operator", PASSWORD, path="/admin/login/").status_code == 429
    assert not signed_in(client)


def post_token(client: Client, password: str):
    body = json.dumps({"username": "institution", "password": password})
    return client.post("/api/tokens", body, content_type="application/json")


def test_token_endpoint_answers_429_json_when_locked(client, users):
    assert [post_token(client, f"wrong-{n}").status_code for n in range(LIMIT)] == [401] * (LIMIT - 1) + [429]
    response = post_token(client, PASSWORD)
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert "分钟后" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_old_password_guesses_on_the_account_page_count_too(client, users):
    client.force_login(users[Role.INSTITUTION])
    for n in range(LIMIT - 1):
        form = {
            "old_password": f"wrong-{n}",
            "new_password1": "Qinling-2031",
            "new_password2": "Qinling-2031",
        }
        assert "旧密码不正确" in client.post("/account/password/", form).content.decode()
    form = {"old_password": PASSWORD, "new_password1": "Qinling-2031", "new_password2": "Qinling-2031"}
    client.post("/account/password/", {**form, "old_password": "wrong-last"})
    assert client.post("/account/password/", form).status_code == 429
    users[Role.INSTITUTION].refresh_from_db()
    assert users[Role.INSTITUTION].check_password(PASSWORD)


@pytest.mark.parametrize(
    ("forwarded", "address"),
    [("198.51.100.7", "198.51.100.7"), ("6.6.6.6, 198.51.100.7", "198.51.100.7"), ("not-an-ip", "10.0.0.1")],
)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, users, settings, forwarded, address):
    settings.HARDTECH_PROXY_COUNT = 1
    client.post(
        "/login/",
        {"username": "institution", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert AccessAttempt.objects.get().ip_address == address
