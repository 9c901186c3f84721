"""Bad input is a 4xx in the documented JSON shape, never a 500: ids above the database's 64-bit range, a lone
surrogate or NaN in a JSON body, a superscript digit as an id; 422 is always the list of {loc, msg, type}
(POST /api/match/feedback answered a string), and an unexpected error still answers JSON."""

import json
import logging

import pytest

from hardtech.accounts import api as tokens
from hardtech.accounts.models import Role
from hardtech.matching import services

BIG = 2**64


def _invalid_at(response, loc: list) -> None:
    assert response.status_code == 422, response.content
    assert [item["loc"] for item in response.data["detail"]] == [loc]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("achievements", "offset"),
        ("achievements", "organisation"),
        ("demands", "enterprise"),
        ("experts", "organisation"),
        ("organisations", "offset"),
    ],
)
def test_query_ids_above_64_bits_are_422(api, keys, path, param):
    _invalid_at(api.get(path, keys[Role.OPERATOR], **{param: BIG}), ["query", param])


def test_body_ids_above_64_bits_are_422(api, keys, university):
    body = {"title": "大编号", "field": "new_materials", "summary": "测试", "organisations": [BIG]}
    _invalid_at(
        api.call("post", "achievements", keys[Role.OPERATOR], body), ["body", "payload", "organisations", 0]
    )
    body = {"name": "大编号机构", "kind": "enterprise", "parent": BIG}
    _invalid_at(api.call("post", "organisations", keys[Role.OPERATOR], body), ["body", "payload", "parent"])
    body = {"year": 2025, "organisation": BIG}
    _invalid_at(api.call("post", "policy/evaluate", body=body), ["body", "payload", "organisation"])


def test_path_ids_above_64_bits_are_not_found_or_422(api, keys, achievement):
    services.rebuild()
    assert api.get(f"achievements/{BIG}", keys[Role.OPERATOR]).status_code == 404
    _invalid_at(api.get(f"match/achievements/{BIG}/demands"), ["path", "item_id"])


def _raw(api, path: str, text: str, key: str | None = None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = api.client.post(f"/api/{path}", text, content_type="application/json", headers=headers)
    response.data = json.loads(response.content)
    return response


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("achievements", '{"title": "\\ud800", "field": "new_materials", "summary": "测试"}'),
        ("tokens", '{"username": "\\udfff", "password": "x"}'),
        ("policy/evaluate", '{"year": 2025, "profile": {"kind": "enterprise", "name": "\\ud800"}}'),
        (
            "match/feedback",
            '{"source_kind": "demands", "source_id": 1, "target_kind": "achievements", "target_id": 1,'
            ' "relevant": false, "note": "\\ud800"}',
        ),
    ],
)
def test_a_lone_surrogate_in_json_is_400(api, keys, path, body):
    response = _raw(api, path, body, keys[Role.INSTITUTION])
    assert response.status_code == 400
    assert response.data == {
        "detail": "请求体无法解析：含有无效的 Unicode 字符（不成对的代理项，如 \\ud800）"
    }


def test_a_surrogate_pair_is_a_character_like_any_other(api):
    body = '{"year": 2025, "profile": {"kind": "enterprise", "name": "\\ud83d\\ude00 科技"}}'
    response = _raw(api, "policy/evaluate", body)
    assert response.status_code == 200 and response.data["result"]["name"] == "😀 科技"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(api, keys, constant):
    body = f'{{"source_kind": "demands", "source_id": 1, "target_kind": "achievements", "target_id": 1, "relevant": true, "score": {constant}}}'
    response = _raw(api, "match/feedback", body, keys[Role.OPERATOR])
    assert response.status_code == 400 and constant.lstrip("-") in response.data["detail"]


def test_unreadable_json_is_a_chinese_400(api, keys):
    response = _raw(api, "achievements", '{"title": ', keys[Role.INSTITUTION])
    assert response.status_code == 400
    assert response.data == {"detail": "请求体无法解析：请求体不是有效的 JSON（应为 UTF-8 编码）"}


def test_match_feedback_refusals_are_the_422_list(api, keys, demand):
    body = {
        "source_kind": "demands",
        "source_id": demand.pk,
        "target_kind": "achievements",
        "target_id": 999_999,
        "relevant": True,
    }
    response = api.call("post", "match/feedback", keys[Role.OPERATOR], body)
    assert response.status_code == 422
    [item] = response.data["detail"]
    assert item["loc"] == ["body", "payload"] and "匹配对象不存在" in item["msg"]


def test_every_422_is_documented_as_the_list(api):
    document = api.get("openapi.json").data
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            invalid = operation["responses"].get("422")
            if invalid:
                schema = invalid["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ValidationErrorOut"}, (method, path)
    assert "422" in document["paths"]["/api/match/feedback"]["post"]["responses"]
    assert "422" in document["paths"]["/api/achievements/{item_id}"]["get"]["responses"]


@pytest.mark.parametrize("org", ["²", "١", str(BIG)])
def test_calculator_with_a_non_id_org_is_404(client, users, org):
    client.force_login(users[Role.OPERATOR])
    assert client.get("/policy/calculator/", {"org": org}).status_code == 404


@pytest.mark.parametrize("path", ["/achievements/", "/demands/", "/experts/"])
def test_web_library_ignores_an_org_above_64_bits(client, db, path):
    assert client.get(path, {"org": BIG}).status_code == 200


def test_an_unexpected_error_still_answers_json(api, keys, monkeypatch, caplog):
    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(tokens, "caller", broken)
    with caplog.at_level(logging.ERROR, logger="hardtech.api"):
        response = api.get("me", keys[Role.OPERATOR])
    assert response.status_code == 500
    assert response.data == {"detail": "服务器内部错误，已记录，请稍后再试"}
    assert "GET /api/me" in caplog.text and "boom" in caplog.text
