"""What a match index rebuild killed midway leaves behind (a generation directory no pointer names) is removed at
the index's next write; a generation another live process is still building is left alone."""

import os

from hardtech.matching import services
from hardtech.matching.store import database_key, root, store


def _generation(kind: str, pid: int):
    path = root() / kind / f"20200101T000000000000-{pid}-{database_key()}"
    (path / "part").mkdir(parents=True)
    (path / "part" / "vectors.spill").write_bytes(b"\\0" * 64)
    return path


def test_a_killed_rebuilds_leftovers_go_at_the_next_write(achievement, django_capture_on_commit_callbacks):
    services.rebuild()
    dead = _generation("achievements", 2**22 + 12345)  # beyond pid_max: no such process
    building = _generation("achievements", os.getpid())
    with django_capture_on_commit_callbacks(execute=True):
        achievement.title = "高功率半导体激光器芯片封装工艺（修订）"
        achievement.save()  # the index follows the committed change: a write
    assert not dead.exists()
    assert building.exists()
    assert store.pointer("achievements") is not None
