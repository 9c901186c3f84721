"""A form posted after the application left the state that shows it (submitted in another tab) is refused with a
message and a redirect to the page as it now is, never the page with a form it no longer has."""

import pytest
from django.urls import reverse

from support.grant_applications import PHONE, bank_fields, submitted_application

pytestmark = pytest.mark.django_db


def test_save_and_bank_after_submitting(client, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, ["6"])
    client.force_login(applicant_user)
    posts = {
        "grants:application_save": {"articles": ["6"], "summary": "改", "contact_phone": PHONE},
        "grants:application_bank": bank_fields(applicant),
    }
    for name, data in posts.items():
        response = client.post(reverse(name, args=[app.pk]), data, follow=True)
        assert response.redirect_chain, name
        assert "未能保存" in response.content.decode()
    app.refresh_from_db()
    assert app.summary != "改"
