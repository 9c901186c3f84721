"""Every page sends a Content-Security-Policy that forbids inline script (issue 9 item 1), and no template needs
what it forbids: no inline script, event-handler attribute, style attribute or <style> element."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import hardtech
from hardtech.accounts.models import Role
from hardtech.api import docs
from hardtech.catalogue.models import Attachment

pytestmark = pytest.mark.django_db

SOURCE = Path(hardtech.__file__).parent
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/achievements/"),
    ("anonymous", "/login/"),
    ("anonymous", "/api/docs"),
    ("anonymous", "/admin/login/"),
    ("anonymous", "/policy/calculator/"),
    (Role.OPERATOR, "/admin/catalogue/achievement/"),
    (Role.OPERATOR, "/policy/"),
    (Role.OPERATOR, "/review/"),
    (Role.INSTITUTION, "/achievements/new/"),
]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_every_page_forbids_inline_script(client_for, users, role, url):
    # As `hardtech createuser` makes an operator: staff and superuser, so the admin opens.
    users[Role.OPERATOR].is_staff = users[Role.OPERATOR].is_superuser = True
    users[Role.OPERATOR].save()
    response = client_for(role).get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_attachment_policy_replaces_the_site_policy(client, achievement):
    """A file gets a narrower policy of its own (see test_attachments), not the site's and not both."""
    attachment = Attachment.objects.create(
        achievement=achievement, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), name="a.pdf"
    )
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert directives(response["Content-Security-Policy"])["default-src"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style\b", re.I)


MARKUP = {str(path.relative_to(SOURCE)): path.read_text() for path in SOURCE.rglob("templates/**/*.html")}
MARKUP["api/docs.py"] = docs.PAGE.source


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_templates_need_no_inline_script_or_style(name):
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE):
        found = pattern.search(MARKUP[name])
        assert not found, f"{name}: {found and found.group(0)}"
