"""Keeping stored PDFs in step with the reports: render ahead, drop what is stale.

On ``report_changed`` the PDFs of a report that is no longer published are dropped at once
(they are never served anyway: the view checks the status first). Published reports are
rendered again in the background, so that the first reader after a publication or correction
gets a stored file. One change usually fires the signal many times (every section of an
import), so the years are collected and rendered by one worker thread after a short pause; a
version that is already stored costs only the check.

PDF_RENDER_AHEAD: "thread" (default), "sync" (in the request that made the change: for
scripts and tests), or "off" (render on first download only).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connections

from reports.models import AnnualReport
from reports.signals import report_changed

from . import store
from .fonts import FontUnavailable

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 1.0

_pending: set[int | None] = set()
_pending_lock = threading.Lock()
_worker: threading.Thread | None = None


def refresh_report_pdf(report_id: int | None) -> None:
    """Render what is missing and drop what is stale, for one report or (None) for all."""
    reports = (
        AnnualReport.objects.all()
        if report_id is None
        else AnnualReport.objects.filter(pk=report_id)
    )
    for report in reports:
        if not report.is_published:
            store.drop_all(report.year)
            continue
        try:
            store.get_or_render(report)
        except FontUnavailable as error:
            logger.error("PDF of %s cannot be typeset: %s", report.year, error)
        # The key-figures page compares with the previous published year: a change to this
        # year may change the next year's PDF as well.
        following = (
            AnnualReport.objects.published().filter(year__gt=report.year).order_by("year").first()
        )
        if following is not None and report_id is not None:
            try:
                store.get_or_render(following)
            except FontUnavailable as error:
                logger.error("PDF of %s cannot be typeset: %s", following.year, error)
        store.drop_other_versions(report.year, draft=True, keep=None)  # it is public now


def _work() -> None:
    global _worker
    while True:
        time.sleep(DEBOUNCE_SECONDS)
        with _pending_lock:
            if not _pending:
                _worker = None
                return
            batch = None if None in _pending else set(_pending)
            _pending.clear()
        try:
            close_old_connections()
            for report_id in [None] if batch is None else sorted(batch):
                refresh_report_pdf(report_id)
        except Exception:
            logger.exception("Rendering PDFs ahead failed; they will be rendered on first download")
        finally:
            connections.close_all()


def _schedule(report_id: int | None) -> None:
    global _worker
    with _pending_lock:
        _pending.add(report_id)
        if _worker is None:
            _worker = threading.Thread(target=_work, name="pdf-render-ahead", daemon=True)
            _worker.start()


def on_report_changed(sender, report=None, **kwargs) -> None:
    if report is not None and report.year is not None and not report.is_published:
        # Withdrawn, back to draft, or deleted: nothing of it stays in the public store.
        store.drop_other_versions(report.year, draft=False, keep=None)
    mode = settings.PDF_RENDER_AHEAD
    if mode == "off" or (report is not None and not report.is_published):
        return
    report_id = report.pk if report is not None else None
    if mode == "sync":
        refresh_report_pdf(report_id)
    else:
        _schedule(report_id)


def connect() -> None:
    report_changed.connect(
        on_report_changed, sender=AnnualReport, dispatch_uid="reports.pdf.render_ahead"
    )
