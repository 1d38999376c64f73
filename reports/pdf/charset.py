"""The characters the prepared fonts carry.

The 通用规范汉字表 (8105 characters, 2013) is not published as a package in any registry this
project can reach, so the prepared set is GB 2312 (its 6763 汉字 of levels 1 and 2 and its
symbols, taken from Python's own codec) plus ASCII, CJK and full-width punctuation, and every
character of the reports in the database when the fonts are prepared. A report that later uses
a character outside the set is still typeset correctly: the renderer checks coverage before
every rendering and falls back to the complete system fonts (see ``fonts.resolve_fonts``).
"""

import unicodedata
from functools import lru_cache

NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}

# GB/T 15834 punctuation and the symbols reports use, beyond what GB 2312 already holds.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ·, °, ×, ÷, ±
    (0x2010, 0x2027),  # dashes, quotes, ellipsis, ‧
    (0x2030, 0x203B),  # ‰, ′, ″, ※
    (0x2160, 0x216B),  # Roman numerals Ⅰ–Ⅻ
    (0x2460, 0x249B),  # ①–⑳, ⑴–⒇, ⒈–⒛
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕〖〗〜
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width forms: ,;:?!()%
    (0xFF5F, 0xFF65),  # full-width brackets and middle dot
    (0xFFE0, 0xFFE6),  # ¥, ¢, £
]


@lru_cache(maxsize=1)
def gb2312_characters() -> frozenset[str]:
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(characters)


def base_characters() -> frozenset[str]:
    characters = set(gb2312_characters())
    for start, end in EXTRA_RANGES:
        characters.update(chr(code) for code in range(start, end + 1))
    return frozenset(characters)


def drawn_characters(text: str) -> set[str]:
    """Characters that need a glyph: all but white space, control and format characters.

    Private-use and unassigned code points count: a font without them would draw boxes.
    """
    return {c for c in set(text) if not c.isspace() and unicodedata.category(c) not in NOT_DRAWN}
