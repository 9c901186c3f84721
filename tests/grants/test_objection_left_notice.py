"""An objection on an entry that has already left its notice (withdrawn by another upheld objection, its
application reopened and on a newer notice) cannot be upheld: nothing is reset or reopened; it may be dismissed."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.grants import decisions, notices
from hardtech.grants.choices import ApplicationStatus, Decision, ObjectionStatus
from support.grant_reviews import decided, item_of, published

pytestmark = pytest.mark.django_db

TEXT = "该企业研发费用归集存在问题，请核实。"


def _lodge(notice, article, phone="13812345678"):
    entry = notice.entries.get(article=article)
    return notices.lodge_objection(None, notice, entry=entry, name="李女士", phone=phone, content=TEXT)


def test_an_entry_gone_from_its_notice_is_not_upheld(operator, applicant_user, applicant, call):
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00", "7": "10.00"})
    first = published(operator, call)
    on_six, on_seven = _lodge(first, "6"), _lodge(first, "7", "13912345678")
    notices.resolve_objection(operator, on_seven, upheld=True, reason="认定已撤销，属实")
    app.refresh_from_db()
    decisions.decide(operator, item_of(app, "7"), approve=False, reason="认定已撤销")
    decisions.conclude(operator, app)
    second = published(operator, call)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_NOTICE

    with pytest.raises(ValidationError) as refused:
        notices.resolve_objection(operator, on_six, upheld=True, reason="属实")
    assert "已撤出本次公示" in str(refused.value)
    app.refresh_from_db()
    six = item_of(app, "6")
    assert app.status == ApplicationStatus.IN_NOTICE and six.decision == Decision.APPROVED
    assert not second.entries.filter(withdrawn=True).exists()

    done = notices.resolve_objection(operator, on_six, upheld=False, reason="该条目已撤出原公示，见新公示")
    assert done.status == ObjectionStatus.DISMISSED
