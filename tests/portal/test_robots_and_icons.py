"""/robots.txt, /favicon.ico and the home-screen icon: answered cheaply, never a 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disclosure.models import SiteSettings

pytestmark = pytest.mark.django_db


def png(size=(300, 200), colour=(0, 80, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_robots_txt_keeps_crawlers_out_of_admin_search_mode_and_previews(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "max-age=" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert disallowed == {
        "/admin/",
        "/search/",
        "/mode/",
        "/reports/*/preview/",
        "/reports/*/pdf/draft/",
        "/reports/*/seen.gif",
    }
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_names_the_configured_origin_and_https_behind_a_proxy(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    behind_proxy = client.get(
        "/robots.txt", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver"
    ).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in behind_proxy
    settings.PORTAL_SITE_ORIGIN = "https://fzzf.example.gov.cn"
    assert (
        "Sitemap: https://fzzf.example.gov.cn/sitemap.xml"
        in client.get("/robots.txt").content.decode()
    )


def test_robots_and_favicon_render_no_template(client, django_assert_max_num_queries):
    SiteSettings.load()  # the settings row, as a running site has it cached
    with django_assert_max_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
        assert client.get("/favicon.ico").status_code == 200


def test_default_favicon_and_touch_icon(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon["Content-Type"] == "image/x-icon"
    with Image.open(io.BytesIO(favicon.content)) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(image.info["sizes"])
    assert favicon["Cache-Control"] == "public, max-age=86400"
    touch = client.get("/apple-touch-icon.png")
    assert touch["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(touch.content)) as image:
        assert image.size == (180, 180) and image.mode == "RGB"  # no transparency on phones
    assert client.get("/apple-touch-icon-precomposed.png").content == touch.content
    with Image.open(io.BytesIO(client.get("/icon-512.png").content)) as image:
        assert image.size == (512, 512)


def test_icons_answer_304_to_a_browser_that_has_them(client):
    first = client.get("/favicon.ico")
    again = client.get("/favicon.ico", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_uploaded_government_mark_becomes_the_icons(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    default_touch = client.get("/apple-touch-icon.png").content
    site = SiteSettings(site_name="测试市人民政府")
    site.site_mark = SimpleUploadedFile("mark.png", png(), content_type="image/png")
    site.full_clean()
    site.save()
    touch = client.get("/apple-touch-icon.png")
    assert touch.content != default_touch
    with Image.open(io.BytesIO(touch.content)) as image:
        assert image.size == (180, 180)
        assert image.getpixel((90, 90)) == (0, 80, 160)  # the mark, centred
        assert image.getpixel((90, 2)) == (255, 255, 255)  # padded to a square, not cropped
    with Image.open(io.BytesIO(client.get("/favicon.ico").content)) as image:
        image.size = (48, 48)
        image.load()
        assert image.convert("RGB").getpixel((24, 24)) == (0, 80, 160)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("mark.png", b"not an image", "请上传一张有效的图片"),
        ("mark.png", png(size=(60, 60)), "至少应为180×180像素"),
    ],
)
def test_unusable_mark_is_refused_in_the_admin_with_a_message(
    admin_client, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(
        "/admin/disclosure/sitesettings/add/",
        {"site_name": "测试市人民政府", "site_mark": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_site_settings_admin_offers_the_mark(admin_client):
    html = admin_client.get("/admin/disclosure/sitesettings/add/").content.decode()
    assert 'name="site_mark"' in html and "网站标志" in html
