"""django-ninja keys the OpenAPI document's components/schemas by the Schema class's __name__: two hardtech
Schema classes of one name overwrite each other, and /api/openapi.json describes one with the other's fields."""

from collections import defaultdict

from ninja import Schema

from hardtech.api.root import api as ninja_api


def hardtech_schemas() -> list[type[Schema]]:
    """Every ninja Schema class defined in hardtech (importing the API root imported every router's)."""
    found: list[type[Schema]] = []
    seen: set[type] = set()
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("hardtech."):
            found.append(cls)
    return found


def test_schema_class_names_are_unique():
    where: dict[str, list[str]] = defaultdict(list)
    for cls in hardtech_schemas():
        where[cls.__name__].append(cls.__module__)
    clashes = {name: sorted(modules) for name, modules in where.items() if len(modules) > 1}
    assert clashes == {}, f"同名的 Schema 类（OpenAPI 文档中会互相覆盖）：{clashes}"


def test_component_schemas_list_their_class_fields():
    components = ninja_api.get_openapi_schema()["components"]["schemas"]
    classes = {cls.__name__: cls for cls in hardtech_schemas()}
    described = {name: schema for name, schema in components.items() if name in classes}
    assert len(described) > 100  # the document describes the hardtech schemas, so the check below has work
    wrong = {}
    for name, schema in described.items():
        fields = {field.alias or field_name for field_name, field in classes[name].model_fields.items()}
        properties = set(schema.get("properties", {}))
        if properties != fields:
            wrong[name] = {"文档多出": sorted(properties - fields), "文档缺少": sorted(fields - properties)}
    assert wrong == {}
