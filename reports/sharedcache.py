"""The shared cache (Redis in production) as an optional service: when it fails, callers get
the default and go on without it (render the page, skip the lock), a warning is logged once,
and the next attempt after a short pause uses it again, so it recovers by itself.

Without the pause every request would wait for a refused (or, on a dropped network, a timed
out) connection; with it a process tries again at most every RETRY_SECONDS.
"""

import logging
import time

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
FAILURES = (RedisError, OSError)

_down_until = 0.0
_on_recovery: list = []
_recovering = False


def available() -> bool:
    return time.monotonic() >= _down_until


def failed(operation: str, error: Exception) -> None:
    """Note a failure of the shared cache: pause its use for RETRY_SECONDS."""
    global _down_until
    if available():
        logger.warning("Shared cache unavailable (%s: %s); going on without it", operation, error)
    _down_until = time.monotonic() + RETRY_SECONDS


def recovery_pending() -> bool:
    """Something missed while the cache was away waits to run (see ``call``)."""
    return bool(_on_recovery)


def when_back(callback) -> None:
    """Run ``callback`` (once) when the shared cache next answers, e.g. a missed invalidation."""
    if callback not in _on_recovery:
        _on_recovery.append(callback)


def _recover() -> None:
    """Run what was missed while the cache was away, before anything else reads from it."""
    global _recovering
    _recovering = True
    try:
        while _on_recovery and available():
            _on_recovery.pop(0)()  # a callback that fails again registers itself again
    finally:
        _recovering = False


def call(operation: str, *args, default=None, **kwargs):
    """``cache.<operation>(*args, **kwargs)``, or ``default`` while the cache is unavailable."""
    if _on_recovery and not _recovering and available():
        _recover()
    if not available():
        return default
    try:
        return getattr(cache, operation)(*args, **kwargs)
    except FAILURES as error:
        failed(operation, error)
        return default


def reset() -> None:
    """Forget a pause (tests switch caches between them)."""
    global _down_until
    _down_until = 0.0
    _on_recovery.clear()
