"""Create a draft report from parsed text, all or nothing."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import AnnualReport, ReportStatus, Section, WorkflowAction
from reports.parsing import ParsedReport, ParsedSection

from .events import acting_user, log_event
from .permissions import require


class ReportImportError(ValueError):
    """The parsed report cannot be saved; the message is for the user."""


@dataclass
class DraftOverrides:
    year: int | None = None
    title: str | None = None
    government: str | None = None
    issuing_office: str | None = None


def create_draft_from_parsed(
    parsed: ParsedReport, overrides: DraftOverrides | None = None, *, user=None
) -> AnnualReport:
    """The draft, its sections, and the 流程记录 that it was imported from text (by ``user``)."""
    if user is not None:  # None: a management command, run by the server's operator
        require(user, "add_annualreport", _("您没有新建年度报告的权限。"))
    overrides = overrides or DraftOverrides()
    year = overrides.year or parsed.year
    title = (overrides.title or parsed.title or "").strip()
    if not year:
        raise ReportImportError(_("无法确定报告年度,请指定年度。"))
    if not title:
        raise ReportImportError(_("无法确定报告标题,请指定标题。"))
    if not parsed.sections:
        raise ReportImportError(_("文本中没有可导入的正文。"))
    with transaction.atomic():
        if AnnualReport.objects.select_for_update().filter(year=year).exists():
            raise ReportImportError(
                _("%(year)s年度已有报告,未写入任何内容。每个年度只能有一份报告。") % {"year": year}
            )
        published_at = timezone.make_aware(parsed.published_at) if parsed.published_at else None
        report = AnnualReport(
            government=overrides.government or parsed.government or "",
            year=year,
            title=title,
            issuing_office=overrides.issuing_office or parsed.source_office or "",
            published_at=published_at,
            column_path=" > ".join(parsed.column_path) or settings.REPORTS_DEFAULT_COLUMN_PATH,
            preamble=parsed.preamble,
            closing=parsed.closing,
            status=ReportStatus.DRAFT,
        )
        report.full_clean(exclude=["government", "issuing_office"])
        report._history_user = acting_user(user)
        report.save()
        _save_sections(report, None, parsed.sections)
        log_event(report, WorkflowAction.CREATED, user=user, comment=_("由已发布的报告文本导入。"))
    return report


def _save_sections(report: AnnualReport, parent: Section | None, parsed: list[ParsedSection]):
    for position, item in enumerate(parsed, start=1):
        section = Section.objects.create(
            report=report,
            parent=parent,
            position=position,
            number=item.number,
            number_style=item.style,
            title=item.title,
            body=item.body,
        )
        _save_sections(report, section, item.children)
