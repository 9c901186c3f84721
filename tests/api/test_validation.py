"""Validation errors as ninja-shaped 422s with the models' Chinese messages; Decimal money round-trips."""

from decimal import Decimal

import pytest

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Organisation


def _errors(response) -> dict[str, list[dict]]:
    """The 422 items keyed by their field (the last element of loc)."""
    assert response.status_code == 422, response.content
    by_field: dict[str, list[dict]] = {}
    for item in response.data["detail"]:
        assert set(item) >= {"loc", "msg", "type"}
        by_field.setdefault(item["loc"][-1], []).append(item)
    return by_field


@pytest.fixture
def new_achievement(university) -> dict:
    return {
        "title": "校验测试成果",
        "field": "new_materials",
        "summary": "用于校验",
        "organisations": [university.pk],
    }


def test_bad_credit_code_on_an_organisation(api, keys):
    body = {"name": "校验码错误公司", "kind": "enterprise", "credit_code": "91350100M000100Y44"}
    errors = _errors(api.call("post", "organisations", keys[Role.OPERATOR], body))
    [item] = errors["credit_code"]
    assert item == {
        "loc": ["body", "payload", "credit_code"],
        "msg": "统一社会信用代码校验位错误",
        "type": "credit_code_check",
    }
    assert not Organisation.objects.filter(name="校验码错误公司").exists()


def test_malformed_credit_code_and_duplicate_name(api, keys, enterprise):
    body = {"name": enterprise.name, "kind": "enterprise", "credit_code": "ABC"}
    errors = _errors(api.call("post", "organisations", keys[Role.OPERATOR], body))
    assert errors["credit_code"][0]["type"] == "credit_code_format"
    assert errors["name"][0]["type"] == "unique" and "已存在" in errors["name"][0]["msg"]


def test_bad_patent_number(api, keys, new_achievement):
    body = {**new_achievement, "patents": ["CN202223220665.2", "CN12345"]}
    errors = _errors(api.call("post", "achievements", keys[Role.INSTITUTION], body))
    assert errors["patents"][0]["loc"] == ["body", "payload", "patents"]
    assert "CN12345" in errors["patents"][0]["msg"] and "格式不正确" in errors["patents"][0]["msg"]
    assert not Achievement.objects.filter(title="校验测试成果").exists()


def test_good_patent_number_is_normalised(api, keys, new_achievement):
    body = {**new_achievement, "patents": ["zl 202223220665.2"]}
    response = api.call("post", "achievements", keys[Role.INSTITUTION], body)
    assert response.status_code == 201 and response.data["patents"] == ["ZL202223220665.2"]


def test_price_min_above_price_max(api, keys, new_achievement):
    body = {**new_achievement, "price_min": "80", "price_max": "50"}
    errors = _errors(api.call("post", "achievements", keys[Role.INSTITUTION], body))
    assert errors["price_max"][0]["msg"] == "价格上限不能低于下限"


def test_price_checked_against_the_stored_value_on_patch(api, keys, achievement):
    Achievement.objects.filter(pk=achievement.pk).update(price_max=Decimal("10"))
    errors = _errors(
        api.call("patch", f"achievements/{achievement.pk}", keys[Role.OPERATOR], {"price_min": "20"})
    )
    assert "price_max" in errors
    achievement.refresh_from_db()
    assert achievement.price_min is None


def test_several_errors_at_once_in_chinese(api, keys, new_achievement):
    body = {**new_achievement, "field": "alchemy", "transfer_modes": ["gift"], "price_min": "1.234"}
    errors = _errors(api.call("post", "achievements", keys[Role.INSTITUTION], body))
    assert set(errors) == {"field", "transfer_modes", "price_min"}
    assert errors["field"][0]["type"] == "invalid_choice" and "有效选项" in errors["field"][0]["msg"]
    assert errors["transfer_modes"][0]["msg"] == "未知的转化方式：gift"


def test_schema_errors_have_the_same_shape(api, keys):
    """A missing required field is caught by ninja itself; its items look like the model's ones."""
    response = api.call("post", "achievements", keys[Role.OPERATOR], {"field": "new_materials"})
    errors = _errors(response)
    assert errors["title"][0] == {
        "loc": ["body", "payload", "title"],
        "msg": "此字段为必填项",
        "type": "missing",
    }


def test_query_errors_in_chinese(api):
    errors = _errors(api.get("organisations", limit=0, ordering="sideways"))
    assert errors["limit"][0]["msg"] == "不能小于 1"
    assert errors["ordering"][0]["msg"].startswith("取值应为 'name'")
    errors = _errors(api.get("achievements", offset="many"))
    assert errors["offset"][0]["msg"] == "应为整数"


def test_missing_or_unknown_references(api, keys, university, enterprise):
    no_orgs = {"title": "无机构成果", "field": "new_materials", "summary": "x", "organisations": []}
    assert (
        _errors(api.call("post", "achievements", keys[Role.OPERATOR], no_orgs))["organisations"][0]["type"]
        == "required"
    )
    ghost = {**no_orgs, "organisations": [university.pk, 999999]}
    assert (
        "999999"
        in _errors(api.call("post", "achievements", keys[Role.OPERATOR], ghost))["organisations"][0]["msg"]
    )
    demand = {"title": "幽灵企业需求", "field": "new_energy", "problem": "x", "enterprise": 999999}
    assert "enterprise" in _errors(api.call("post", "demands", keys[Role.OPERATOR], demand))
    not_enterprise = {**demand, "enterprise": university.pk}
    assert _errors(api.call("post", "demands", keys[Role.OPERATOR], not_enterprise))["enterprise"][0][
        "msg"
    ] == ("技术需求的发布方应为企业")
    assert not Demand.objects.filter(title="幽灵企业需求").exists()


def test_null_clears_a_blank_field_but_not_a_required_one(api, keys, achievement):
    path = f"achievements/{achievement.pk}"
    assert (
        api.call("patch", path, keys[Role.OPERATOR], {"subfield": None, "keywords": None}).status_code == 200
    )
    achievement.refresh_from_db()
    assert achievement.subfield == "" and achievement.keywords == []
    assert "title" in _errors(api.call("patch", path, keys[Role.OPERATOR], {"title": None}))


def test_reject_needs_a_note(api, keys, achievement):
    Achievement.objects.filter(pk=achievement.pk).update(status="pending")
    errors = _errors(
        api.call("post", f"achievements/{achievement.pk}/reject", keys[Role.OPERATOR], {"note": "  "})
    )
    assert errors["note"][0]["msg"] == "退回时请填写审核意见"
    achievement.refresh_from_db()
    assert achievement.status == "pending"


def test_workflow_conflict_is_409(api, keys, achievement):
    response = api.call("post", f"achievements/{achievement.pk}/approve", keys[Role.OPERATOR])
    assert response.status_code == 409 and "待审核" in response.data["detail"]


def test_money_round_trips_as_decimal_strings(api, keys, new_achievement, enterprise):
    body = {**new_achievement, "price_min": "12.5", "price_max": 99999999.99}
    created = api.call("post", "achievements", keys[Role.INSTITUTION], body)
    assert created.status_code == 201
    assert created.data["price_min"] == "12.50" and created.data["price_max"] == "99999999.99"
    stored = Achievement.objects.get(pk=created.data["id"])
    assert stored.price_min == Decimal("12.5") and stored.price_max == Decimal("99999999.99")
    assert created.data["price_text"] == "12.5–99999999.99 万元"
    fetched = api.get(f"achievements/{stored.pk}", keys[Role.INSTITUTION]).data
    assert (fetched["price_min"], fetched["price_max"]) == ("12.50", "99999999.99")
    demand = {
        "title": "预算需求",
        "field": "new_energy",
        "problem": "x",
        "budget_min": "0.10",
        "budget_max": "0.3",
    }
    data = api.call("post", "demands", keys[Role.ENTERPRISE], demand).data
    assert (data["budget_min"], data["budget_max"]) == ("0.10", "0.30")
    assert data["enterprise"]["id"] == enterprise.pk  # defaults to the caller's enterprise
