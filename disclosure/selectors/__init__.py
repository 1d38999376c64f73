"""Every query behind the public pages. Only published reports (and the notice of a withdrawn
one) ever leave this package; staff preview is the one, explicit, exception."""

from .base import (
    content_stamp,
    public_reports,
    published_reports,
    published_years,
)
from .departments import department_detail, department_index
from .indicators import indicator_detail, indicator_index
from .opendata import open_data_rows
from .pages import home_page, report_page
from .search import refresh_search_index, search

__all__ = [
    "content_stamp",
    "department_detail",
    "department_index",
    "home_page",
    "indicator_detail",
    "indicator_index",
    "open_data_rows",
    "public_reports",
    "published_reports",
    "published_years",
    "refresh_search_index",
    "report_page",
    "search",
]
