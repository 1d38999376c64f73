"""A citizen's query read as what to search: normalised, synonyms applied, cut into words.

Order matters: the synonym table is applied to the normalised text before segmentation
(打官司 → 行政应诉 is then cut as the report's own word). A one-character query is searched as
a substring. Single characters that jieba cuts from a word it does not know (告 from 告政府,
件 from 10件) are dropped when the query also has a real word: they neither count as a match
nor get highlighted.
"""

import re
from dataclasses import dataclass, field

from reports import sharedcache

from ..models import SearchSynonym, SearchWord
from . import dictionary
from .normalise import collapse_spaces, normalise
from .segmentation import MAX_QUERY_CHARS, STOP_WORDS, cut_query

MAX_QUERY_TERMS = 10
SYNONYM_SEPARATORS = re.compile(r"[、,,;;/\s]+")
# A figure as a citizen types it: 10件, 3692, 3万余人次, 1.5亿元
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[万亿千百])?(?:余|多)?(?:[\u4e00-\u9fff]{1,2})?")
LATIN = re.compile(r"^[a-z]+$")


@dataclass
class ParsedQuery:
    text: str  # as shown back to the reader (spaces collapsed, cut to the maximum)
    normalised: str = ""
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (citizen's word, term)
    terms: list[str] = field(default_factory=list)  # searched as whole words, longest first
    substring: bool = False  # a one-character query, matched inside words
    ignored: list[str] = field(default_factory=list)  # fragments and question words dropped
    numbers: list[str] = field(default_factory=list)  # figures as typed: 10件, 3692
    # a word jieba did not know, as typed, with the searched word cut from it: (规范姓, 规范)
    unknown: list[tuple[str, str]] = field(default_factory=list)

    @property
    def latin_terms(self) -> list[str]:
        return [term for term in self.terms if LATIN.match(term)]


SYNONYMS_CACHE_KEY = "disclosure:search:synonyms"


def synonym_pairs() -> list[tuple[str, str]]:
    """(citizen's phrase, report's term), longest phrase first, all normalised; kept in the
    cache until the table changes (disclosure.receivers forgets it)."""
    pairs = sharedcache.call("get", SYNONYMS_CACHE_KEY)
    if pairs is None:
        pairs = _read_synonym_pairs()
        sharedcache.call("set", SYNONYMS_CACHE_KEY, pairs, None)
    return pairs


def forget_synonyms() -> None:
    sharedcache.call("delete", SYNONYMS_CACHE_KEY)
    if not sharedcache.available():
        sharedcache.when_back(forget_synonyms)


def _read_synonym_pairs() -> list[tuple[str, str]]:
    pairs = []
    for phrases, target in SearchSynonym.objects.values_list("phrases", "target"):
        target = normalise(target).strip()
        for phrase in SYNONYM_SEPARATORS.split(normalise(phrases)):
            if phrase and target and phrase != target:
                pairs.append((phrase, target))
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return pairs


def apply_synonyms(text: str, pairs) -> tuple[str, list[tuple[str, str]]]:
    """The citizen's phrase is replaced by the report's term, or joined by it when the reports
    use the phrase too (办事 stays searched beside 政务服务)."""
    applied = []
    for phrase, target in pairs:
        if phrase in text and target not in text:
            applied.append((phrase, target))
    if not applied:
        return text, applied
    used = set(
        SearchWord.objects.filter(word__in=[p for p, _t in applied]).values_list("word", flat=True)
    )
    for phrase, target in applied:
        text = text.replace(phrase, f" {phrase} {target} " if phrase in used else f" {target} ")
    return text, applied


def parse_query(raw: str) -> ParsedQuery:
    text = collapse_spaces(raw)[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(text=text)
    normalised = collapse_spaces(normalise(text))
    if not normalised:
        return parsed
    dictionary.ensure_loaded()
    normalised, parsed.synonyms = apply_synonyms(normalised, synonym_pairs())
    parsed.normalised = collapse_spaces(normalised)
    parsed.numbers = [m.group(0) for m in NUMBER.finditer(parsed.normalised)]
    tokens = cut_query(parsed.normalised)
    content = [token for token in tokens if token not in STOP_WORDS]
    parsed.ignored = [token for token in tokens if token in STOP_WORDS]
    if not content:
        content, parsed.ignored = tokens, []  # a query made only of such words still searches
    # a number (10 of 10件) is a word even when it is one digit (5 of 5件)
    words = [token for token in content if len(token) > 1 or token.isdigit()]
    if words:
        fragments = [t for t in content if len(t) == 1 and not t.isdigit()]
        parsed.ignored += fragments
        parsed.unknown = _unknown_words(tokens, fragments)
        parsed.terms = sorted(words, key=len, reverse=True)[:MAX_QUERY_TERMS]
    else:
        parsed.terms = content[:MAX_QUERY_TERMS]
        parsed.substring = True
    return parsed


def _unknown_words(tokens: list[str], fragments: list[str]) -> list[tuple[str, str]]:
    """A fragment glued back to the word beside it (规范 + 姓 → 规范姓), for did-you-mean."""
    unknown = []
    for index, token in enumerate(tokens):
        if token not in fragments:
            continue
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        for word, glued in ((before, before + token), (after, token + after)):
            if len(word) > 1 and not word.isdigit() and word not in STOP_WORDS:
                unknown.append((glued, word))
                break
    return unknown
