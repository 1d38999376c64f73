"""What every public page's frame needs: the site's identity, the reader's display mode and
the page's addresses for search engines and sharing (canonical, Open Graph)."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import origin
from .models import SiteSettings
from .pagecache import elder_mode, text_size

# 大/中/小: the code the display-mode link sets, the letter shown, and the link's full name.
TEXT_SIZE_CHOICES = [
    ("l", _("大"), _("大字号")),
    ("m", _("中"), _("中字号")),
    ("s", _("小"), _("小字号")),
]


def site_name(site: SiteSettings) -> str:
    if site.site_name:
        return site.site_name
    from . import selectors

    return selectors.latest_government()


def portal(request):
    site = SiteSettings.load()
    return {
        "site": site,
        "site_name": SimpleLazyObject(lambda: site_name(site)),
        "site_domain": site.site_domain or origin.request_host(request) or "",
        "elder": elder_mode(request),
        "text_size": text_size(request),
        "text_size_choices": TEXT_SIZE_CHOICES,
        "default_columns": [c.strip() for c in settings.REPORTS_DEFAULT_COLUMN_PATH.split(">")],
        "language_tag": settings.PORTAL_LANGUAGE_TAG,
        "og_locale": settings.PORTAL_LANGUAGE_TAG.replace("-", "_"),
        "canonical_url": SimpleLazyObject(lambda: origin.canonical_url(request)),
        "share_image_url": SimpleLazyObject(
            lambda: origin.absolute_url(request, reverse("disclosure:share_image"))
        ),
    }
