"""A report as one nested JSON document: the seed fixture's format, and a full backup of a year.

import_report_document() creates everything in one transaction and never overwrites: shared
rows (departments, categories, indicator definitions) are matched by their natural keys, and a
year that already has a report is refused.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from reports.models import (
    AnnualReport,
    Department,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Section,
)

from .text_import import ReportImportError

FORMAT = "rule-of-law-report/1"
REPORT_FIELDS = [
    "government",
    "year",
    "title",
    "issuing_office",
    "column_path",
    "index_number",
    "summary",
    "preamble",
    "closing",
    "status",
]


def import_report_document(document: dict) -> AnnualReport:
    if document.get("format") != FORMAT:
        raise ReportImportError(
            _("不是可识别的报告数据文件(格式应为 %(format)s)。") % {"format": FORMAT}
        )
    data = document["report"]
    with transaction.atomic():
        if AnnualReport.objects.filter(year=data["year"]).exists():
            raise ReportImportError(
                _("%(year)s年度已有报告,未写入任何内容。每个年度只能有一份报告。")
                % {"year": data["year"]}
            )
        departments = {
            item["name"]: Department.objects.get_or_create(
                name=item["name"], defaults={k: v for k, v in item.items() if k != "name"}
            )[0]
            for item in document.get("departments", [])
        }
        categories = {
            item["code"]: IndicatorCategory.objects.get_or_create(
                code=item["code"], defaults={k: v for k, v in item.items() if k != "code"}
            )[0]
            for item in document.get("categories", [])
        }
        definitions = {}
        for item in document.get("definitions", []):
            fields = {k: v for k, v in item.items() if k not in ("code", "category")}
            definitions[item["code"]] = IndicatorDefinition.objects.get_or_create(
                code=item["code"], defaults={**fields, "category": categories[item["category"]]}
            )[0]
        report = AnnualReport(**{name: data.get(name) for name in REPORT_FIELDS if name in data})
        if data.get("published_at"):
            report.published_at = parse_datetime(data["published_at"])
        report.full_clean()
        report.save()
        _create_sections(report, None, document.get("sections", []), departments, definitions)
    return report


def _create_sections(report, parent, items, departments, definitions):
    for position, item in enumerate(items, start=1):
        section = Section.objects.create(
            report=report,
            parent=parent,
            position=position,
            number=item.get("number", ""),
            number_style=item.get("number_style", "none"),
            title=item["title"],
            body=item.get("body", ""),
        )
        section.departments.set(departments[name] for name in item.get("departments", []))
        for value in item.get("values", []):
            indicator_value = IndicatorValue(
                report=report,
                section=section,
                definition=definitions[value["definition"]],
                department=departments[value["department"]] if value.get("department") else None,
                value=Decimal(str(value["value"])),
                value_max=Decimal(str(value["value_max"]))
                if value.get("value_max") is not None
                else None,
                qualifier=value.get("qualifier", "exact"),
                source_text=value.get("source_text", ""),
                sentence=value.get("sentence", ""),
            )
            # Constraints are left to the database (the transaction rolls back as a whole);
            # checking them in Python first costs a query per constraint per row.
            indicator_value.full_clean(validate_unique=False, validate_constraints=False)
            indicator_value.save()
        _create_sections(report, section, item.get("children", []), departments, definitions)
