"""One form of text for the index and the query: NFKC (full-width Ａ１ and half-width A1
alike), traditional characters as simplified (行政復議 → 行政复议), lower case.

The traditional → simplified step is OpenCC (the ``opencc`` package on PyPI): the converter
of the OpenCC project itself, maintained, with phrase-level tables and prebuilt wheels, where
zhconv has had no release since 2021.
"""

import re
import threading
import unicodedata
from functools import lru_cache

_converter = None
_converter_lock = threading.Lock()

SPACES = re.compile(r"\s+")


def _to_simplified(text: str) -> str:
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def normalise(text: str) -> str:
    """The searchable form of ``text``; its length may differ from the original's."""
    text = unicodedata.normalize("NFKC", text)
    return _to_simplified(text).lower()


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Like ``normalise`` but character for character, so that an offset found in the result
    is the same offset in ``text`` (for highlighting the text as printed). Kept for the texts
    shown most recently: results pages show the same sections again and again."""
    chars = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        chars.append(folded if len(folded) == 1 else char)
    folded = "".join(chars)
    simplified = _to_simplified(folded)
    if len(simplified) != len(folded):
        simplified = "".join(c2 if len(c2 := _to_simplified(c)) == 1 else c for c in folded)
    return simplified.lower()


def collapse_spaces(text: str) -> str:
    return SPACES.sub(" ", text).strip()
