"""Progress bars for index builds on the command line: one tqdm bar per index and stage (on stderr)."""

from __future__ import annotations

import sys

from tqdm import tqdm

from hardtech.catalogue.kinds import KINDS, MATCHABLE

STAGES = {"analyse": "分词", "embed": "向量"}
KIND_NAMES = {code: KINDS[code].short_label for code in MATCHABLE}


class IndexBars:
    """Callable as the service's progress(kind, stage, done, total); `close()` when done."""

    def __init__(self) -> None:
        self._bars: dict[tuple[str, str], tqdm] = {}

    def __call__(self, kind: str, stage: str, done: int, total: int) -> None:
        key = (kind, stage)
        if total == 0:  # an empty library: nothing to show progress of
            return
        if key not in self._bars:
            self._bars[key] = tqdm(
                total=total,
                desc=f"{KIND_NAMES[kind]}·{STAGES.get(stage, stage)}",
                unit="条",
                file=sys.stderr,
            )
        self._bars[key].n = done
        self._bars[key].refresh()
        if done >= total:
            self._bars.pop(key).close()

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()
