"""Where the platform keeps its data: a per-user directory unless HARDTECH_DATA_DIR says otherwise."""

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    path = Path(os.environ.get("HARDTECH_DATA_DIR") or platformdirs.user_data_dir("hardtech"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Create the file readable by its owner only (the secret key, the SQLite database), or tighten an
    existing one: both hold what other accounts on the machine must not read."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    return path


def shared_dir() -> Path | None:
    """The `shared/` folder next to the repository (public data and benchmarks), when it exists."""
    env = os.environ.get("HARDTECH_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd().parent / "shared", Path(__file__).resolve().parents[3] / "shared"]
    return next((p for p in candidates if (p / "data").is_dir() or (p / "bench").is_dir()), None)
