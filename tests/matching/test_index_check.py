"""`hardtech match-index --check`: report every difference between the database and an index, repair only those.

Writes that bypass the signals (queryset update, bulk_create) make each kind of difference: a record
missing from the index, one indexed with an outdated document, one indexed that should not be.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hardtech.catalogue.models import Achievement, Expert
from hardtech.matching import services, sync
from hardtech.matching.store import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def drifted(built, achievement, expert) -> dict:
    """One missing achievement, one stale (and so its expert), one extra."""
    (new,) = Achievement.objects.bulk_create(
        [Achievement(title="氮化镓射频功放芯片", field="electronic_information", status="published")]
    )
    Achievement.objects.filter(pk=achievement.pk).update(title="半导体激光器巴条封装")
    Achievement.objects.filter(pk=built["battery"].pk).update(status="withdrawn")
    return {"missing": new, "stale": achievement, "extra": built["battery"], "expert": expert}


def check(*args: str) -> str:
    out = StringIO()
    call_command("match_index", "--check", *args, stdout=out)
    return out.getvalue()


def dry_run(*args: str) -> tuple[str, str]:
    """The report, and the error it ends with (exit status 1)."""
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("match_index", "--check", "--dry-run", *args, stdout=out)
    return out.getvalue(), str(error.value)


def test_dry_run_reports_each_difference_and_repairs_nothing(drifted):
    out, error = dry_run()
    assert error.startswith("成果、专家索引与数据库不一致")
    lines = out.splitlines()
    assert lines[0].split() == [
        "索引", "index", "应有", "expected", "已有", "indexed", "缺少", "missing", "过期", "stale",
        "多余", "extra", "语义向量", "dense",
    ]  # fmt: skip
    assert lines[1].split()[:8] == ["成果", "achievements", "2", "2", "1", "1", "1", "未启用"]
    assert lines[2].split()[:7] == ["需求", "demands", "2", "2", "0", "0", "0"]
    assert lines[3].split()[:7] == ["专家", "experts", "1", "1", "0", "1", "0"]
    assert f"成果 achievements 缺少 missing: {drifted['missing'].pk}" in out
    assert f"成果 achievements 过期 stale: {drifted['stale'].pk}" in out
    assert f"成果 achievements 多余 extra: {drifted['extra'].pk}" in out
    index = store.current("achievements")
    assert str(drifted["missing"].pk) not in index and str(drifted["extra"].pk) in index


def test_check_repairs_only_what_differs(drifted, monkeypatch):
    def no_rebuild(*args, **kwargs):
        raise AssertionError("three records differ: no new generation")

    monkeypatch.setattr(services, "build_generation", no_rebuild)
    out = check()
    assert "已修复 / repaired: 成果、专家" in out
    index = store.current("achievements")
    assert str(drifted["missing"].pk) in index and str(drifted["extra"].pk) not in index
    assert index.get(str(drifted["stale"].pk)).title == "半导体激光器巴条封装"
    assert "半导体激光器巴条封装" in store.current("experts").get(str(drifted["expert"].pk)).text
    assert "索引与数据库一致" in check("--dry-run")


def test_many_differences_take_a_new_generation(drifted, monkeypatch):
    monkeypatch.setattr(sync, "IN_PLACE_LEXICAL", 2)
    before = store.pointer("achievements").generation
    check("--kind", "achievements")
    assert store.pointer("achievements").generation != before
    assert sync.compare("achievements").in_line


def test_a_missing_index_is_reported_and_built(zone):
    assert "无索引 none" in dry_run("--kind", "achievements")[0]
    assert "已修复" in check("--kind", "achievements")
    assert len(store.current("achievements")) == Achievement.objects.published().count()


def test_a_missing_dense_part_is_reported(built, settings):
    settings.MATCH_LEXICAL_ONLY = False
    assert "缺失 missing" in dry_run()[0]


def test_dry_run_alone_is_refused(built):
    with pytest.raises(CommandError, match="--dry-run 只能与 --check 一起使用"):
        call_command("match_index", "--dry-run")


def test_in_line_from_the_start(built):
    assert Expert.objects.count() == 1
    assert "索引与数据库一致 / indexes match the database" in check()
