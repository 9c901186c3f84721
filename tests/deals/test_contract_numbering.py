"""技术合同登记号: year + the zone's region code + a 6-digit serial, sequential per year and unique — a number
taken meanwhile by a concurrent registration is retried; numbers in the wrong form are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hardtech.deals import contracts, services
from hardtech.deals.models import Contract
from hardtech.deals.validators import validate_registration_no
from support.contract_helpers import ZONE, form_fields, registered, submitted


def _another_deal(users, achievement, demand, title):
    return services.open_deal(users["manager"], title=title, achievements=[achievement], demands=[demand])


def test_numbers_run_on_per_year(deal, users, achievement, demand):
    year = timezone.localdate().year
    first = registered(deal, users)
    second = registered(_another_deal(users, achievement, demand, "第二个项目"), users)
    assert first.registration_no == f"{year}{ZONE}000001"
    assert second.registration_no == f"{year}{ZONE}000002"
    validate_registration_no(second.registration_no)


def test_other_years_and_registries_do_not_count(deal, users, achievement, demand):
    year = timezone.localdate().year
    other = _another_deal(users, achievement, demand, "往年项目")
    old = contracts.draft_contract(users["manager"], other, form_fields())
    Contract.objects.filter(pk=old.pk).update(registration_no=f"{year - 1}{ZONE}000041")
    third = _another_deal(users, achievement, demand, "外地登记")
    elsewhere = contracts.draft_contract(users["manager"], third, form_fields())
    Contract.objects.filter(pk=elsewhere.pk).update(registration_no=f"{year}110108000777")
    assert registered(deal, users).registration_no == f"{year}{ZONE}000001"
    assert contracts.next_registration_no(year - 1) == f"{year - 1}{ZONE}000042"


def test_a_number_taken_meanwhile_is_retried(deal, users, achievement, demand, monkeypatch):
    """Two registrations read the same last number: the second one's save hits the unique constraint and it
    takes the next number instead of failing or duplicating."""
    year = timezone.localdate().year
    first = registered(deal, users)
    contract = submitted(_another_deal(users, achievement, demand, "并发登记"), users)
    real = contracts.next_registration_no
    calls = []

    def stale(y):  # the first read happened before `first` committed
        calls.append(y)
        return first.registration_no if len(calls) == 1 else real(y)

    monkeypatch.setattr(contracts, "next_registration_no", stale)
    second = contracts.register(users["registrar"], contract)
    assert len(calls) == 2 and second.registration_no == f"{year}{ZONE}000002"
    assert Contract.objects.filter(registration_no=first.registration_no).count() == 1


@pytest.mark.parametrize(
    "number, message",
    [
        ("2026610131", "16位数字"),
        ("2026-610131-00001", "16位数字"),
        ("1900610131000001", "年份"),
        ("2026990000000001", "省级代码"),
        ("2026610131000000", "顺序号"),
    ],
)
def test_numbers_in_the_wrong_form_are_refused(number, message):
    with pytest.raises(ValidationError) as exc:
        validate_registration_no(number)
    assert message in str(exc.value)
