"""The one test with the real e5 model: the full rebuild adds dense vectors and a publish embeds its text."""

import pytest

from hardtech.matching import services
from hardtech.matching.store import store

pytestmark = pytest.mark.django_db


def test_dense_rebuild_and_incremental_update(
    settings, built, demand, achievement, django_capture_on_commit_callbacks
):
    settings.MATCH_LEXICAL_ONLY = False
    services.rebuild()
    assert services.status()["achievements"]["lexical_only"] is False
    hit = services.matches(demand, "achievements")[0]
    assert hit.obj == achievement and hit.match.parts["dense"] > 0
    cache = settings.MATCH_INDEX_DIR / "cache"
    before = sum(f.stat().st_size for f in cache.iterdir())
    services.rebuild("achievements")  # unchanged text: every vector comes from the content-hash cache
    assert sum(f.stat().st_size for f in cache.iterdir()) == before
    draft = built["draft"]
    draft.status = "published"
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the commit
        draft.save()
    assert store.current("achievements").get(str(draft.pk)) is not None
    assert draft.pk in services.search_ids("achievements", "光纤激光器")
