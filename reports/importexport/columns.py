"""Column names of the office's spreadsheets and of the open data, in one place.

A clerk's sheet, the collection sheet, the admin's exports and the open-data files all name
their columns from here, so a file written by one can be read by another.
"""

from django.utils.translation import gettext_lazy as _

YEAR = "年度"
CODE = "指标代码"
INDICATOR_NAME = "指标名称"
UNIT = "单位"
DEPARTMENT = "部门"
VALUE = "数值"
VALUE_MAX = "区间上限"
QUALIFIER = "限定"
SOURCE_TEXT = "原文数字"
SECTION = "所在章节"

NAME = "名称"
SHORT_NAME = "简称"
KIND = "类别"
ORDER = "排序"
CATEGORY_CODE = "类别代码"
DESCRIPTION = "说明"
HEADLINE = "重点指标"

REPORT_TITLE = "报告标题"
CATEGORY = "指标类别"
DISPLAY = "数值(按原文)"
SENTENCE = "原文语句"
LINK = "原文链接"

# Columns a clerk reads but the import never writes: a formula or a stale text there is fine.
INFORMATIONAL = frozenset({INDICATOR_NAME, SECTION})

# Columns the collection sheet asks departments to fill in.
EDITABLE = frozenset({VALUE, VALUE_MAX, QUALIFIER, SOURCE_TEXT})

# Every column name any import knows: the header row is the first row holding several of them.
KNOWN = frozenset(
    {
        YEAR, CODE, INDICATOR_NAME, UNIT, DEPARTMENT, VALUE, VALUE_MAX, QUALIFIER,
        SOURCE_TEXT, SECTION, NAME, SHORT_NAME, KIND, ORDER, CATEGORY_CODE, DESCRIPTION,
        HEADLINE,
    }
)  # fmt: skip

# Open data, figure by figure: (key in the JSON, column name in CSV and XLSX).
OPEN_DATA = [
    ("year", YEAR),
    ("report_title", REPORT_TITLE),
    ("category", CATEGORY),
    ("indicator_code", CODE),
    ("indicator_name", INDICATOR_NAME),
    ("department", DEPARTMENT),
    ("value", VALUE),
    ("value_max", VALUE_MAX),
    ("qualifier", QUALIFIER),
    ("unit", UNIT),
    ("display", DISPLAY),
    ("source_text", SOURCE_TEXT),
    ("sentence", SENTENCE),
    ("url", LINK),
]

OPEN_DATA_TITLE = _("法治政府建设年度报告指标数据")
