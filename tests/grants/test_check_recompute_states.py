"""重新测算 only while the amounts are undecided (已提交, 形式审查通过, 专家评审中): an application 已确定 keeps
the computed amounts its notice and award stand on, and its pages offer no 重新测算 button."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from support.grant_applications import submitted_application
from support.grant_awards import award

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(operator, call, applicant):
    # computed 1.00 although the engine pays more on the applicant's data now: a reassessment would change it
    return award(operator, call, applicant, {"6": "1.00"})


def test_an_approved_application_is_not_recomputed(operator, approved):
    with pytest.raises(WrongState):
        services.recompute(operator, approved)
    assert approved.items.get().computed == Decimal("1.00")


def test_the_buttons_and_their_posts(client, operator, approved):
    client.force_login(operator)
    page = client.get(reverse("grants:application", args=[approved.pk])).content.decode()
    assert 'id="recompute"' not in page
    decide = client.get(reverse("grants:decide", args=[approved.pk])).content.decode()
    assert 'id="recompute"' not in decide
    for name in ("grants:application_recompute", "grants:decide_recompute"):
        response = client.post(reverse(name, args=[approved.pk]), follow=True)
        assert response.status_code == 200
        assert "不能再重新测算" in response.content.decode()
    assert approved.items.get().computed == Decimal("1.00")


def test_a_submitted_application_is_recomputed(client, operator, applicant_user, call, applicant):
    app = submitted_application(applicant_user, call, applicant, ["6"])
    client.force_login(operator)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert 'id="recompute"' in page
    assert services.recompute(operator, app) == []
