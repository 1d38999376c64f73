"""Every query behind the public pages. Only published reports (and the notice of a withdrawn
one) ever leave this package; staff preview is the one, explicit, exception."""

from .base import (
    content_stamp,
    latest_government,
    public_reports,
    published_reports,
    published_reports_dated,
    published_years,
)
from .departments import department_detail, department_index
from .indicators import indicator_detail, indicator_index
from .opendata import open_data_rows
from .pages import home_page, report_page
from .search import load_hits, search
from .sitemap import sitemap_dates

__all__ = [
    "content_stamp",
    "department_detail",
    "department_index",
    "home_page",
    "indicator_detail",
    "indicator_index",
    "latest_government",
    "open_data_rows",
    "public_reports",
    "published_reports",
    "published_reports_dated",
    "published_years",
    "report_page",
    "load_hits",
    "search",
    "sitemap_dates",
]
