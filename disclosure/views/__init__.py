from .data import open_data, open_data_csv, open_data_json, open_data_xlsx
from .mode import display_mode
from .pages import home, report_detail, report_list, report_preview
from .reference import department_detail, department_index, indicator_detail, indicator_index
from .search import search

__all__ = [
    "department_detail",
    "department_index",
    "display_mode",
    "home",
    "indicator_detail",
    "indicator_index",
    "open_data",
    "open_data_csv",
    "open_data_xlsx",
    "open_data_json",
    "report_detail",
    "report_list",
    "report_preview",
    "search",
]
