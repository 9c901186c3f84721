"""Traditional → Simplified Chinese via OpenCC, whose dictionaries ship inside the `opencc` wheel.

`tw2sp` (Taiwan usage to mainland phrasing) rather than plain `t2s`: besides characters it maps Taiwan
vocabulary back (演算法→算法, 軟體→软件, 記憶體→内存), which is what a Taiwan-written query needs to meet
mainland documents. Applied to both queries and documents so a conversion is always symmetric.
"""

from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str, phrases: bool = True) -> str:
    """Simplified-Chinese form of text.

    phrases=True (for matching) also rewrites Taiwan vocabulary, and so a few mainland words too (建立→创建):
    harmless when both sides go through it. phrases=False (plain `t2s`) keeps the wording, for text shown
    to people such as keywords.
    """
    return _converter("tw2sp" if phrases else "t2s").convert(text) if text else text
