"""Year serials (core.numbering): a stored record gets its number without a second row; numbers run on."""

from hardtech.core.numbering import save_numbered
from hardtech.grants.models import Application
from support.grant_fixtures import open_call


def test_a_stored_record_is_numbered_in_place(users, enterprise):
    call = open_call(users["operator"])
    first = Application.objects.create(call=call, applicant=enterprise)
    save_numbered(first, "number", "SB2026")
    first.refresh_from_db()
    assert first.number == "SB2026000001"
    assert Application.objects.count() == 1


def test_numbers_follow_the_highest_of_the_prefix(users, enterprise, other_enterprise):
    call = open_call(users["operator"])
    Application.objects.create(call=call, applicant=enterprise, number="SB2026000041")
    second = Application(call=call, applicant=other_enterprise)
    save_numbered(second, "number", "SB2026")
    assert second.number == "SB2026000042" and second.pk is not None
