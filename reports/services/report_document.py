"""A report as one nested JSON document: the seed fixture's format, and a full backup of a year.

import_report_document() creates everything in one transaction and never overwrites: shared
rows (departments, categories, indicator definitions) are matched by their natural keys, and a
year that already has a report is refused.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from reports.comparison import plain_number
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


def export_report_document(report: AnnualReport) -> dict:
    sections = list(
        Section.objects.filter(report=report).prefetch_related("departments").in_document_order()
    )
    values = IndicatorValue.objects.filter(report=report).select_related(
        "definition__category", "department"
    )
    values_by_section: dict[int | None, list] = {}
    for value in values:
        values_by_section.setdefault(value.section_id, []).append(value)

    def section_dict(section):
        return {
            "number": section.number,
            "number_style": section.number_style,
            "title": section.title,
            "body": section.body,
            "departments": [d.name for d in section.departments.all()],
            "values": [
                {
                    "definition": v.definition.code,
                    "value": plain_number(v.value),
                    "value_max": plain_number(v.value_max) if v.value_max is not None else None,
                    "qualifier": v.qualifier,
                    "source_text": v.source_text,
                    "sentence": v.sentence,
                    "department": v.department.name if v.department else None,
                }
                for v in values_by_section.get(section.pk, [])
            ],
            "children": [section_dict(child) for child in section.child_list],
        }

    definitions = {v.definition for v in values}
    departments = {v.department for v in values if v.department}
    for section in sections:
        departments.update(section.departments.all())
    report_data = {name: getattr(report, name) for name in REPORT_FIELDS}
    report_data["published_at"] = report.published_at.isoformat() if report.published_at else None
    return {
        "format": FORMAT,
        "report": report_data,
        "departments": [
            {"name": d.name, "short_name": d.short_name, "kind": d.kind, "order": d.order}
            for d in sorted(departments, key=lambda d: (d.order, d.name))
        ],
        "categories": [
            {"code": c.code, "name": c.name, "order": c.order}
            for c in sorted({d.category for d in definitions}, key=lambda c: (c.order, c.code))
        ],
        "definitions": [
            {
                "code": d.code,
                "name": d.name,
                "unit": d.unit,
                "category": d.category.code,
                "description": d.description,
                "is_headline": d.is_headline,
                "order": d.order,
            }
            for d in sorted(definitions, key=lambda d: (d.category.order, d.order, d.code))
        ],
        "sections": [section_dict(s) for s in sections if s.parent_id is None],
    }
