"""What the browser tests do the same way: sign in and out through the login form, and collect what the
Content-Security-Policy refused."""

import re

from django.urls import reverse

PASSWORD = "pass-1234"  # every fixture user's (tests/conftest.py)


def log_in(page, username: str) -> None:
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def log_out(page) -> None:
    page.click("text=退出")
    page.wait_for_selector("a.button:has-text('登录')")


def csp_refusals(page) -> list[str]:
    """A list that fills with the console's Content-Security-Policy messages from now on."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused
