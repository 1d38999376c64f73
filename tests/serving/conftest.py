import pytest
from django.core.cache import cache

from reports import sharedcache

from ..portal.conftest import BROWSER_UA, empty_cache, reader, second_year  # noqa: F401
from .servers import RedisServer


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch):
    """The shared cache on a Redis of the test's own (free port), stopped at the end."""
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(sharedcache, "RETRY_SECONDS", 0.2)
    sharedcache.reset()
    yield server
    server.stop()
    sharedcache.reset()


@pytest.fixture(autouse=True)
def fresh_shared_cache():
    sharedcache.reset()
    yield
    sharedcache.reset()
    cache.close()
