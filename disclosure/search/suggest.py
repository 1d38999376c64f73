"""Did you mean: a word that found nothing, typed in pinyin (fuyi) or with a character of the
same sound (复意, 规范姓), mapped through toneless pinyin (pypinyin) to the reports' own words.

Each vocabulary word (SearchWord) keeps its syllables; a query's sound matches a word when it
spells a run of the word's syllables (fuyi → xing zheng [fu yi]). Of the words it matches, the
one most entries hold is offered. This needs no trigram index, so SQLite does it as well.
"""

import re
import threading

from pypinyin import lazy_pinyin

from ..models import SearchWord
from .index import index_version

LATIN = re.compile(r"^[a-z]+$")

_lock = threading.Lock()
_vocabulary: tuple[int, list[tuple[str, list[str], str, int]]] | None = None


def _words():
    """(word, syllables, syllables joined, entries), kept per index version."""
    global _vocabulary
    version = index_version()
    if _vocabulary is None or _vocabulary[0] != version:
        with _lock:
            rows = [
                (word, pinyin.split(), pinyin.replace(" ", ""), entries)
                for word, pinyin, entries in SearchWord.objects.values_list(
                    "word", "pinyin", "entries"
                )
            ]
            _vocabulary = (version, rows)
    return _vocabulary[1]


def sound_of(term: str) -> str:
    if LATIN.match(term):
        return term
    return "".join(lazy_pinyin(term))


def _spells_run(syllables: list[str], sound: str) -> bool:
    for start in range(len(syllables)):
        spelled = ""
        for syllable in syllables[start:]:
            spelled += syllable
            if spelled == sound:
                return True
            if not sound.startswith(spelled):
                break
    return False


def similar_word(term: str) -> str | None:
    sound = sound_of(term)
    if len(sound) < 2:
        return None
    best = None
    for word, syllables, joined, entries in _words():
        if word == term or sound not in joined or not _spells_run(syllables, sound):
            continue
        rank = (entries, -len(word))
        if best is None or rank > best[0]:
            best = (rank, word)
    return best[1] if best else None


def did_you_mean(
    terms: list[str], missing: list[str], unknown: list[tuple[str, str]] = ()
) -> str | None:
    """The query with each word that found nothing replaced by its likeliest word, or None.

    ``unknown`` are words jieba cut into a word and a fragment (规范姓 → 规范, 姓): when the whole
    sounds like a known word (规范性), it takes the place of the word cut from it.
    """
    replacements = {term: similar_word(term) for term in missing}
    for glued, word in unknown:
        if not replacements.get(word):
            replacements[word] = similar_word(glued)
    if not any(replacements.values()):
        return None
    words = []
    for term in terms:
        words.append(replacements.get(term) or term)
    # 行政 + 复意 → 行政复议: a found word already inside a replacement is not repeated
    kept = [w for w in words if not any(w != other and w in other for other in words)]
    return " ".join(dict.fromkeys(kept))
