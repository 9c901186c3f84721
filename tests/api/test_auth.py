"""Token authentication: issuing, missing/bad/good keys, the session for safe methods only, revocation."""

from django.contrib.contenttypes.models import ContentType

from hardtech.accounts.models import ApiToken, Role
from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Achievement

PASSWORD = "pass-1234"


def test_token_issued_for_username_and_password(api, users):
    response = api.call(
        "post", "tokens", body={"username": "institution", "password": PASSWORD, "name": "脚本"}
    )
    assert response.status_code == 201
    key = response.data["key"]
    assert key.startswith("ht_") and response.data["prefix"] == key[:8]
    token = ApiToken.objects.get(pk=response.data["id"])
    assert token.user == users[Role.INSTITUTION] and token.name == "脚本"
    assert key not in token.digest  # only the hash is kept
    me = api.get("me", key)
    assert me.status_code == 200 and me.data["username"] == "institution"
    assert me.data["organisation"]["name"] == "西安测试大学"


def test_token_refused_for_wrong_password(api, users):
    response = api.call("post", "tokens", body={"username": "institution", "password": "wrong-pass"})
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_token_endpoint_is_rate_limited(api, users):
    # A different user name each time: guesses at one name are locked out sooner (tests/accounts).
    statuses = [
        api.call("post", "tokens", body={"username": f"user-{n}", "password": "guess"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_missing_bad_and_good_keys(api, keys):
    assert api.get("me").status_code == 401
    assert api.get("me").headers["WWW-Authenticate"] == "Bearer"
    assert api.get("me", "ht_not-a-real-key").status_code == 401
    assert api.get("me", keys[Role.MANAGER]).data["role"] == Role.MANAGER


def test_bad_key_is_refused_even_on_public_reads(api, keys, achievement):
    assert api.get("achievements").status_code == 200
    assert api.get("achievements", "ht_not-a-real-key").status_code == 401


def test_non_bearer_scheme_is_refused(api, client, keys):
    response = client.get("/api/me", headers={"Authorization": f"Token {keys[Role.MANAGER]}"})
    assert response.status_code == 401


def test_inactive_user_key_is_refused(api, users, keys):
    users[Role.MANAGER].is_active = False
    users[Role.MANAGER].save()
    assert api.get("me", keys[Role.MANAGER]).status_code == 401


def test_session_works_for_reads_but_not_for_writes(api, client, users, university):
    client.force_login(users[Role.OPERATOR])
    assert api.get("me").data["username"] == "operator"
    body = {
        "title": "会话写入",
        "field": "new_materials",
        "summary": "不应写入",
        "organisations": [university.pk],
    }
    assert api.call("post", "achievements", body=body).status_code == 401
    assert not Achievement.objects.filter(title="会话写入").exists()


def test_list_and_revoke_own_tokens(api, users, keys):
    other, _ = ApiToken.issue(users[Role.MANAGER], "第二个")
    listed = api.get("tokens", keys[Role.MANAGER]).data
    assert {t["name"] for t in listed} == {"API", "第二个"} and all("key" not in t for t in listed)
    foreign = ApiToken.objects.get(user=users[Role.OPERATOR])
    assert api.call("delete", f"tokens/{foreign.pk}", keys[Role.MANAGER]).status_code == 404
    assert api.call("delete", f"tokens/{other.pk}", keys[Role.MANAGER]).status_code == 204
    assert not ApiToken.objects.filter(pk=other.pk).exists()
    assert ApiToken.objects.filter(pk=foreign.pk).exists()


def test_changes_through_the_api_are_audited_as_the_token_user(api, keys, university):
    body = {
        "title": "审计测试成果",
        "field": "new_materials",
        "summary": "用于审计",
        "organisations": [university.pk],
    }
    response = api.call("post", "achievements", keys[Role.INSTITUTION], body)
    assert response.status_code == 201
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Achievement),
        object_id=str(response.data["id"]),
        action=AuditEntry.Action.CREATE,
    )
    assert entry.actor.username == "institution" and entry.channel == "api"
