"""Matching test helpers (the private index directory per test is in tests/conftest.py)."""

import pytest
from django.core.cache import cache

from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.matching import services


@pytest.fixture(autouse=True)
def catch_up_at_once(settings):
    """Catch-ups run in the calling thread, so a test sees their result (test_index_catch_up starts the
    background thread where it means to)."""
    settings.MATCH_CATCH_UP_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Anonymous searches are rate-limited in the cache, which outlives a single test."""
    cache.clear()


@pytest.fixture
def login():
    def sign_in(client, user) -> None:
        assert client.login(username=user.username, password="pass-1234")

    return sign_in


@pytest.fixture
def zone(achievement, demand, expert, university, enterprise) -> dict:
    """The conftest records plus a few unrelated ones, so rankings have something to rank against."""
    battery = Achievement.objects.create(
        title="锂离子电池硅碳负极材料",
        field="new_energy",
        summary="高容量硅碳负极，循环寿命长。",
        keywords=["锂电池", "负极材料"],
        maturity="lab_trial",
        transfer_modes=["assignment"],
        status="published",
        price_min=80,
    )
    battery.organisations.add(university)
    draft = Achievement.objects.create(
        title="光纤激光器泵浦合束器",
        field="electronic_information",
        summary="高功率光纤激光器用泵浦合束器。",
        keywords=["光纤激光器"],
        status="draft",
    )
    draft.organisations.add(university)
    vaccine = Demand.objects.create(
        title="疫苗冻干工艺优化",
        field="biomedicine",
        enterprise=enterprise,
        problem="冻干周期长，需要优化工艺。",
        status="published",
        province="陕西省",
    )
    expert.achievements.add(achievement)
    return {"battery": battery, "draft": draft, "vaccine": vaccine}


@pytest.fixture
def built(zone) -> dict:
    services.rebuild()
    return zone


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(name="四川测试研究院", kind="institute", province="四川省")
