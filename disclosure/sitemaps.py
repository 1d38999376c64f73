"""sitemap.xml: the published reports and every page built from them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "disclosure:home",
            "disclosure:report_list",
            "disclosure:indicator_index",
            "disclosure:department_index",
            "disclosure:open_data",
        ]

    def location(self, item):
        return reverse(item)


class ReportSitemap(Sitemap):
    def items(self):
        return selectors.published_reports().only("year", "updated_at")

    def location(self, item):
        return reverse("disclosure:report_detail", kwargs={"year": item.year})

    def lastmod(self, item):
        return item.updated_at


class IndicatorSitemap(Sitemap):
    def items(self):
        return selectors.indicator_index()

    def location(self, item):
        return reverse("disclosure:indicator_detail", kwargs={"code": item.code})


class DepartmentSitemap(Sitemap):
    def items(self):
        return selectors.department_index()

    def location(self, item):
        return reverse("disclosure:department_detail", kwargs={"pk": item.pk})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "reports": ReportSitemap,
    "indicators": IndicatorSitemap,
    "departments": DepartmentSitemap,
}
