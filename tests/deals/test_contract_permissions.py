"""Who sees and does what with a contract record: the registrar sees submitted records, not drafts; a party sees
its deal's record but does not edit it; outsiders get a 404; the registry, import and export are the registrar's
and the operator's."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.deals import contracts
from hardtech.deals.models import Contract
from support.contract_helpers import form_fields, submitted


@pytest.fixture
def outsider(db, other_enterprise):
    return User.objects.create_user(
        "outsider", password="x", role=Role.ENTERPRISE, organisation=other_enterprise
    )


@pytest.fixture
def other_manager(db):
    return User.objects.create_user("other-manager", password="x", role=Role.MANAGER)


def _status(client, user, name, *args) -> int:
    client.force_login(user)
    return client.get(reverse(name, args=args)).status_code


def test_registrar_sees_submitted_not_drafts(client, deal, users):
    draft = contracts.draft_contract(users["manager"], deal, form_fields())
    assert _status(client, users["registrar"], "deals:contract", draft.pk) == 404
    client.force_login(users["registrar"])
    assert draft.project_name not in client.get(reverse("deals:registry")).content.decode()
    contracts.submit(users["manager"], draft)
    assert _status(client, users["registrar"], "deals:contract", draft.pk) == 200
    assert _status(client, users["registrar"], "deals:contract_edit", draft.pk) == 403


def test_submitted_come_first_in_the_queue(client, deal, users, achievement, demand):
    from hardtech.deals import services

    first = submitted(deal, users)
    contracts.register(users["registrar"], first)
    other = services.open_deal(
        users["manager"], title="待登记项目", achievements=[achievement], demands=[demand]
    )
    waiting = submitted(other, users, project_name="待登记项目")
    client.force_login(users["registrar"])
    html = client.get(reverse("deals:registry")).content.decode()
    assert html.index(waiting.project_name) < html.index(first.project_name)
    filtered = client.get(reverse("deals:registry"), {"status": "registered"}).content.decode()
    assert waiting.project_name not in filtered.split('id="registry"')[1]


def test_parties_see_their_deals_record(client, deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    for role in ("enterprise", "institution", "manager", "operator"):
        assert _status(client, users[role], "deals:contract", contract.pk) == 200
    assert _status(client, users["enterprise"], "deals:contract_edit", contract.pk) == 403
    assert _status(client, users["manager"], "deals:contract_edit", contract.pk) == 200


def test_outsiders_get_404(client, deal, users, outsider, other_manager):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    contracts.submit(users["manager"], contract)
    for user in (outsider, other_manager, users["expert"]):
        assert _status(client, user, "deals:contract", contract.pk) == 404
        assert _status(client, user, "deals:contract_new", deal.pk) == 404
    client.logout()
    assert client.get(reverse("deals:contract", args=[contract.pk])).status_code == 302


def test_registry_import_and_export_are_the_registrys(client, users):
    for name in ("deals:registry", "deals:contracts_import", "deals:contracts_export"):
        for role in ("registrar", "operator"):
            assert _status(client, users[role], name) == 200
        for role in ("manager", "enterprise", "institution", "expert"):
            assert _status(client, users[role], name) == 403


def test_registrar_steps_refused_to_the_team(client, deal, users):
    contract = submitted(deal, users)
    client.force_login(users["manager"])
    post = client.post(reverse("deals:contract_register", args=[contract.pk]), {"contract_type": "service"})
    assert post.status_code == 403
    assert client.post(reverse("deals:contract_return", args=[contract.pk]), {"note": "x"}).status_code == 403
    assert Contract.objects.get(pk=contract.pk).status == "submitted"
    assert _status(client, users["manager"], "deals:contract_correct", contract.pk) == 403
