"""Finalising a notice whose entries have all left it says there is nothing supported (无支持事项), not that
amounts went to the ledger."""

import pytest
from django.urls import reverse

from hardtech.grants import notices
from hardtech.grants.choices import NoticeStatus
from hardtech.grants.models import JournalEntry
from support.grant_reviews import decided, ended, published

pytestmark = pytest.mark.django_db


def test_an_empty_notice_finalised(client, operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    objection = notices.lodge_objection(
        None,
        notice,
        entry=notice.entries.get(),
        name="李女士",
        phone="13812345678",
        content="研发费用归集不实，请核实。",
    )
    notices.resolve_objection(operator, objection, upheld=True, reason="经核实属实")
    notice = ended(notice)
    client.force_login(operator)
    response = client.post(reverse("grants:notice_finalise", args=[notice.pk]), follow=True)
    page = response.content.decode()
    assert "无支持事项" in page and "支持金额已记入资金台账" not in page
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FINAL and not JournalEntry.objects.exists()
