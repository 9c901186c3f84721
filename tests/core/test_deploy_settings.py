"""Settings a deployment relies on: private data files, and HTTPS protections that one variable turns on."""

import os
import stat
import subprocess
import sys
from pathlib import Path


def _run(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "HTTPS")}
    environ |= {"HARDTECH_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "hardtech.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_secret_key_and_database_are_readable_by_the_owner_only(tmp_path):
    data_dir = tmp_path / "data"
    result = _run(
        "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY", data_dir
    )
    assert result.returncode == 0, result.stderr
    assert _mode(data_dir / "secret_key") == 0o600
    assert _mode(data_dir / "hardtech.sqlite3") == 0o600
    assert _mode(data_dir) == 0o700


def test_files_left_world_readable_by_an_older_version_are_tightened(tmp_path):
    (tmp_path / "secret_key").write_text("an-old-key")
    (tmp_path / "hardtech.sqlite3").touch()
    for name in ("secret_key", "hardtech.sqlite3"):
        (tmp_path / name).chmod(0o644)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = _run(code, tmp_path)
    assert result.stdout.strip() == "an-old-key"
    assert _mode(tmp_path / "secret_key") == _mode(tmp_path / "hardtech.sqlite3") == 0o600


def _deploy_warnings(data_dir: Path, **env: str) -> str:
    code = "import django; django.setup(); from django.core.management import call_command; call_command('check', deploy=True)"
    return _run(code, data_dir, SECRET_KEY="x" * 60 + "-a-long-random-enough-secret-key", **env).stderr


def test_https_turns_on_hsts_redirect_and_secure_cookies(tmp_path):
    plain = _deploy_warnings(tmp_path)
    assert all(code in plain for code in ("W004", "W008", "W012", "W016"))
    served_over_https = _deploy_warnings(tmp_path, HTTPS="1")
    assert not any(code in served_over_https for code in ("W004", "W008", "W012", "W016"))
