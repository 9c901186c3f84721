"""Chinese text processing for matching: normalisation, script conversion, tokenising, keywords.

from hardtech.engines.text import normalize, to_simplified, words, bigrams, keywords
"""

from hardtech.engines.text.keywords import keywords
from hardtech.engines.text.normalize import normalize
from hardtech.engines.text.script import to_simplified
from hardtech.engines.text.tokenize import analyze, bigrams, words

__all__ = ["analyze", "bigrams", "keywords", "normalize", "to_simplified", "words"]
