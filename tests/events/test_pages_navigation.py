"""对接活动 in the site navigation, for everyone (the list shows each visitor the events they may see)."""

from django.urls import reverse

from support.deal_pages import client_as


def test_events_in_navigation(users, event):
    for user in (None, users["enterprise"], users["operator"]):
        response = client_as(user).get(reverse("events:detail", args=[event.pk]))
        item = next(i for i in response.context["nav"] if i["url"] == reverse("events:list"))
        assert item["label"] == "对接活动" and item["active"]
