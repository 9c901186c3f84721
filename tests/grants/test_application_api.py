"""/api/grants/applications: the applicant's course through the API (start, save, bank, documents, pledge,
submit, withdraw) and the operator's check; visibility (404), permissions (403), states and versions (409), bad
input (422); bank details only for the applicant and the operator."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hardtech.accounts.models import ApiToken, Role
from hardtech.grants import permissions
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application, RequiredDocument
from support.api_calls import api_of
from support.grant_applications import bank_fields, pdf, submitted_application

pytestmark = pytest.mark.django_db

api = api_of("/api/grants")


def _upload(client, user, app, requirement, file):
    token = ApiToken.issue(user)[1]
    return client.post(
        f"/api/grants/applications/{app}/documents",
        {"requirement": requirement, "file": file},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_applicants_course(client, applicant_user, call, applicant):
    started = api(client, "post", "/applications", applicant_user, {"call": call.pk})
    assert started.status_code == 201
    app = started.data["id"]
    assert [i["article"] for i in started.data["items"]] == ["6", "7", "8", "9"]
    assert "pledge" in started.data["missing"]
    again = api(client, "post", "/applications", applicant_user, {"call": call.pk})
    assert again.status_code == 200 and again.data["id"] == app

    saved = api(
        client,
        "patch",
        f"/applications/{app}",
        applicant_user,
        {
            "articles": ["6"],
            "contact_name": "王经理",
            "contact_phone": "13912345678",
            "version": started.data["version"],
        },
    )
    assert saved.status_code == 200 and [i["article"] for i in saved.data["items"]] == ["6"]
    stale = api(client, "patch", f"/applications/{app}", applicant_user, {"summary": "x", "version": 1})
    assert stale.status_code == 409

    bad_bank = api(
        client,
        "post",
        f"/applications/{app}/bank",
        applicant_user,
        {**bank_fields(applicant), "account_number": "12"},
    )
    assert bad_bank.status_code == 422
    assert (
        api(client, "post", f"/applications/{app}/bank", applicant_user, bank_fields(applicant)).status_code
        == 200
    )

    requirement = RequiredDocument.objects.get(article__call=call, article__article="6").pk
    assert _upload(client, applicant_user, app, requirement, pdf("x.pdf", b"not a pdf")).status_code == 422
    uploaded = _upload(client, applicant_user, app, requirement, pdf())
    assert uploaded.status_code == 201

    assert api(client, "post", f"/applications/{app}/pledge", applicant_user).status_code == 200
    submitted = api(client, "post", f"/applications/{app}/submit", applicant_user)
    assert submitted.status_code == 200
    assert (
        submitted.data["status"] == ApplicationStatus.SUBMITTED and submitted.data["number"] == "SB2026000001"
    )
    assert submitted.data["items"][0]["requested"] == "40.00"
    assert api(client, "post", f"/applications/{app}/submit", applicant_user).status_code == 409


def test_an_incomplete_submit_is_a_422_naming_the_gaps(client, applicant_user, call, applicant):
    app = api(client, "post", "/applications", applicant_user, {"call": call.pk}).data["id"]
    response = api(client, "post", f"/applications/{app}/submit", applicant_user)
    assert response.status_code == 422
    where = {item["loc"][-1] for item in response.data["detail"]}
    assert {"documents", "bank", "pledge"} <= where


def test_check_by_the_operator(client, operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant)
    assert (
        api(client, "post", f"/applications/{app.pk}/check", applicant_user, {"action": "pass"}).status_code
        == 403
    )
    missing_deadline = api(
        client, "post", f"/applications/{app.pk}/check", operator, {"action": "return", "note": "补"}
    )
    assert missing_deadline.status_code == 422
    deadline = (timezone.now() + timedelta(days=2)).isoformat()
    returned = api(
        client,
        "post",
        f"/applications/{app.pk}/check",
        operator,
        {"action": "return", "note": "补", "deadline": deadline},
    )
    assert returned.status_code == 200 and returned.data["status"] == ApplicationStatus.RETURNED
    again = api(client, "post", f"/applications/{app.pk}/check", operator, {"action": "pass"})
    assert again.status_code == 409


def test_visibility_and_bank_details(client, users, applicant_user, call, applicant, monkeypatch):
    app = submitted_application(applicant_user, call, applicant)
    mine = api(client, "get", f"/applications/{app.pk}", applicant_user)
    assert mine.data["bank"]["account_number"] == "6100123456789012"
    assert api(client, "get", f"/applications/{app.pk}", users[Role.OPERATOR]).data["bank"] is not None
    assert api(client, "get", f"/applications/{app.pk}", users[Role.MANAGER]).status_code == 404
    assert api(client, "get", "/applications", users[Role.MANAGER]).data["count"] == 0
    expert = users[Role.EXPERT]
    monkeypatch.setattr(
        permissions, "reviewer_application_ids", lambda user: {app.pk} if user == expert else set()
    )
    seen = api(client, "get", f"/applications/{app.pk}", expert)
    assert seen.status_code == 200 and seen.data["bank"] is None and seen.data["contact_phone"] is None
    assert api(client, "post", f"/applications/{app.pk}/withdraw", expert).status_code == 403


def test_the_operators_list_leaves_drafts_out(client, operator, applicant_user, call, applicant):
    api(client, "post", "/applications", applicant_user, {"call": call.pk})
    assert api(client, "get", "/applications", operator).data["count"] == 0
    assert api(client, "get", "/applications", operator, status="draft").data["count"] == 1
    assert api(client, "get", "/applications", applicant_user).data["count"] == 1


def test_writes_need_a_token(client, applicant_user, call):
    client.force_login(applicant_user)
    assert (
        client.post(
            "/api/grants/applications", {"call": call.pk}, content_type="application/json"
        ).status_code
        == 401
    )
    assert not Application.objects.exists()
