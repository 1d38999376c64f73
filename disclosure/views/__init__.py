from .data import open_data, open_data_csv, open_data_json, open_data_xlsx
from .mode import display_mode
from .pages import home, report_detail, report_list, report_preview
from .reference import (
    department_detail,
    department_index,
    indicator_chart_png,
    indicator_chart_svg,
    indicator_data_csv,
    indicator_detail,
    indicator_index,
)
from .search import search
from .site_files import favicon, robots_txt, share_image, touch_icon

__all__ = [
    "department_detail",
    "department_index",
    "display_mode",
    "favicon",
    "home",
    "indicator_chart_png",
    "indicator_chart_svg",
    "indicator_data_csv",
    "indicator_detail",
    "indicator_index",
    "open_data",
    "open_data_csv",
    "open_data_xlsx",
    "open_data_json",
    "report_detail",
    "report_list",
    "report_preview",
    "robots_txt",
    "search",
    "share_image",
    "touch_icon",
]
