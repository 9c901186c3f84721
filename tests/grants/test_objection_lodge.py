"""异议: anyone may object while the notice runs, with a valid phone; an identical repeat is refused; the
operators are told."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.grants import notices
from hardtech.grants.choices import ObjectionStatus
from hardtech.notifications.models import Notification
from support.grant_fixtures import open_call
from support.grant_reviews import decided, ended, published, second_applicant

pytestmark = pytest.mark.django_db

TEXT = "该企业高新技术企业证书系转让所得，请核实。"


@pytest.fixture
def notice(operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    return published(operator, call)


def test_anyone_objects_signed_out(operator, notice):
    entry = notice.entries.get()
    objection = notices.lodge_objection(
        None,
        notice,
        entry=entry,
        name="张先生",
        phone="029-88886666",
        email="zhang@example.com",
        content=TEXT,
    )
    assert objection.status == ObjectionStatus.OPEN and objection.lodged_by is None
    assert objection.entry == entry and objection.phone == "029-88886666"
    assert Notification.objects.filter(recipient=operator, title__contains="收到异议").exists()


def test_bad_contact_details_are_refused_by_field(notice):
    with pytest.raises(ValidationError) as refused:
        notices.lodge_objection(None, notice, name="", phone="12345", email="not-mail", content="短")
    assert set(refused.value.message_dict) == {"name", "phone", "email", "content"}
    assert "联系电话“12345”格式不正确" in refused.value.message_dict["phone"][0]
    assert not notice.objections.exists()


def test_an_identical_repeat_is_refused(notice):
    notices.lodge_objection(None, notice, name="张先生", phone="13912345678", content=TEXT)
    with pytest.raises(ValidationError, match="请勿重复提交"):
        notices.lodge_objection(None, notice, name="张先生", phone="139 1234 5678", content=f" {TEXT} ")
    assert notice.objections.count() == 1


def test_not_after_the_notice_has_ended(notice):
    with pytest.raises(ValidationError, match="现在不能提出异议"):
        notices.lodge_objection(None, ended(notice), name="张先生", phone="13912345678", content=TEXT)


def test_an_entry_of_another_notice_is_refused(operator, notice):
    other, other_user = second_applicant()
    later = open_call(operator)
    decided(other_user, operator, later, other, {"6": "40.00"})
    foreign = published(operator, later).entries.get()
    with pytest.raises(ValidationError) as refused:
        notices.lodge_objection(None, notice, entry=foreign, name="张先生", phone="13912345678", content=TEXT)
    assert "entry" in refused.value.message_dict
