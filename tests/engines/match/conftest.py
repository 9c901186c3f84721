"""Fixtures: a counting (real) embedder and a small index built in a temporary directory."""

import pytest

from support.match_helpers import DOCS, CountingEmbedder


@pytest.fixture
def embedder():
    return CountingEmbedder()


@pytest.fixture
def index(tmp_path, embedder):
    from hardtech.engines.match import MatchIndex

    return MatchIndex.build(DOCS, tmp_path / "index", embedder=embedder)
