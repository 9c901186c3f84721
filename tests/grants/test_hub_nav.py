"""The nav's 政策兑现 leads to the grants hub and stays lit on the hub, the call pages and the policy pages (the
calculator, 一企一档), which the hub links to."""

import re

import pytest
from django.urls import reverse

from support.deal_pages import client_as

pytestmark = pytest.mark.django_db


def _lit(html: str) -> list[str]:
    """The labels of the nav links marked as the current section."""
    return re.findall(r'<a href="[^"]*" class="active" aria-current="page">([^<]+)</a>', html)


@pytest.mark.parametrize("name", ["grants:index", "policies:calculator", "policies:index"])
def test_grants_is_lit_on_its_pages(client, name):
    html = client.get(reverse(name)).content.decode()
    assert "政策兑现" in _lit(html)


def test_grants_is_lit_on_a_call_page(call, client):
    html = client.get(reverse("grants:call", args=[call.pk])).content.decode()
    assert "政策兑现" in _lit(html)


def test_grants_is_not_lit_elsewhere(users):
    html = client_as(users["operator"]).get(reverse("events:list")).content.decode()
    assert "政策兑现" not in _lit(html)
