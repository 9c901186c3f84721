"""Instances written to files for the CLI, and the shared ones when ../shared/judging is there."""

import json

import pytest

from hardtech.paths import shared_dir


@pytest.fixture
def write_instance(tmp_path):
    def write(data: dict, name: str = "instance.json") -> str:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def judging_dir():
    shared = shared_dir()
    folder = shared / "judging" if shared else None
    if folder is None or not (folder / "check.py").exists():
        pytest.skip("../shared/judging is not here")
    return folder
