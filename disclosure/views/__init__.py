from .data import open_data, open_data_csv, open_data_json, open_data_xlsx
from .mode import display_mode
from .pages import home, report_detail, report_list, report_preview, report_print
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
from .site_files import conac_mark, favicon, robots_txt, share_image, touch_icon

__all__ = [
    "conac_mark",
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
    "report_print",
    "robots_txt",
    "search",
    "share_image",
    "touch_icon",
]
