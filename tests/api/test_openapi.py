"""The OpenAPI document and the offline Swagger UI page."""

import re

import pytest
import yaml

EXPECTED_OPERATIONS = {
    ("/api/tokens", "post"),
    ("/api/tokens", "get"),
    ("/api/tokens/{token_id}", "delete"),
    ("/api/me", "get"),
    ("/api/organisations", "get"),
    ("/api/organisations", "post"),
    ("/api/organisations/{item_id}", "get"),
    ("/api/organisations/{item_id}", "patch"),
    ("/api/organisations/{item_id}", "delete"),
    ("/api/experts", "get"),
    ("/api/experts", "post"),
    ("/api/experts/{item_id}", "get"),
    ("/api/experts/{item_id}", "patch"),
    ("/api/experts/{item_id}", "delete"),
    ("/api/policy/policies", "get"),
    ("/api/policy/evaluate", "post"),
    ("/api/policy/batch", "post"),
    ("/api/match/demands/{item_id}/achievements", "get"),
    ("/api/match/demands/{item_id}/experts", "get"),
    ("/api/match/achievements/{item_id}/demands", "get"),
    ("/api/match/experts/{item_id}/demands", "get"),
    ("/api/match/search", "get"),
    ("/api/match/feedback", "post"),
    ("/api/deals", "get"),
    ("/api/deals", "post"),
    ("/api/deals/{deal_id}", "get"),
    ("/api/deals/{deal_id}", "patch"),
    ("/api/deals/{deal_id}/move", "post"),
    ("/api/deals/{deal_id}/checklist", "post"),
    ("/api/deals/{deal_id}/team", "post"),
    ("/api/deals/{deal_id}/documents", "post"),
    ("/api/deals/{deal_id}/contract", "post"),
    ("/api/deals/contracts", "get"),
    ("/api/deals/contracts/{contract_id}/register", "post"),
    ("/api/deals/contracts/{contract_id}/correct", "post"),
    ("/api/events", "get"),
    ("/api/events/{event_id}/registrations", "post"),
    ("/api/events/{event_id}/suggestions", "get"),
    ("/api/events/{event_id}/requests", "post"),
    ("/api/events/requests/{request_id}/respond", "post"),
    ("/api/events/{event_id}/proposals", "post"),
}
for _resource in ("achievements", "demands"):
    EXPECTED_OPERATIONS |= {
        (f"/api/{_resource}", "get"),
        (f"/api/{_resource}", "post"),
        (f"/api/{_resource}/{{item_id}}", "get"),
        (f"/api/{_resource}/{{item_id}}", "patch"),
        (f"/api/{_resource}/{{item_id}}", "delete"),
    } | {
        (f"/api/{_resource}/{{item_id}}/{action}", "post")
        for action in ("submit", "approve", "reject", "withdraw")
    }


@pytest.fixture
def document(client, db) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_document_lists_every_endpoint(document):
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations >= EXPECTED_OPERATIONS, EXPECTED_OPERATIONS - operations
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_document_describes_bearer_auth_and_choices(document):
    schemes = document["components"]["securitySchemes"]
    assert {s["scheme"] for s in schemes.values()} == {"bearer"}
    create = document["components"]["schemas"]["AchievementCreate"]["properties"]
    assert "new_materials" in create["field"]["enum"]
    assert "exclusive_license" in create["transfer_modes"]["items"]["enum"]
    assert "security" not in document["paths"]["/api/tokens"]["post"]


def test_docs_page_references_no_external_url(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html and '"validatorUrl": null' in html
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "cdn" not in html.lower()
    assets = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert len(assets) == 5
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200 and int(asset["Content-Length"]) > 0, url


def test_only_the_swagger_assets_are_served(client, db):
    assert client.get("/api/docs/assets/swagger-ui.css")["Content-Type"] == "text/css"
    assert client.get("/api/docs/assets/redoc.standalone.js").status_code == 404
    assert client.get("/api/docs/assets/..%2F..%2F__init__.py").status_code == 404


def test_document_has_no_key_twice_for_a_yaml_reader(client, db):
    """Swagger UI reads the document as YAML, where a response code given both as a number and as a string (an
    openapi_extra with "200") is a duplicated key that stops the whole page from rendering."""
    text = client.get("/api/openapi.json").content.decode()
    twice: list[str] = []

    class Strict(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
            twice.extend(str(k) for k in keys if keys.count(k) > 1)
            return super().construct_mapping(node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, Strict.construct_mapping)
    yaml.load(text, Loader=Strict)
    assert twice == []
