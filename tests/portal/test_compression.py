"""Pages go out compressed when the browser takes it, and the page cache's ETags and 304s still
work on the compressed answer."""

import gzip
import os
import subprocess
import sys

import brotli
import pytest

from disclosure.compression import accepted_encodings

pytestmark = pytest.mark.django_db

BROWSER = "gzip, deflate, br, zstd"


def test_report_page_is_sent_with_brotli_and_is_much_smaller(client, seed_report):
    plain = client.get("/reports/2017/")
    packed = client.get("/reports/2017/", HTTP_ACCEPT_ENCODING=BROWSER)
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert int(packed["Content-Length"]) == len(packed.content)
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
        assert "Cookie" in response["Vary"]  # the page cache's own Vary is kept
    assert not plain.has_header("Content-Encoding")


def test_gzip_when_the_browser_does_not_take_brotli(client, seed_report):
    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    refused = client.get("/", HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0, identity")
    assert not refused.has_header("Content-Encoding") and refused.content == plain.content


def test_compressed_page_keeps_its_etag_weakly_and_answers_304(client, seed_report):
    plain = client.get("/reports/2017/")
    packed = client.get("/reports/2017/", HTTP_ACCEPT_ENCODING=BROWSER)
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(
        "/reports/2017/", HTTP_ACCEPT_ENCODING=BROWSER, HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert again.status_code == 304 and again.content == b""
    assert "Accept-Encoding" in again["Vary"]
    assert client.get("/reports/2017/", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_open_data_json_and_feed_are_compressed_too(client, seed_report):
    for path in ("/data/figures.json", "/feed/", "/sitemap.xml"):
        response = client.get(path, HTTP_ACCEPT_ENCODING=BROWSER)
        assert response.status_code == 200
        assert response["Content-Encoding"] in ("br", "gzip"), path


def test_admin_pages_get_gzip_with_breach_padding(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING=BROWSER)
    # A page that holds a CSRF token is never kept compressed, and gets Django's gzip with a
    # random file name in its header (FNAME flag) against BREACH, even when brotli is taken.
    assert response["Content-Encoding"] == "gzip"
    assert response.content[3] & 0x08
    assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)


@pytest.mark.parametrize("value, on", [("", True), ("0", False), ("1", True)])
def test_page_compression_can_be_left_to_the_proxy(value, on):
    env = {**os.environ, "PORTAL_COMPRESS_PAGES": value, "DJANGO_SECRET_KEY": "test"}
    code = "import portal.settings as s; print('disclosure.compression.CompressionMiddleware' in s.MIDDLEWARE)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(on)


def test_accept_encoding_parsing():
    assert accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("") == set()
