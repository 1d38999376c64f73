"""sitemap.xml: the published reports, their PDFs and every page built from them.

Every entry's lastmod is when what it shows last changed: the report's publication or its
latest public change note, never the time rows were loaded.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class PortalSitemap(Sitemap):
    """Addresses on PORTAL_SITE_ORIGIN when it is set, else on the request's own scheme and
    host (https:// behind a TLS proxy)."""

    def get_protocol(self, protocol=None):
        if settings.PORTAL_SITE_ORIGIN:
            return urlsplit(settings.PORTAL_SITE_ORIGIN).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.PORTAL_SITE_ORIGIN:
            return urlsplit(settings.PORTAL_SITE_ORIGIN).netloc
        return super().get_domain(site)


class StaticPagesSitemap(PortalSitemap):
    """Pages that list every report: they change with the latest report change."""

    def items(self):
        self.latest = selectors.sitemap_dates().latest
        return [
            "disclosure:home",
            "disclosure:report_list",
            "disclosure:indicator_index",
            "disclosure:department_index",
            "disclosure:open_data",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest


class ReportSitemap(PortalSitemap):
    def items(self):
        return selectors.sitemap_dates().reports

    def location(self, item):
        return reverse("disclosure:report_detail", kwargs={"year": item.year})

    def lastmod(self, item):
        return item.modified_at


class ReportPdfSitemap(ReportSitemap):
    def location(self, item):
        return reverse("reports:report_pdf", kwargs={"year": item.year})


class IndicatorSitemap(PortalSitemap):
    def items(self):
        self.dates = selectors.sitemap_dates().indicators
        return sorted(self.dates)

    def location(self, item):
        return reverse("disclosure:indicator_detail", kwargs={"code": item})

    def lastmod(self, item):
        return self.dates[item]


class DepartmentSitemap(PortalSitemap):
    def items(self):
        self.dates = selectors.sitemap_dates().departments
        return sorted(self.dates)

    def location(self, item):
        return reverse("disclosure:department_detail", kwargs={"pk": item})

    def lastmod(self, item):
        return self.dates[item]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "reports": ReportSitemap,
    "pdfs": ReportPdfSitemap,
    "indicators": IndicatorSitemap,
    "departments": DepartmentSitemap,
}
