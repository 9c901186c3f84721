"""Browsers signed in as fixture users, for the 登录会话 tests."""

from django.test import Client

from hardtech.accounts.models import User, UserSession

PASSWORD = "pass-1234"
CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"


def signed_in(user: User, **meta) -> Client:
    """A browser that signed in through the login page (so the login signal saw its request)."""
    client = Client(**meta)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return client


def row_of(client: Client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def is_signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200
