"""A tqdm bar per stage for the engine's progress(stage, done, total) hook (CLI use; bars go to stderr)."""

from __future__ import annotations

import sys

from tqdm import tqdm


class StageBars:
    """Callable as progress(stage, done, total); `close()` when done."""

    def __init__(self, leave: bool = True, unit: str = "doc") -> None:
        self._bars: dict[str, tqdm] = {}
        self._leave = leave
        self._unit = unit

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(
                total=total, desc=stage, unit=self._unit, file=sys.stderr, leave=self._leave
            )
        if total and bar.total != total:  # a stage whose size became known only at its end
            bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()
