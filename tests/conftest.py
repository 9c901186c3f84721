"""Fixtures shared by every test module: one organisation and one user per role.

Password for every fixture user: `pass-1234`.
"""

import pytest
from django.core.cache import cache

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.matching.store import store

PASSWORD = "pass-1234"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Tests create users by the dozen; the production hasher's rounds would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def match_dir(settings, tmp_path):
    """A private matching index per test: indexes live on disk, and one test's must not answer another's
    searches. Lexical-only, since the e5 model takes seconds to load (tests that need it say so)."""
    settings.MATCH_INDEX_DIR = tmp_path / "match-index"
    settings.MATCH_LEXICAL_ONLY = True
    store.forget()
    yield settings.MATCH_INDEX_DIR
    store.forget()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits (anonymous API use, the token endpoint) count in the cache, which outlives a test: every
    test starts with none used, whatever ran before it."""
    cache.clear()


@pytest.fixture
def university(db) -> Organisation:
    return Organisation.objects.create(
        name="西安测试大学", kind="university", province="陕西省", city="西安市"
    )


@pytest.fixture
def other_university(db) -> Organisation:
    return Organisation.objects.create(
        name="长安测试学院", kind="university", province="陕西省", city="西安市"
    )


@pytest.fixture
def enterprise(db) -> Organisation:
    return Organisation.objects.create(
        name="秦创测试科技有限公司",
        kind="enterprise",
        province="陕西省",
        city="西安市",
        district="雁塔区",
        credit_code="91350100M000100Y43",
    )


@pytest.fixture
def other_enterprise(db) -> Organisation:
    return Organisation.objects.create(name="丝路测试装备有限公司", kind="enterprise", province="陕西省")


def _user(username: str, role: str, organisation: Organisation | None = None) -> User:
    return User.objects.create_user(username, password=PASSWORD, role=role, organisation=organisation)


@pytest.fixture
def users(db, university, enterprise) -> dict[str, User]:
    """One user per role, keyed by role value; the institution and enterprise users own their organisations."""
    return {
        Role.OPERATOR: _user("operator", Role.OPERATOR),
        Role.MANAGER: _user("manager", Role.MANAGER),
        Role.INSTITUTION: _user("institution", Role.INSTITUTION, university),
        Role.ENTERPRISE: _user("enterprise", Role.ENTERPRISE, enterprise),
        Role.EXPERT: _user("expert", Role.EXPERT),
        Role.REGISTRAR: _user("registrar", Role.REGISTRAR),
    }


@pytest.fixture
def achievement(university) -> Achievement:
    item = Achievement.objects.create(
        title="高功率半导体激光器芯片封装技术",
        field="electronic_information",
        summary="一种高功率半导体激光器的封装工艺，热阻低。",
        keywords=["半导体激光器", "封装"],
        maturity="pilot",
        transfer_modes=["ordinary_license"],
        contact_name="张老师",
        contact_phone="029-88880000",
        status="published",
    )
    item.organisations.add(university)
    return item


@pytest.fixture
def demand(enterprise) -> Demand:
    return Demand.objects.create(
        title="激光器散热模组热阻降低",
        field="electronic_information",
        enterprise=enterprise,
        problem="现有激光器散热模组热阻偏高，需要新的封装与散热方案。",
        cooperation_modes=["joint_development"],
        contact_name="李经理",
        contact_phone="13800000000",
        status="published",
    )


@pytest.fixture
def expert(university) -> Expert:
    return Expert.objects.create(
        name="王教授",
        organisation=university,
        title="教授",
        fields=["electronic_information"],
        keywords=["激光器", "光电子"],
        bio="长期从事半导体激光器研究。",
        contact_phone="13900000000",
    )
