"""Matching test helpers: a private index directory per test, lexical-only unless a test asks for dense."""

import pytest

from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.matching import service
from hardtech.matching.store import store


@pytest.fixture(autouse=True)
def match_dir(settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path / "match-index"
    settings.MATCH_LEXICAL_ONLY = True  # the e5 model takes seconds to load; one test uses it (test_dense)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    store.forget()
    yield settings.MATCH_INDEX_DIR
    store.forget()


@pytest.fixture
def login():
    def sign_in(client, user) -> None:
        assert client.login(username=user.username, password="pass-1234")

    return sign_in


@pytest.fixture
def zone(achievement, demand, expert, university, enterprise) -> dict:
    """The conftest records plus a few unrelated ones, so rankings have something to rank against."""
    battery = Achievement.objects.create(
        title="锂离子电池硅碳负极材料", field="new_energy", summary="高容量硅碳负极，循环寿命长。",
        keywords=["锂电池", "负极材料"], maturity="lab_trial", transfer_modes=["assignment"], status="published",
        price_min=80,
    )
    battery.organisations.add(university)
    draft = Achievement.objects.create(
        title="光纤激光器泵浦合束器", field="electronic_information", summary="高功率光纤激光器用泵浦合束器。",
        keywords=["光纤激光器"], status="draft",
    )
    draft.organisations.add(university)
    vaccine = Demand.objects.create(
        title="疫苗冻干工艺优化", field="biomedicine", enterprise=enterprise, problem="冻干周期长，需要优化工艺。",
        status="published", province="陕西省",
    )
    expert.achievements.add(achievement)
    return {"battery": battery, "draft": draft, "vaccine": vaccine}


@pytest.fixture
def built(zone) -> dict:
    service.rebuild()
    return zone


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(name="四川测试研究院", kind="institute", province="四川省")
