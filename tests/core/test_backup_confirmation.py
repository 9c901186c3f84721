"""A restore replaces the current data only when confirmed: --yes, or "yes" typed at the terminal."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hardtech.catalogue.models import Demand

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads through its own connection


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def backed_up(settings, tmp_path, demand):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "backup"
    call_command("backup", str(target), no_progress=True, stdout=StringIO())
    demand.delete()
    return target


@pytest.mark.parametrize(
    ("stdin", "message"),
    [(io.StringIO(""), "请加 --yes 确认"), (Terminal("no\n"), "已取消")],
    ids=["not a terminal", "answered no"],
)
def test_an_unconfirmed_restore_changes_nothing(backed_up, monkeypatch, stdin, message):
    monkeypatch.setattr("sys.stdin", stdin)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(backed_up), no_progress=True, stdout=StringIO())
    assert not Demand.objects.exists()


def test_yes_typed_at_the_terminal_restores(backed_up, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    call_command("restore", str(backed_up), no_progress=True, stdout=StringIO())
    assert Demand.objects.count() == 1
