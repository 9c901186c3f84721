"""Stored XSS through attachments (issue 9 item 1), in a real browser.

An institution attaches HTML files dressed as a PDF and as a JPEG to its pending achievement; their script
would retitle the page and approve the listing with the operator's CSRF token. The operator opens both from
the listing's page: no script runs, and the listing is still pending.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.catalogue.choices import ListingStatus
from support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = """<html><head><title>report</title></head><body><script>
document.title = "pwned";
fetch("{approve}", {{
  method: "POST",
  credentials: "same-origin",
  headers: {{"X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)[1]}},
}}).then(() => {{ document.title = "approved"; }});
</script></body></html>"""


def test_uploaded_html_runs_no_script_for_the_operator(page, users, achievement):
    achievement.status = ListingStatus.PENDING
    achievement.save()
    detail = reverse("achievement_detail", args=[achievement.pk])
    script = SCRIPT.format(approve=reverse("achievement_approve", args=[achievement.pk])).encode()

    log_in(page, users[Role.INSTITUTION].username)
    page.goto(reverse("achievement_edit", args=[achievement.pk]))
    page.set_input_files(
        "#id_attachments",
        [
            {"name": "report.html", "mimeType": "text/html", "buffer": b"%PDF-1.4\n" + script},
            {"name": "photo.html", "mimeType": "text/html", "buffer": b"\xff\xd8\xff\xe0" + script},
        ],
    )
    page.click("form.form button:has-text('保存')")
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    page.click("text=退出")

    log_in(page, users[Role.OPERATOR].username)
    page.goto(detail)
    titles = []
    for name in ("report.html", "photo.html"):
        with page.expect_popup() as opened:
            page.click(f".files a:has-text('{name}')")
        popup = opened.value
        # Idle network: a fetch the script started would have finished by now.
        popup.wait_for_load_state("networkidle")
        titles.append(popup.title())
        popup.close()

    assert "pwned" not in titles and "approved" not in titles
    expect(page).not_to_have_title(re.compile("pwned|approved"))
    achievement.refresh_from_db()
    assert achievement.status == ListingStatus.PENDING
