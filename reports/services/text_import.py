"""Create a draft report from a report's parsed text, all or nothing; keep the text that staff
uploaded on the server, bound to their session, between the preview and the creation."""

import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import AnnualReport, ReportStatus, Section, WorkflowAction
from reports.models.report import COLUMN_SEPARATOR
from reports.parsing import ParsedReport, ParsedSection

from .events import acting_user, log_event
from .permissions import require

YEAR_MIN, YEAR_MAX = 1949, 2200
TITLE_MAX = 200
NAME_MAX = 100
SESSION_KEY = "report_text_imports"
UPLOADS_KEPT_PER_SESSION = 5
UPLOAD_MAX_AGE_SECONDS = 24 * 3600
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class ReportImportError(ValueError):
    """The parsed report cannot be saved; the message is for the user."""


@dataclass
class DraftOverrides:
    """What staff corrected in the preview or gave on the command line; None keeps the parse."""

    year: int | None = None
    title: str | None = None
    government: str | None = None
    issuing_office: str | None = None
    published_at: datetime | None = None
    column_path: str | None = None
    preamble: str | None = None
    closing: str | None = None


def check_year(year: int | None) -> None:
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise ReportImportError(
            _("报告年度%(year)s不在%(min)s至%(max)s之间。")
            % {"year": year, "min": YEAR_MIN, "max": YEAR_MAX}
        )


def check_title(title: str | None) -> None:
    if title and len(title) > TITLE_MAX:
        raise ReportImportError(
            _("标题有%(length)s个字,超过上限%(max)s个字。")
            % {"length": len(title), "max": TITLE_MAX}
        )


def _pick(override, parsed):
    return parsed if override is None else override


def _lines(text: str) -> str:
    """Text as a browser's textarea sends it (CRLF) stored with the parser's line breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def create_draft_from_parsed(
    parsed: ParsedReport, overrides: DraftOverrides | None = None, *, user=None
) -> AnnualReport:
    """The draft, its sections and attachments, and the 流程记录 that it was imported from text
    (by ``user``; None for a management command, run by the server's operator)."""
    if user is not None:
        require(user, "add_annualreport", _("您没有新建年度报告的权限。"))
    overrides = overrides or DraftOverrides()
    year = overrides.year or parsed.year
    title = (_pick(overrides.title, parsed.title) or "").strip()
    if not year:
        raise ReportImportError(_("无法确定报告年度,请指定年度。"))
    check_year(year)
    if not title:
        raise ReportImportError(_("无法确定报告标题,请指定标题。"))
    check_title(title)
    if not parsed.sections:
        raise ReportImportError(_("文本中没有可导入的正文。"))
    published_at = _pick(overrides.published_at, parsed.published_at)
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    column_path = _pick(overrides.column_path, COLUMN_SEPARATOR.join(parsed.column_path))
    with transaction.atomic():
        if AnnualReport.objects.select_for_update().filter(year=year).exists():
            raise ReportImportError(
                _("%(year)s年度已有报告,未写入任何内容。每个年度只能有一份报告。") % {"year": year}
            )
        report = AnnualReport(
            government=(_pick(overrides.government, parsed.government) or "")[:NAME_MAX],
            year=year,
            title=title,
            issuing_office=(_pick(overrides.issuing_office, parsed.source_office) or "")[:NAME_MAX],
            published_at=published_at,
            column_path=column_path or settings.REPORTS_DEFAULT_COLUMN_PATH,
            preamble=_lines(_pick(overrides.preamble, parsed.preamble)),
            closing=_lines(_pick(overrides.closing, parsed.closing)),
            status=ReportStatus.DRAFT,
        )
        try:
            report.full_clean(exclude=["government", "issuing_office"])
        except ValidationError as error:
            raise ReportImportError(" ".join(error.messages)) from error
        report._history_user = acting_user(user)
        report.save()
        _save_sections(report, None, [*parsed.sections, *parsed.attachments])
        log_event(report, WorkflowAction.CREATED, user=user, comment=_("由已发布的报告文本导入。"))
    return report


def _save_sections(report: AnnualReport, parent: Section | None, parsed: list[ParsedSection]):
    for position, item in enumerate(parsed, start=1):
        section = Section.objects.create(
            report=report,
            parent=parent,
            position=position,
            number=item.number[:20],
            number_style=item.style,
            title=item.title,
            body=item.body,
        )
        _save_sections(report, section, item.children)


def _upload_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "text-imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _purge_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_MAX_AGE_SECONDS
    for path in folder.glob("*.txt"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def store_upload(session, text: str) -> str:
    """Keep the text on the server; the token names it only within this user's session."""
    folder = _upload_dir()
    _purge_old_uploads(folder)
    token = secrets.token_urlsafe(32)
    path = folder / f"{token}.txt"
    with open(
        os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8"
    ) as f:
        f.write(text)
    tokens = [*session.get(SESSION_KEY, []), token]
    for stale in tokens[:-UPLOADS_KEPT_PER_SESSION]:
        (folder / f"{stale}.txt").unlink(missing_ok=True)
    session[SESSION_KEY] = tokens[-UPLOADS_KEPT_PER_SESSION:]
    return token


def load_upload(session, token: str) -> str | None:
    """The text stored under ``token`` if this session stored it, else None."""
    if not token or not TOKEN_RE.match(token) or token not in session.get(SESSION_KEY, []):
        return None
    try:
        return (_upload_dir() / f"{token}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def discard_upload(session, token: str) -> None:
    tokens = session.get(SESSION_KEY, [])
    if token in tokens:
        (_upload_dir() / f"{token}.txt").unlink(missing_ok=True)
        session[SESSION_KEY] = [t for t in tokens if t != token]
