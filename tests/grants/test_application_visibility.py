"""Who sees an application: its applicant's users and the operator (with the bank account), assigned reviewers
(without it); everyone else a 404 — the page, its documents and its receipt alike."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.grants import permissions
from support.grant_applications import submitted_application

pytestmark = pytest.mark.django_db

ACCOUNT = "6100123456789012"


@pytest.fixture
def app(applicant_user, call, applicant):
    return submitted_application(applicant_user, call, applicant)


def _page(client, user, app):
    client.force_login(user)
    return client.get(reverse("grants:application", args=[app.pk]))


def test_applicant_and_operator_see_the_bank_account(client, app, applicant_user, operator):
    for user in (applicant_user, operator):
        response = _page(client, user, app)
        assert response.status_code == 200 and ACCOUNT in response.content.decode()


def test_a_reviewer_sees_no_bank_details(client, app, users, monkeypatch):
    expert = users[Role.EXPERT]
    monkeypatch.setattr(
        permissions, "reviewer_application_ids", lambda user: {app.pk} if user == expert else set()
    )
    page = _page(client, expert, app).content.decode()
    assert "第8条 研发费用补助" in page
    assert ACCOUNT not in page and "收款账户" not in page and "029-88886666" not in page
    assert client.get(reverse("grants:receipt", args=[app.pk])).status_code == 404
    document = app.documents.first()
    assert client.get(reverse("grants:document", args=[document.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.EXPERT, Role.MANAGER, Role.INSTITUTION])
def test_others_get_a_404(client, app, users, role):
    assert _page(client, users[role], app).status_code == 404
    document = app.documents.first()
    assert client.get(reverse("grants:document", args=[document.pk])).status_code == 404
    assert client.get(reverse("grants:receipt", args=[app.pk])).status_code == 404


def test_anonymous_document_is_a_404(client, app):
    document = app.documents.first()
    assert client.get(reverse("grants:document", args=[document.pk])).status_code == 404


def test_another_enterprises_user_gets_a_404(client, app, other_enterprise):
    stranger = User.objects.create_user(
        "stranger", password="pass-1234", role=Role.ENTERPRISE, organisation=other_enterprise
    )
    assert _page(client, stranger, app).status_code == 404
