"""Affinities come from the matching engine: with one reviewer per item, the engine picks the expert whose
profile matches the item's text over another of the same field."""

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Expert
from hardtech.matching import services as matching
from hardtech.review import services
from hardtech.review.models import Assignment
from support.round_helpers import make_round, outside_institute


def _expert(name: str, username: str, fields: list[str], keywords: list[str], bio: str) -> Expert:
    user = User.objects.create_user(username, password="pass-1234", role=Role.EXPERT)
    return Expert.objects.create(
        name=name, organisation=outside_institute(), fields=fields, keywords=keywords, bio=bio, user=user
    )


def test_the_matching_expert_is_chosen(users, demand):
    laser = _expert(
        "激光专家",
        "laser",
        ["electronic_information"],
        ["激光器", "散热", "封装"],
        "半导体激光器散热与封装。",
    )
    # The same field, so that only the matching engine's reading of the texts tells them apart.
    _expert("医药专家", "pharma", ["electronic_information"], ["抗体", "疫苗"], "长期从事抗体药物研究。")
    matching.rebuild()
    round_ = make_round(users[Role.OPERATOR], [demand], k=1)

    [chosen] = services.run_assignment(users[Role.OPERATOR], round_)

    assert chosen.expert == laser
    scores = services.affinities(services.candidates(), list(round_.items.all()))
    assert scores[(laser.pk, chosen.item_id)] == 1.0 > max(v for (e, _), v in scores.items() if e != laser.pk)
    assert Assignment.objects.count() == 1
