"""我的账号: a user changes their own password, lists, creates and revokes their API tokens. A password change,
however made, revokes the user's API tokens and ends their other sessions; this session stays signed in."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from hardtech.accounts.models import ApiToken, Role, User

PASSWORD = "pass-1234"
NEW = "Qinling-2031"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}


def signed_in(users, role: str) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def api_me(key: str) -> int:
    return Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code


def test_the_account_page_needs_a_login_and_is_linked_from_the_header(client, users):
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = signed_in(users, Role.INSTITUTION).get("/").content.decode()
    assert 'href="/account/"' in page and "我的账号" in page


def test_the_page_lists_own_tokens_with_their_expiry(users):
    ApiToken.issue(users[Role.INSTITUTION], "同步脚本", days=5)
    ApiToken.issue(users[Role.MANAGER], "别人的令牌")
    page = signed_in(users, Role.INSTITUTION).get("/account/").content.decode()
    assert "同步脚本" in page and "有效期至" in page and "别人的令牌" not in page


def test_a_new_token_is_shown_once_and_works(users):
    client = signed_in(users, Role.INSTITUTION)
    response = client.post("/account/tokens/", {"name": "数据同步", "days": "30"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=users[Role.INSTITUTION])
    key = next(w for w in response.content.decode().split("<code>") if w.startswith(token.prefix)).split("<")[
        0
    ]
    assert api_me(key) == 200
    assert key not in client.get("/account/").content.decode()


def test_a_token_longer_than_allowed_is_refused(users):
    response = signed_in(users, Role.INSTITUTION).post("/account/tokens/", {"name": "长期", "days": "365"})
    assert "90" in response.content.decode() and not ApiToken.objects.exists()


def test_revoking_takes_a_post_and_only_own_tokens(users):
    mine, key = ApiToken.issue(users[Role.INSTITUTION])
    theirs, _ = ApiToken.issue(users[Role.MANAGER])
    client = signed_in(users, Role.INSTITUTION)
    assert client.get(f"/account/tokens/{mine.pk}/revoke/").status_code == 405
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{mine.pk}/revoke/").status_code == 302
    assert list(ApiToken.objects.all()) == [theirs] and api_me(key) == 401


def test_revoking_needs_the_csrf_token(users):
    mine, _ = ApiToken.issue(users[Role.INSTITUTION])
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.INSTITUTION])
    assert client.post(f"/account/tokens/{mine.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=mine.pk).exists()


def test_a_password_change_ends_other_sessions_and_tokens_but_not_this_session(users):
    _, key = ApiToken.issue(users[Role.INSTITUTION])
    here, elsewhere = signed_in(users, Role.INSTITUTION), signed_in(users, Role.INSTITUTION)
    response = here.post("/account/password/", CHANGE, follow=True)
    assert "密码已修改" in response.content.decode()
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert api_me(key) == 401 and not ApiToken.objects.exists()
    assert Client().login(username="institution", password=NEW)


def test_a_password_set_by_an_operator_in_the_admin_revokes_tokens(users):
    operator = users[Role.OPERATOR]
    operator.is_staff = operator.is_superuser = True
    operator.save()
    _, key = ApiToken.issue(users[Role.MANAGER])
    target = signed_in(users, Role.MANAGER)
    form = {"usable_password": "true", "password1": NEW, "password2": NEW}
    response = signed_in(users, Role.OPERATOR).post(
        f"/admin/accounts/user/{users[Role.MANAGER].pk}/password/", form
    )
    assert response.status_code == 302
    assert api_me(key) == 401 and target.get("/account/").status_code == 302


def test_set_password_anywhere_revokes_tokens(users):
    user = users[Role.MANAGER]
    _, key = ApiToken.issue(user)
    user.display_name = "改名不改密码"
    user.save()
    assert api_me(key) == 200
    user.set_password(NEW)
    user.save()
    assert api_me(key) == 401


def test_disabling_password_login_revokes_tokens(users):
    user = users[Role.MANAGER]
    _, key = ApiToken.issue(user)
    user.set_unusable_password()
    user.save()
    assert api_me(key) == 401


def test_a_hash_upgrade_at_login_is_not_a_password_change(users, settings, monkeypatch):
    user = users[Role.MANAGER]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 2)  # stored with 1: login rehashes it
    User.objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "salt", 1))
    _, key = ApiToken.issue(user)
    assert Client().login(username="manager", password=PASSWORD)
    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_sha256$2$")
    assert api_me(key) == 200
