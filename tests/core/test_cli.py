"""The `hardtech` console command and the core management commands."""

import pytest
from django.core.management import CommandError, call_command

from hardtech.accounts.models import User
from hardtech.cli import main


def test_createuser_makes_a_user_with_a_role(enterprise):
    call_command(
        "createuser", "acme", role="enterprise", organisation=enterprise.name, password="long-enough-1"
    )
    user = User.objects.get(username="acme")
    assert user.role == "enterprise" and user.organisation == enterprise
    assert user.check_password("long-enough-1")


def test_operators_may_use_the_admin(db):
    call_command("createuser", "boss", role="operator", password="long-enough-1")
    user = User.objects.get(username="boss")
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"role": "enterprise"}, "needs --organisation"),
        ({"role": "enterprise", "organisation": "不存在的公司"}, "no organisation"),
        ({"role": "manager", "password": "short"}, "密码太短"),
    ],
)
def test_createuser_refuses_bad_input(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "someone", **{"password": "long-enough-1", **options})
    assert not User.objects.filter(username="someone").exists()


def test_createuser_refuses_a_taken_name(users):
    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "operator", role="operator", password="long-enough-1")


def test_dashes_in_command_names_are_allowed(db, capsys):
    with pytest.raises(SystemExit):
        main(["hardtech", "match-batch", "--help"])
    assert "--catalogue" in capsys.readouterr().out


def test_bench_names_its_benchmarks(db, capsys):
    with pytest.raises(SystemExit):
        main(["hardtech", "bench", "nonsense"])
    assert "pages" in capsys.readouterr().err
