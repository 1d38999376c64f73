"""The index's state as every process sees it: one SearchIndexState row, read at most once a
second per process, so that a change made through any app server (new dictionary words, a
re-indexed report) reaches the others without a shared cache."""

import threading
import time
import uuid

from ..models import SearchIndexState

STATE_TTL_SECONDS = 1.0

_lock = threading.Lock()
_read: tuple[float, tuple[str, str]] | None = None


def current() -> tuple[str, str]:
    """(dictionary fingerprint, index version); ("", "") before the index was ever built."""
    global _read
    now = time.monotonic()
    if _read is None or now - _read[0] > STATE_TTL_SECONDS:
        row = SearchIndexState.objects.filter(pk=1).values_list("fingerprint", "version").first()
        with _lock:
            _read = (now, row or ("", ""))
    return _read[1]


def forget() -> None:
    """This process wrote the state: read it again next time."""
    global _read
    _read = None


def stored_words() -> frozenset[str]:
    row = SearchIndexState.objects.filter(pk=1).values_list("words", flat=True).first()
    return frozenset(w for w in (row or "").split("\n") if w)


def save(*, words: frozenset[str] | None = None, fingerprint: str | None = None) -> None:
    """Record new dictionary words, and in any case a new index version."""
    state = SearchIndexState.objects.filter(pk=1).first() or SearchIndexState(pk=1)
    if words is not None:
        state.words = "\n".join(sorted(words))
        state.fingerprint = fingerprint
    state.version = uuid.uuid4().hex
    state.save()
    forget()
