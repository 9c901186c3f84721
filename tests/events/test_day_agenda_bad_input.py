"""The agenda and its calendar file answer 404, not a server error, to a registration number that is not
plain ASCII digits (Unicode digits such as "²", which str.isdigit takes) or is too long for an id."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from support.deal_pages import client_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["²", "١٢", "99999999999999999999999999"])
@pytest.mark.parametrize("name", ["events:agenda", "events:agenda_ics"])
@pytest.mark.parametrize("who", ["supply", "operator"])
def test_a_registration_number_not_in_ascii_digits_is_not_found(event, supply, users, asked, name, who):
    c = client_as(supply.user if who == "supply" else users[Role.OPERATOR])
    c.raise_request_exception = False
    answer = c.get(reverse(name, args=[event.pk]) + "?registration=" + quote(asked))
    assert answer.status_code == 404
