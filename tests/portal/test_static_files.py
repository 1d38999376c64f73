"""Static files as production serves them: hashed names cached for a year, brotli and gzip
copies made at build time, and a short plain 404 for a file that does not exist.

The suite itself uses plain StaticFilesStorage (portal/test_settings.py: no collectstatic before
every run); these tests run `collectstatic` with the production storage into a folder of their
own and serve it through WhiteNoise as gunicorn would.
"""

import gzip
import json
import re

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

import portal.settings as production

pytestmark = pytest.mark.django_db

SOURCE_CSS = settings.BASE_DIR / "static" / "css" / "portal.css"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the production storage.

    Only the project's own static folder: brotli at its best level takes most of a minute over
    the admin's scripts on a busy machine, and the admin's files go through the same storage.
    """
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=production.STORAGES,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def served(collected):
    """A WhiteNoise in front of the app, as in production, over the collected files; the app
    behind it answers 418 so that a request WhiteNoise let through is seen."""
    with override_settings(STATIC_ROOT=collected, STORAGES=production.STORAGES, DEBUG=False):
        from django.http import HttpResponse

        yield WhiteNoiseMiddleware(lambda request: HttpResponse(status=418))


def hashed_css_name(root) -> str:
    manifest = json.loads((root / "staticfiles.json").read_text())
    return manifest["paths"]["css/portal.css"]


def test_collectstatic_names_files_by_content_and_compresses_them(collected):
    name = hashed_css_name(collected)
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", name)
    original = SOURCE_CSS.read_bytes()
    hashed = (collected / name).read_bytes()
    # Hashed copies may have their url() references rewritten; the rules are the same.
    assert hashed.replace(b"\n", b"")[:200] == original.replace(b"\n", b"")[:200]
    assert brotli.decompress((collected / f"{name}.br").read_bytes()) == hashed
    assert gzip.decompress((collected / f"{name}.gz").read_bytes()) == hashed
    assert (collected / f"{name}.br").stat().st_size < len(hashed) / 3


def test_pages_link_the_hashed_name(collected, client, seed_report):
    with override_settings(STATIC_ROOT=collected, STORAGES=production.STORAGES, DEBUG=False):
        html = client.get("/reports/2017/").content.decode()
    assert f'href="/static/{hashed_css_name(collected)}"' in html


def test_hashed_file_is_cached_for_a_year_and_sent_compressed(collected, served):
    path = "/static/" + hashed_css_name(collected)
    response = served(RequestFactory().get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == (collected / hashed_css_name(collected)).read_bytes()

    plain = served(RequestFactory().get(path))
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")


def test_unhashed_name_is_not_cached_for_long(served):
    response = served(RequestFactory().get("/static/css/portal.css"))
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) <= 3600


def test_missing_static_file_is_a_short_plain_404(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # no page frame, no site settings: nothing rendered
        response = client.get("/static/css/no-such-file.3f2a1b0c9d8e.css")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content) < 20
    other = client.get("/no-such-page/")
    assert other.status_code == 404 and "页面不存在" in other.content.decode()
