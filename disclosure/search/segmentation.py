"""Chinese word segmentation for search, with jieba.

Documents are cut in jieba's search mode, which keeps a long word and the dictionary words
inside it (行政复议 → 行政, 复议, 行政复议), so that a query for either finds it. Queries are cut
in precise mode, so that a query is not widened to fragments such as 范性 from 规范性.
"""

import re
import threading

import jieba

MAX_QUERY_CHARS = 100
MAX_QUERY_TERMS = 10
STOP_WORDS = frozenset("的 了 和 与 及 在 是 等 对 为 把 也 就 都 而 并 或 之 其 于 以 中".split())
WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)

_lock = threading.Lock()
_ready = False


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
    """Load the dictionary now (about a second), so that no reader's first search waits for it."""
    _ensure_loaded()


def _is_word(token: str) -> bool:
    return bool(WORD.search(token))


def document_terms(text: str) -> str:
    """The text's tokens separated by spaces, padded with a space at both ends."""
    _ensure_loaded()
    tokens = [token.strip().lower() for token in jieba.cut_for_search(text)]
    return " " + " ".join(token for token in tokens if token and _is_word(token)) + " "


def query_terms(query: str) -> list[str]:
    """The words of a query, longest first, without punctuation, duplicates or stop words."""
    _ensure_loaded()
    query = query[:MAX_QUERY_CHARS]
    terms: list[str] = []
    for token in jieba.cut(query):
        token = token.strip().lower()
        if token and _is_word(token) and token not in terms:
            terms.append(token)
    content = [term for term in terms if term not in STOP_WORDS]
    terms = content or terms
    terms.sort(key=len, reverse=True)
    return terms[:MAX_QUERY_TERMS]
