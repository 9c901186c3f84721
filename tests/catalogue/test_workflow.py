"""The review workflow of listings: draft → pending → published → withdrawn, rejected back to the owner."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement
from hardtech.catalogue.services import transition
from hardtech.core.workflow import WrongState


@pytest.fixture
def draft(university) -> Achievement:
    item = Achievement.objects.create(title="测试成果", field="new_materials", summary="简介")
    item.organisations.add(university)
    return item


def test_full_cycle(draft, users):
    owner, operator = users[Role.INSTITUTION], users[Role.OPERATOR]
    item = transition(owner, draft, "submit")
    assert item.status == "pending" and item.submitted_at is not None
    item = transition(operator, item, "approve")
    assert item.status == "published" and item.published_at is not None
    item = transition(owner, item, "withdraw")
    assert item.status == "withdrawn"
    item = transition(owner, item, "submit")
    assert item.status == "pending" and item.version == 5


def test_reject_needs_a_note(draft, users):
    operator = users[Role.OPERATOR]
    transition(users[Role.INSTITUTION], draft, "submit")
    with pytest.raises(ValidationError):
        transition(operator, draft, "reject", "  ")
    item = transition(operator, draft, "reject", "请补充技术指标")
    assert item.status == "rejected" and item.review_note == "请补充技术指标"


@pytest.mark.parametrize("action", ["approve", "withdraw"])
def test_a_draft_cannot_skip_review(draft, users, action):
    with pytest.raises(WrongState):
        transition(users[Role.OPERATOR], draft, action)


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
