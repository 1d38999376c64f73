"""What search engines and sharing apps read in a page's head: description, canonical address,
Open Graph, schema.org JSON-LD, and a Content-Language that agrees with <html lang>."""

import json
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from disclosure.models import SiteSettings
from reports.models import ChangeNote

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/reports/",
    "/reports/2017/",
    "/indicators/",
    "/indicators/review.applications/",
    "/departments/",
    "/data/",
]


class Head(HTMLParser):
    """The head's meta and link tags, <html lang> and the JSON-LD blocks, parsed."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.lang = None
        self.json_ld: list[dict] = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs.get("property")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False


def head(client, path, **extra) -> Head:
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return Head(response.content.decode())


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_description_canonical_and_open_graph(client, seed_report, path):
    tags = head(client, path)
    [description] = tags.meta["description"]
    assert len(description) >= 20 and "{" not in description
    [canonical] = tags.links["canonical"]
    assert canonical == "http://testserver" + path
    assert tags.meta["og:url"] == [canonical]
    assert tags.meta["og:description"] == [description]
    assert tags.meta["og:title"][0] and tags.meta["og:locale"] == ["zh_CN"]
    assert tags.meta["og:image"] == ["http://testserver/icon-512.png"]
    assert tags.meta["og:type"] == ["article" if path == "/reports/2017/" else "website"]
    assert tags.links["icon"] == ["/favicon.ico"]
    assert tags.links["apple-touch-icon"] == ["/apple-touch-icon.png"]


def test_descriptions_say_what_the_page_is(client, seed_report):
    report_description = head(client, "/reports/2017/").meta["description"][0]
    assert report_description.startswith(seed_report.summary[:20])
    indicator = head(client, "/indicators/review.applications/")
    assert indicator.meta["description"][0].startswith("行政复议")
    assert indicator.meta["og:title"][0].startswith("行政复议")


def test_description_escapes_staff_text(client, seed_report):
    seed_report.summary = '测试概述 "><script>alert(1)</script>'
    seed_report.save()
    html = client.get("/reports/2017/").content.decode()
    assert "<script>alert" not in html
    assert Head(html).meta["description"][0].startswith('测试概述 "><script>')


def test_canonical_uses_the_configured_origin_and_drops_stray_parameters(
    client, seed_report, settings
):
    settings.PORTAL_SITE_ORIGIN = "https://fzzf.example.gov.cn"
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.5"]  # a host alias: the server's address
    tags = head(client, "/reports/2017/?utm_source=wechat&from=timeline", HTTP_HOST="10.0.0.5")
    assert tags.links["canonical"] == ["https://fzzf.example.gov.cn/reports/2017/"]
    assert tags.meta["og:image"] == ["https://fzzf.example.gov.cn/icon-512.png"]
    listing = head(client, "/reports/?page=2&year=2017", HTTP_HOST="10.0.0.5")
    assert listing.links["canonical"] == ["https://fzzf.example.gov.cn/reports/?page=2"]


def test_canonical_says_https_behind_a_tls_proxy(client, seed_report, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    tags = head(client, "/", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")
    assert tags.links["canonical"] == ["https://testserver/"]


def test_search_and_error_pages_have_no_canonical_and_search_stays_noindex(client, seed_report):
    search = head(client, "/search/?q=行政复议")
    assert "canonical" not in search.links and search.meta["robots"] == ["noindex"]
    assert search.meta["description"]
    missing = Head(client.get("/reports/1999/").content.decode())
    assert "canonical" not in missing.links


def test_content_language_agrees_with_html_lang(client, seed_report):
    for path in ["/", "/reports/2017/", "/data/"]:
        response = client.get(path)
        assert response["Content-Language"] == "zh-CN"
        assert Head(response.content.decode()).lang == "zh-CN"


def test_report_json_ld(client, seed_report):
    [data] = head(client, "/reports/2017/").json_ld
    assert data["@context"] == "https://schema.org" and data["@type"] == "Report"
    assert data["name"] == seed_report.title
    assert data["url"] == "http://testserver/reports/2017/"
    assert data["inLanguage"] == "zh-CN"
    assert data["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": seed_report.government,
        "url": "http://testserver/",
    }
    assert data["author"]["name"] == seed_report.issuing_office
    published = datetime.fromisoformat(data["datePublished"])
    assert published == seed_report.published_at
    assert data["dateModified"] == data["datePublished"]  # no change note yet
    assert data["encoding"] == {
        "@type": "MediaObject",
        "contentUrl": "http://testserver/reports/2017/pdf/",
        "encodingFormat": "application/pdf",
        "name": f"{seed_report.title}(PDF)",
    }


def test_report_json_ld_date_modified_is_the_latest_public_change_note(client, seed_report):
    noted = timezone.make_aware(datetime(2018, 3, 2, 10, 0))
    minor = timezone.make_aware(datetime(2018, 4, 9, 10, 0))
    public = ChangeNote.objects.create(report=seed_report, note="测试:更正一处数字")
    hidden = ChangeNote.objects.create(report=seed_report, note="测试:错别字", is_minor=True)
    ChangeNote.objects.filter(pk=public.pk).update(created_at=noted)
    ChangeNote.objects.filter(pk=hidden.pk).update(created_at=minor)
    [data] = head(client, "/reports/2017/").json_ld
    assert datetime.fromisoformat(data["dateModified"]) == noted
    tags = head(client, "/reports/2017/")
    assert datetime.fromisoformat(tags.meta["article:modified_time"][0]) == noted


def test_json_ld_cannot_be_broken_out_of(client, seed_report):
    seed_report.summary = "测试</script><script>alert(1)</script>&amp;"
    seed_report.save()
    html = client.get("/reports/2017/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["description"] == seed_report.summary


def test_withdrawn_and_preview_pages_carry_no_json_ld(client, admin_client, seed_report):
    assert head(admin_client, "/reports/2017/preview/").json_ld == []
    seed_report.status = "withdrawn"
    seed_report.withdrawal_reason = "测试撤回"
    seed_report.save()
    assert head(client, "/reports/2017/").json_ld == []


def test_open_data_dataset_json_ld(client, seed_report, second_year):
    SiteSettings.objects.create(site_name="测试市人民政府")
    [data] = head(client, "/data/").json_ld
    assert data["@type"] == "Dataset" and data["inLanguage"] == "zh-CN"
    assert data["name"] and len(data["description"]) >= 50
    assert data["url"] == "http://testserver/data/"
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["name"] == "测试市人民政府"
    assert data["temporalCoverage"] == "2017/2018"
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    assert all(d["@type"] == "DataDownload" for d in data["distribution"])
    assert downloads["http://testserver/data/figures.csv"] == "text/csv"
    assert downloads["http://testserver/data/figures.json"] == "application/json"
    assert downloads["http://testserver/data/figures.csv?year=2018"] == "text/csv"
    for url in downloads:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
