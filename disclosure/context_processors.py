"""What every public page's frame needs: the site's identity and the reader's display mode."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings
from .pagecache import elder_mode


def _site_name(site: SiteSettings) -> str:
    if site.site_name:
        return site.site_name
    from . import selectors

    latest = selectors.published_reports().values_list("government", flat=True).first()
    return latest or ""


def portal(request):
    site = SiteSettings.load()
    return {
        "site": site,
        "site_name": SimpleLazyObject(lambda: _site_name(site)),
        "site_domain": site.site_domain or request.get_host(),
        "elder": elder_mode(request),
        "default_columns": [c.strip() for c in settings.REPORTS_DEFAULT_COLUMN_PATH.split(">")],
    }
