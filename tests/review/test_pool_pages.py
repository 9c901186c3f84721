"""专家库 pages: the expert edits their own review profile (catalogue fields and 代表成果 shown), not another's;
the operator invites from the round page and sees who accepted; the expert answers from 我的评审."""

from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.review import pool
from hardtech.review.models import Invitation
from support.round_helpers import items, make_round, panel


def test_expert_edits_own_profile_only(client, users):
    me, other = panel(2)
    client.force_login(me.user)
    page = client.get(reverse("review:my_profile")).content.decode()
    assert "激光器" in page and "代表成果" in page
    response = client.post(
        reverse("review:my_profile"),
        {"availability_note": "7 月出差", "max_load_per_round": "3"},
        follow=True,
    )
    assert "评审档案已保存" in response.content.decode()
    profile = pool.profile_of(me)
    assert (
        not profile.available and profile.max_load_per_round == 3 and profile.availability_note == "7 月出差"
    )
    assert client.get(reverse("review:expert_profile", args=[other.pk])).status_code == 403
    client.force_login(users[Role.OPERATOR])
    assert client.get(reverse("review:expert_profile", args=[other.pk])).status_code == 200


def test_operator_invites_and_sees_who_accepted(client, users, university, enterprise):
    operator = users[Role.OPERATOR]
    yes, no = panel(2)
    round_ = make_round(operator, items(university, enterprise, 1), k=1)
    client.force_login(operator)
    detail = reverse("review:round_detail", args=[round_.pk])
    response = client.post(
        reverse("review:round_invite", args=[round_.pk]), {"experts": [yes.pk, no.pk]}, follow=True
    )
    assert "已邀请 2 位专家" in response.content.decode()

    for expert, answer in ((yes, {"accept": "1"}), (no, {"accept": "0", "reason": ""})):
        client.force_login(expert.user)
        invitation = Invitation.objects.get(expert=expert)
        assert (
            reverse("review:invitation", args=[invitation.pk])
            in client.get(reverse("review:my_reviews")).content.decode()
        )
        response = client.post(reverse("review:invitation", args=[invitation.pk]), answer)
        if expert == no:
            assert "谢绝邀请请说明理由" in response.content.decode()
            client.post(
                reverse("review:invitation", args=[invitation.pk]), {"accept": "0", "reason": "时间冲突"}
            )
    client.force_login(no.user)
    assert (
        client.get(reverse("review:invitation", args=[Invitation.objects.get(expert=yes).pk])).status_code
        == 403
    )

    client.force_login(operator)
    page = client.get(detail).content.decode()
    assert "已接受" in page and "已谢绝" in page and "时间冲突" in page
