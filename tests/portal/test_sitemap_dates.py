"""sitemap.xml and the feed: every entry dated by publication or the last public correction,
the PDF listed, and addresses on the site's origin (https:// behind a TLS proxy)."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.utils import timezone

from reports.models import ChangeNote, Department

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}


def entries(client, **extra) -> dict[str, str]:
    response = client.get("/sitemap.xml", **extra)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def note(report, when, minor=False):
    made = ChangeNote.objects.create(report=report, note="测试:更正", is_minor=minor)
    ChangeNote.objects.filter(pk=made.pk).update(created_at=timezone.make_aware(when))


def test_every_entry_has_lastmod_the_publication_date_not_the_load_date(client, seed_report):
    urls = entries(client)
    assert all(urls.values()), [loc for loc, lastmod in urls.items() if not lastmod]
    published = "2018-01-15"  # the seed's 发布时间; its rows were loaded today
    assert urls["http://testserver/reports/2017/"] == published
    assert urls["http://testserver/reports/2017/pdf/"] == published
    assert urls["http://testserver/"] == published
    assert urls["http://testserver/indicators/review.applications/"] == published
    department = Department.objects.get(name="市政府法制办")
    assert urls[f"http://testserver/departments/{department.pk}/"] == published


def test_lastmod_follows_the_latest_public_correction(client, seed_report, second_year):
    note(seed_report, datetime(2018, 5, 3, 10))
    note(seed_report, datetime(2018, 9, 1, 10), minor=True)  # not announced: not a new date
    urls = entries(client)
    assert urls["http://testserver/reports/2017/"] == "2018-05-03"
    assert urls["http://testserver/reports/2017/pdf/"] == "2018-05-03"
    assert urls["http://testserver/reports/2018/"] == "2019-01-20"
    # An indicator both years report: the later of the two reports' changes.
    assert urls["http://testserver/indicators/review.applications/"] == "2019-01-20"
    assert urls["http://testserver/"] == "2019-01-20"


def test_drafts_stay_out_of_the_sitemap(client, seed_report):
    from ..factories import make_report

    make_report(2031, status="review")
    assert not any("2031" in loc for loc in entries(client))


def test_sitemap_and_feed_use_https_behind_a_tls_proxy(client, seed_report, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    urls = entries(client, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")
    assert all(loc.startswith("https://testserver/") for loc in urls)
    feed = ET.fromstring(
        client.get("/feed/", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver").content
    )
    links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(link.startswith("https://testserver/") for link in links)


def test_sitemap_and_feed_use_the_configured_origin(client, seed_report, settings):
    settings.PORTAL_SITE_ORIGIN = "https://fzzf.example.gov.cn"
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.5"]  # a host alias: the server's address
    urls = entries(client, HTTP_HOST="10.0.0.5")
    assert all(loc.startswith("https://fzzf.example.gov.cn/") for loc in urls)
    feed = ET.fromstring(client.get("/feed/", HTTP_HOST="10.0.0.5").content)
    [entry] = feed.findall("a:entry", NS)
    assert entry.findtext("a:id", namespaces=NS) == "https://fzzf.example.gov.cn/reports/2017/"
    assert entry.find("a:link", NS).get("href") == "https://fzzf.example.gov.cn/reports/2017/"
    updated = datetime.fromisoformat(entry.findtext("a:updated", namespaces=NS))
    assert updated == seed_report.published_at


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", "None"),
        ("X-Forwarded-Proto", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("X-Forwarded-Proto: https", "('HTTP_X_FORWARDED_PROTO', 'https')"),
    ],
)
def test_the_proxy_header_comes_from_the_environment(value, expected):
    env = {**os.environ, "DJANGO_SECURE_PROXY_SSL_HEADER": value, "DJANGO_SECRET_KEY": "test"}
    code = "import portal.settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected
