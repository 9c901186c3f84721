"""The sample zone holds a review round assigned to the demo experts and open for scoring; a re-run leaves it."""

from hardtech.demo.loader import load_demo
from hardtech.review.models import Assignment, Round


def test_demo_round_is_assigned_once(db, settings):
    load_demo()
    round_ = Round.objects.get()
    assert round_.state == "scoring" and round_.items.count() == 4
    assert Assignment.objects.filter(item__round=round_).count() == 8
    assert {a.expert.user.username for a in Assignment.objects.all()} <= {
        "demo-expert-chen",
        "demo-expert-sun",
        "demo-expert-ren",
    }
    load_demo()
    assert Round.objects.count() == 1 and Assignment.objects.count() == 8
