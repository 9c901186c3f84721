"""登录会话 are recorded: a login records the session with its user, client address (behind the configured
proxies) and a summary of its user agent; a logout removes it; its last activity is written at most once a
minute, and a session signed in before sessions were recorded is recorded at its next request."""

from django.test import modify_settings

from hardtech.accounts.models import Role, UserSession
from hardtech.accounts.sessions import SEEN_KEY, summarise_user_agent
from support.session_clients import CHROME_ON_WINDOWS, row_of, signed_in

ACTIVITY = modify_settings(MIDDLEWARE={"append": "hardtech.accounts.sessions.session_activity"})


def test_a_login_records_the_session(users):
    client = signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT=CHROME_ON_WINDOWS)
    row = row_of(client)
    assert row.user == users[Role.MANAGER]
    assert (row.ip_address, row.user_agent) == ("10.0.0.7", "Chrome 120 · Windows")
    assert row.session_key not in client.get("/account/").content.decode()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(users, settings):
    settings.HARDTECH_PROXY_COUNT = 1
    client = signed_in(
        users[Role.MANAGER], REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert row_of(client).ip_address == "203.0.113.9"


def test_user_agents_are_summarised():
    android_wechat = (
        "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        "Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.44"
    )
    iphone_safari = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.1 Mobile/15E148 Safari/604.1"
    )
    assert summarise_user_agent(android_wechat) == "微信 8 · Android"
    assert summarise_user_agent(iphone_safari) == "Safari 17 · iOS"
    assert summarise_user_agent("python-requests/2.31.0") == "python-requests/2.31.0"
    assert summarise_user_agent("") == ""


def test_a_logout_removes_the_record(users):
    client = signed_in(users[Role.MANAGER])
    key = client.session.session_key
    other = signed_in(users[Role.MANAGER])
    client.post("/logout/")
    assert not UserSession.objects.filter(session_key=key).exists()
    assert list(UserSession.objects.all()) == [row_of(other)]


@ACTIVITY
def test_last_activity_is_written_at_most_once_a_minute(users):
    client = signed_in(users[Role.MANAGER])
    long_ago = row_of(client).last_seen.replace(year=2020)
    UserSession.objects.update(last_seen=long_ago)
    client.get("/account/")
    assert row_of(client).last_seen == long_ago  # seen at login, less than a minute ago
    session = client.session
    session[SEEN_KEY] -= 61
    session.save()
    client.get("/account/")
    assert row_of(client).last_seen > long_ago


@ACTIVITY
def test_a_session_from_before_the_record_is_recorded_at_its_next_request(users):
    client = signed_in(users[Role.MANAGER])
    UserSession.objects.all().delete()
    session = client.session
    del session[SEEN_KEY]
    session.save()
    assert "当前会话" in client.get("/account/").content.decode()
    assert row_of(client).user == users[Role.MANAGER]
