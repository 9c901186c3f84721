"""公示结束: only after the last day and with no objection open; each entry on the notice becomes an approval
in the ledger and its application is 已确定（待拨付）; withdrawn entries are not approved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, notices
from hardtech.grants.choices import ApplicationStatus, NoticeStatus
from support.grant_reviews import decided, ended, item_of, published, second_applicant

pytestmark = pytest.mark.django_db


def _objection(notice, entry=None, content="该企业研发费用数据与审计报告不一致。"):
    return notices.lodge_objection(
        None, notice, entry=entry, name="匿名群众", phone="13912345678", content=content
    )


def test_not_before_the_notice_has_run(operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    with pytest.raises(ValidationError, match="公示期满后"):
        notices.finalise_notice(operator, notice)
    assert ledger.balances(notice.entries.get().item) == ledger.Balances()


def test_open_objections_block_the_final_list(operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    _objection(notice)
    with pytest.raises(ValidationError, match="还有 1 条异议待处理"):
        notices.finalise_notice(operator, ended(notice))


def test_entries_become_payable_and_applications_approved(operator, applicant_user, applicant, call):
    other, other_user = second_applicant()
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00", "7": "10.00"})
    rival = decided(other_user, operator, call, other, {"6": "40.00"})
    notice = published(operator, call)
    objection = _objection(notice, notice.entries.get(item__application=rival))
    notices.resolve_objection(operator, objection, upheld=True, reason="经核实研发费用数据有误")
    final = notices.finalise_notice(operator, ended(notice))
    assert final.status == NoticeStatus.FINAL and final.finalised_at is not None
    assert ledger.balances(item_of(app, "6")).payable == Decimal("40.00")
    assert ledger.balances(item_of(app, "7")).payable == Decimal("10.00")
    assert ledger.balances(item_of(rival, "6")) == ledger.Balances()
    app.refresh_from_db()
    rival.refresh_from_db()
    assert (app.status, rival.status) == (ApplicationStatus.APPROVED, ApplicationStatus.CHECKED)
    with pytest.raises(WrongState):
        notices.finalise_notice(operator, final)
