"""What the deal page tests share: a signed-in client, a deal made by hand, the messages a page showed."""

from django.contrib.messages import get_messages
from django.test import Client

from hardtech.deals import services


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def shown_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def make_deal(lead, *, title: str, achievements=(), demands=(), sellers=(), buyers=(), amount=None, by=None):
    """A deal opened through the services (by the operator for another lead when `by` is given)."""
    return services.open_deal(
        by or lead,
        title=title,
        achievements=achievements,
        demands=demands,
        sellers=sellers,
        buyers=buyers,
        amount=amount,
        lead=lead,
    )
