"""/api/review: the expert reads and edits their review profile (others 403), the operator invites and sees the
answers, the expert lists and answers their invitations (a decline without a reason is a 422)."""

from hardtech.accounts.models import Role
from support.round_helpers import call, items, make_round, panel


def test_profile_by_the_expert_and_the_operator(client, users):
    me, other = panel(2)
    body = {"available": False, "availability_note": "出国访问", "max_load_per_round": 4}
    put = call(client, "put", f"experts/{me.pk}/profile", me.user, body)
    assert (
        put.status_code == 200 and put.data["max_load_per_round"] == 4 and put.data["keywords"] == ["激光器"]
    )
    assert call(client, "get", f"experts/{me.pk}/profile", other.user).status_code == 403
    assert call(client, "put", f"experts/{me.pk}/profile", other.user, body).status_code == 403
    got = call(client, "get", f"experts/{me.pk}/profile", users[Role.OPERATOR]).data
    assert got["availability_note"] == "出国访问" and not got["available"]


def test_invitations_answered_and_seen_by_the_operator(client, users, university, enterprise):
    operator = users[Role.OPERATOR]
    yes, no = panel(2)
    round_ = make_round(operator, items(university, enterprise, 1), k=1)
    sent = call(client, "post", f"rounds/{round_.pk}/invitations", operator, {"experts": [yes.pk, no.pk]})
    assert sent.status_code == 200 and len(sent.data) == 2
    assert (
        call(client, "post", f"rounds/{round_.pk}/invitations", yes.user, {"experts": [no.pk]}).status_code
        == 404
    )

    [mine] = call(client, "get", "invitations", yes.user).data
    assert (
        call(client, "post", f"invitations/{mine['id']}/answer", yes.user, {"accept": True}).status_code
        == 200
    )
    [theirs] = call(client, "get", "invitations", no.user).data
    assert (
        call(client, "post", f"invitations/{theirs['id']}/answer", yes.user, {"accept": True}).status_code
        == 404
    )
    refused = call(client, "post", f"invitations/{theirs['id']}/answer", no.user, {"accept": False})
    assert refused.status_code == 422 and "理由" in str(refused.data)
    call(client, "post", f"invitations/{theirs['id']}/answer", no.user, {"accept": False, "reason": "在外地"})

    seen = call(client, "get", f"rounds/{round_.pk}/invitations", operator).data
    assert {(i["expert"], i["state"], i["reason"]) for i in seen} == {
        (yes.pk, "accepted", ""),
        (no.pk, "declined", "在外地"),
    }
    created = call(client, "post", f"rounds/{round_.pk}/assign", operator).data["created"]
    assert [a["expert"] for a in created] == [yes.pk]
