"""Organisations are listed by the pinyin of their names (安康 · 北京 · 重庆 · 西安), not by code point
(北 · 安 · 西 · 重): the library's 名称 sort, the API's ordering=name and the organisation choices in forms."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue import services
from hardtech.catalogue.models import Organisation
from hardtech.core.pinyin import sort_key

pytestmark = pytest.mark.django_db

migration = importlib.import_module("hardtech.catalogue.migrations.0006_fill_name_sort")

PINYIN_ORDER = ["安康拼音测试学院", "北京拼音测试科技有限公司", "重庆拼音测试科技有限公司", "西安拼音测试所"]


@pytest.fixture
def orgs() -> list[Organisation]:
    return [Organisation.objects.create(name=n, kind="enterprise") for n in sorted(PINYIN_ORDER)]


def ours(names) -> list[str]:
    return [n for n in names if n in PINYIN_ORDER]


def test_key_is_toneless_lowercase_pinyin_then_the_name():
    assert sort_key("重庆ABC", 600) == "chong qing abc  重庆ABC"
    # a name whose reading starts another's comes first; syllables keep their boundaries (xi an before xian)
    assert sorted(["西安大学", "先进所", "西安"], key=lambda n: sort_key(n, 600)) == [
        "西安",
        "西安大学",
        "先进所",
    ]
    assert len(sort_key("研" * 200, 600)) == 600 and sort_key("研" * 200, 600).endswith("研" * 200)


def test_save_and_rename_keep_the_key(orgs, users):
    org = orgs[0]
    assert org.name_sort == sort_key(org.name, 600)
    services.update(users[Role.OPERATOR], org, {"name": "长安拼音测试学院"})  # saves the changed fields only
    org.refresh_from_db()
    assert org.name_sort.startswith("chang an pin yin")


def test_migration_fills_rows_written_without_save():
    Organisation.objects.bulk_create([Organisation(name=n, kind="enterprise") for n in PINYIN_ORDER])
    assert set(Organisation.objects.values_list("name_sort", flat=True)) == {""}
    migration.fill_name_sort(apps, None)
    assert ours(Organisation.objects.values_list("name", flat=True)) == PINYIN_ORDER


def test_library_page_sorts_by_pinyin(client, orgs):
    for sort in ({}, {"sort": "name"}):
        page = client.get(reverse("organisation_list"), sort).context["page"]
        assert ours(o.name for o in page.object_list) == PINYIN_ORDER


def test_api_ordering_by_name_is_pinyin(client, orgs):
    names = [
        o["name"]
        for o in client.get("/api/organisations", {"ordering": "name", "page_size": 100}).json()["items"]
    ]
    assert ours(names) == PINYIN_ORDER
    names = [
        o["name"]
        for o in client.get("/api/organisations", {"ordering": "-name", "page_size": 100}).json()["items"]
    ]
    assert ours(names) == PINYIN_ORDER[::-1]


def test_form_choices_by_pinyin(client, orgs, users):
    client.force_login(users[Role.OPERATOR])
    form = client.get(reverse("demand_create")).context["form"]
    assert ours(label for _, label in form.fields["enterprise"].choices) == PINYIN_ORDER
