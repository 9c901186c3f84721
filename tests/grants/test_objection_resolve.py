"""处理异议: 成立 — the application's entries leave the notice, the objected article is 待审定 again, the
application back to 审定 and its applicant told; 不成立 — with a reason, the notice stands."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import decisions, notices
from hardtech.grants.choices import ApplicationStatus, Decision, ObjectionStatus
from hardtech.notifications.models import Notification
from support.grant_reviews import decided, item_of, published

pytestmark = pytest.mark.django_db

TEXT = "第七条专精特新认定已被撤销，请核实。"


@pytest.fixture
def app(operator, applicant_user, applicant, call):
    return decided(applicant_user, operator, call, applicant, {"6": "40.00", "7": "10.00"})


def _lodge(notice, article, user=None):
    entry = notice.entries.get(article=article)
    return notices.lodge_objection(
        user, notice, entry=entry, name="李女士", phone="13812345678", content=TEXT
    )


def test_upheld_sends_the_article_back(operator, applicant_user, app, call):
    notice = published(operator, call)
    objection = notices.resolve_objection(
        operator, _lodge(notice, "7"), upheld=True, reason="认定已撤销，属实"
    )
    assert objection.status == ObjectionStatus.UPHELD and objection.resolution == "认定已撤销，属实"
    assert list(notice.entries.values_list("withdrawn", flat=True)) == [True, True]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CHECKED
    assert (item_of(app, "7").decision, item_of(app, "7").approved_amount) == (Decision.PENDING, None)
    assert item_of(app, "6").decision == Decision.APPROVED
    assert Notification.objects.filter(recipient=applicant_user, title__contains="公示异议").exists()
    # 重新审定 and a second notice
    decisions.decide(operator, item_of(app, "7"), approve=False, reason="认定已撤销")
    decisions.conclude(operator, app)
    again = published(operator, call)
    assert [(e.article, e.amount) for e in again.entries.all()] == [("6", Decimal("40.00"))]


def test_dismissed_needs_a_reason_and_tells_a_signed_in_objector(operator, users, app, call):
    notice = published(operator, call)
    objector = users["institution"]
    objection = _lodge(notice, "7", objector)
    with pytest.raises(ValidationError) as refused:
        notices.resolve_objection(operator, objection, upheld=False, reason=" ")
    assert "reason" in refused.value.message_dict
    done = notices.resolve_objection(operator, objection, upheld=False, reason="认定在有效期内，异议不成立")
    assert done.status == ObjectionStatus.DISMISSED
    assert not notice.entries.filter(withdrawn=True).exists()
    assert Notification.objects.filter(recipient=objector, title__contains="异议不成立").exists()
    with pytest.raises(WrongState):
        notices.resolve_objection(operator, done, upheld=True, reason="再议")


def test_a_general_objection_cannot_be_upheld(operator, app, call):
    notice = published(operator, call)
    objection = notices.lodge_objection(None, notice, name="李女士", phone="13812345678", content=TEXT)
    with pytest.raises(ValidationError, match="未指向具体公示条目"):
        notices.resolve_objection(operator, objection, upheld=True, reason="属实")


def test_only_the_operator_resolves(applicant_user, operator, app, call):
    objection = _lodge(published(operator, call), "6")
    with pytest.raises(PermissionDenied):
        notices.resolve_objection(applicant_user, objection, upheld=False, reason="无")
