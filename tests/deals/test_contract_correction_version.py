"""A correction is based on the version the registrar read: a record changed since then (by another correction)
is a conflict, checked under the row lock — in the service, through the API (`version` or If-Match: a 409) and
on the correction page (the form's hidden version: the page shows the conflict)."""

import json

import pytest
from django.urls import reverse

from hardtech.accounts.models import ApiToken
from hardtech.catalogue.services import Conflict
from hardtech.deals import contracts
from hardtech.deals.models import Contract
from support.contract_helpers import registered, signed
from support.form_post import posted_fields


def test_the_service_refuses_a_stale_version(deal, users):
    contract = registered(signed(deal, users), users)
    seen = contract.version
    contracts.correct(users["registrar"], contract, {"project_name": "更正A"}, reason="A", version=seen)
    with pytest.raises(Conflict):
        contracts.correct(users["registrar"], contract, {"project_name": "更正B"}, reason="B", version=seen)
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.project_name == "更正A" and stored.revisions.count() == 1


def _correct(client, contract, user, body, headers=None):
    token = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}
    return client.post(
        f"/api/deals/contracts/{contract.pk}/correct",
        data=json.dumps(body),
        content_type="application/json",
        headers={**token, **(headers or {})},
    )


def test_the_api_answers_a_stale_if_match_or_version_with_409(client, deal, users):
    contract = registered(signed(deal, users), users)
    registrar, stale = users["registrar"], contract.version
    first = _correct(
        client, contract, registrar, {"reason": "A", "project_name": "更正A"}, {"If-Match": f'"{stale}"'}
    )
    assert first.status_code == 200, first.content
    by_header = _correct(
        client, contract, registrar, {"reason": "B", "project_name": "更正B"}, {"If-Match": f'"{stale}"'}
    )
    assert by_header.status_code == 409
    by_body = _correct(
        client, contract, registrar, {"reason": "B", "project_name": "更正B", "version": stale}
    )
    assert by_body.status_code == 409
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.project_name == "更正A" and stored.revisions.count() == 1
    fresh = _correct(
        client,
        contract,
        registrar,
        {"reason": "B", "project_name": "更正B"},
        {"If-Match": f'"{stored.version}"'},
    )
    assert fresh.status_code == 200 and json.loads(fresh.content)["project_name"] == "更正B"


def test_the_page_shows_the_conflict_of_a_stale_form(client, deal, users):
    contract = registered(signed(deal, users), users)
    client.force_login(users["registrar"])
    url = reverse("deals:contract_correct", args=[contract.pk])
    data = {k: v[0] if len(v) == 1 else v for k, v in posted_fields(client.get(url).content.decode()).items()}
    contracts.correct(users["registrar"], contract, {"project_name": "他人先更正"}, reason="先")
    data.update(paid_amount="45", reason="以银行回单为准")
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.project_name == "他人先更正" and stored.revisions.count() == 1
