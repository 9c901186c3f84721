"""The review workflow of listings: draft → pending → published → withdrawn, rejected back to the owner."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.catalogue.models import Achievement


@pytest.fixture
def draft(university) -> Achievement:
    item = Achievement.objects.create(title="测试成果", field="new_materials", summary="简介")
    item.organisations.add(university)
    return item


def test_full_cycle(draft):
    draft.submit()
    assert draft.status == "pending" and draft.submitted_at is not None
    draft.approve()
    assert draft.status == "published" and draft.published_at is not None
    draft.withdraw()
    assert draft.status == "withdrawn"
    draft.submit()
    assert draft.status == "pending"


def test_reject_needs_a_note(draft):
    draft.submit()
    with pytest.raises(ValidationError):
        draft.reject("  ")
    draft.reject("请补充技术指标")
    assert draft.status == "rejected" and draft.review_note == "请补充技术指标"


@pytest.mark.parametrize("action", ["approve", "withdraw"])
def test_a_draft_cannot_skip_review(draft, action):
    with pytest.raises(ValidationError):
        getattr(draft, action)()


def test_price_range_must_be_ordered(draft):
    draft.price_min, draft.price_max = 100, 50
    with pytest.raises(ValidationError) as exc:
        draft.full_clean()
    assert "price_max" in exc.value.message_dict


def test_patents_are_validated_and_normalised(draft):
    draft.patents = ["zl 202223220665.2"]
    draft.full_clean()
    assert draft.patents == ["ZL202223220665.2"]
    draft.patents = ["CN202223220665.9"]
    with pytest.raises(ValidationError) as exc:
        draft.full_clean()
    assert "patents" in exc.value.message_dict


def test_search_text_is_simplified(university):
    item = Achievement.objects.create(
        title="雷射焊接機器人", field="advanced_manufacturing", summary="軟體控制"
    )
    assert "激光焊接机器人" in item.search_text
    assert "软件" in item.search_text


def test_demand_must_come_from_an_enterprise(demand, university):
    demand.enterprise = university
    with pytest.raises(ValidationError) as exc:
        demand.full_clean()
    assert "enterprise" in exc.value.message_dict
