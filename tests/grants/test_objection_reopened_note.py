"""An application reopened by an upheld objection shows its note as 公示异议处理意见, not 形式审查意见."""

import pytest
from django.urls import reverse

from hardtech.grants import notices
from support.grant_reviews import decided, published

pytestmark = pytest.mark.django_db


def test_the_reopened_note_is_labelled(client, operator, applicant_user, applicant, call):
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00"})
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
    client.force_login(applicant_user)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "公示异议处理意见" in page and "经核实属实" in page
    assert "形式审查意见" not in page
