"""A deal moves through its stages only with the checklist done, or with the lead's reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import StageVisit


def test_opening_links_the_parties_and_starts_the_checklist(deal, university, enterprise, users):
    assert deal.code.startswith("JY") and deal.stage == Stage.INTRODUCED
    assert list(deal.sellers.all()) == [university] and list(deal.buyers.all()) == [enterprise]
    assert deal.checklist.filter(stage=Stage.INTRODUCED).count() == 3
    assert deal.lead == users["manager"]


def test_unfinished_checklist_refuses_the_step(deal, users):
    with pytest.raises(ValidationError) as exc:
        services.move(users["manager"], deal, "to_negotiating")
    assert "保密协议" in str(exc.value)


def test_finished_checklist_moves_on_and_records_the_visit(deal, users):
    for item in deal.checklist.all():
        services.tick(users["manager"], item)
    deal = services.move(users["manager"], deal, "to_negotiating", "双方有意向")
    assert deal.stage == Stage.NEGOTIATING
    visits = list(StageVisit.objects.filter(deal=deal).order_by("entered_at"))
    assert [v.stage for v in visits] == [Stage.INTRODUCED, Stage.NEGOTIATING]
    assert visits[0].left_at is not None and visits[1].note == "双方有意向"
    assert deal.checklist.filter(stage=Stage.NEGOTIATING).count() == 4


def test_lead_skips_with_a_reason_others_may_not(deal, users):
    with pytest.raises(ValidationError):
        services.move(users["manager"], deal, "skip_to_negotiating", "")
    with pytest.raises(PermissionDenied):
        services.move(users["enterprise"], deal, "skip_to_negotiating", "急")
    deal = services.move(users["manager"], deal, "skip_to_negotiating", "保密协议随合同一并签署")
    assert StageVisit.objects.get(deal=deal, stage=Stage.NEGOTIATING).override == "保密协议随合同一并签署"


def test_registration_stage_needs_a_registered_contract(deal, users):
    for step in ("skip_to_negotiating", "skip_to_signed"):
        deal = services.move(users["manager"], deal, step, "测试")
    with pytest.raises(ValidationError) as exc:
        services.move(users["manager"], deal, "skip_to_registered", "测试")
    assert "认定登记" in str(exc.value)


def test_ending_needs_a_reason_from_the_list(deal, users):
    with pytest.raises(ValidationError):
        services.move(users["manager"], deal, "end", "谈不拢", {"reason": "bogus"})
    deal = services.move(users["manager"], deal, "end", "谈不拢", {"reason": "price"})
    assert deal.stage == Stage.ENDED and deal.end_reason == "price" and deal.closed_at
