"""Chinese word segmentation for search, with jieba and a user dictionary of the reports' terms.

Documents are cut in jieba's search mode, which keeps a long word and the dictionary words
inside it (行政复议 → 行政, 复议, 行政复议), so that a query for either finds it. Queries are cut
in precise mode, so that a query is not widened to fragments such as 范性 from 规范性.

The user dictionary (disclosure.search.dictionary) adds the reports' own terms (双随机一公开,
三集中) and department names, so that they are cut as one word in the index and in the query
alike. Each process loads it, and loads it again when its fingerprint in the cache moves.
"""

import re
import threading

import jieba

from .normalise import normalise

MAX_QUERY_CHARS = 100
FUNCTION_WORDS = "的 了 和 与 及 在 是 等 对 为 把 也 就 都 而 并 或 之 其 于 以 中 我 我们 你 请问"
# A citizen's question around the words that matter: 去年行政复议多少件 → 行政复议
QUESTION_WORDS = (
    "多少 怎么 怎样 怎么样 如何 什么 哪些 哪个 哪里 为什么 为何 是否 有没有 有无 几 "
    "去年 今年 前年 吗 呢 吧 啊 呀 情况 一共 共 总共"
)
STOP_WORDS = frozenset((FUNCTION_WORDS + " " + QUESTION_WORDS).split())
WORD = re.compile(r"^[\w\u3400-\u9fff]+$")

_lock = threading.RLock()
_ready = False
_loaded_words: frozenset[str] = frozenset()
_loaded_fingerprint = ""


def _ensure_loaded() -> None:
    """Load jieba's dictionary once, quietly (its first use otherwise logs to stderr)."""
    global _ready
    if _ready:
        return
    with _lock:
        if not _ready:
            jieba.setLogLevel(60)
            jieba.initialize()
            _ready = True


def warm_up() -> None:
    """Load jieba's dictionary (about a second), OpenCC's tables and pypinyin's now, so that no
    reader's first search waits for them. (The user dictionary, a few dozen words read from the
    database, is added at the first search.)"""
    _ensure_loaded()
    normalise("行政復議")
    import pypinyin  # noqa: F401  (its tables load on import)


def use_user_words(words: frozenset[str], fingerprint: str) -> None:
    """Make jieba cut exactly these extra words as one (words dropped since are removed)."""
    global _loaded_words, _loaded_fingerprint
    _ensure_loaded()
    with _lock:
        if fingerprint == _loaded_fingerprint:
            return
        for word in _loaded_words - words:
            jieba.del_word(word)
        for word in words - _loaded_words:
            jieba.add_word(word)
        _loaded_words, _loaded_fingerprint = words, fingerprint


def loaded_fingerprint() -> str:
    return _loaded_fingerprint


def is_word(token: str) -> bool:
    return bool(WORD.match(token))


def document_terms(text: str) -> str:
    """The normalised text's tokens (search mode) separated by spaces, padded at both ends."""
    _ensure_loaded()
    tokens = (token.strip() for token in jieba.cut_for_search(normalise(text)))
    return " " + " ".join(token for token in tokens if token and is_word(token)) + " "


def document_words(text: str) -> str:
    """The normalised text's words in precise mode (two characters or more), space-padded."""
    _ensure_loaded()
    tokens = (token.strip() for token in jieba.cut(normalise(text)))
    words = [t for t in tokens if len(t) > 1 and is_word(t) and t not in STOP_WORDS]
    return " " + " ".join(words) + " "


def cut_query(query: str) -> list[str]:
    """A normalised query's tokens in precise mode, in order, without punctuation or repeats."""
    _ensure_loaded()
    tokens: list[str] = []
    for token in jieba.cut(query):
        token = token.strip()
        if token and is_word(token) and token not in tokens:
            tokens.append(token)
    return tokens
