"""One signal for "what citizens can see of a report may have changed".

Receivers (the public portal's cache, the PDF renderer) listen to ``report_changed`` instead of
to every model. It is sent after the transaction commits. ``report`` is the AnnualReport, or
None when a change touches every report (a department or indicator definition renamed).
Services that write with bulk operations, which send no model signals, call
``notify_report_changed`` themselves.
"""

import copy

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from .models import (
    AnnualReport,
    Department,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Section,
)

report_changed = Signal()  # sender=AnnualReport, report=AnnualReport | None
# sender=None, year=int: a new public PDF version is stored (the report page shows its size).
pdf_stored = Signal()


def notify_report_changed(report_id: int | None) -> None:
    """Mark the report as updated and tell the receivers once the transaction commits.

    However many rows of a report one transaction writes, receivers hear of it once: the
    portal's search index and the PDF are rebuilt once per import, not once per row.
    """
    if report_id is not None:
        AnnualReport.objects.filter(pk=report_id).update(updated_at=timezone.now())
    if not _already_queued(report_id):
        _queue(report_id)


def _already_queued(report_id: int | None) -> bool:
    """A notice for this report waits for the commit of the very block being written.

    Only a notice queued at the same savepoint level counts: callbacks of a rolled-back
    savepoint leave the list, so a rollback never loses a notice, and one already sent
    (tests run callbacks without committing) is marked as such.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    level = set(connection.savepoint_ids)
    return any(
        sids == level
        and getattr(callback, "report_id", _NOTHING) == report_id
        and not getattr(callback, "sent", False)
        for sids, callback, _robust in connection.run_on_commit
    )


def _queue(report_id: int | None, report: AnnualReport | None = None) -> None:
    def send():
        target = report
        if target is None and report_id is not None:
            # Deleted: receivers still drop what they hold for it.
            target = AnnualReport.objects.filter(pk=report_id).first() or AnnualReport(pk=report_id)
        send.sent = True
        report_changed.send(sender=AnnualReport, report=target)

    send.report_id = report_id
    transaction.on_commit(send)


_NOTHING = object()


@receiver(post_save, sender=AnnualReport)
@receiver(post_delete, sender=AnnualReport)
def _report_saved(sender, instance, **kwargs):
    if kwargs.get("raw") or _already_queued(instance.pk):
        return
    # A deleted report is passed as it was (a copy: Django clears the pk after the delete).
    _queue(instance.pk, copy.copy(instance) if kwargs.get("signal") is post_delete else None)


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=IndicatorValue)
@receiver(post_delete, sender=IndicatorValue)
def _part_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    notify_report_changed(instance.report_id)


@receiver(m2m_changed, sender=Section.departments.through)
def _section_departments_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Section):
        notify_report_changed(instance.report_id)


@receiver(post_save, sender=Department)
@receiver(post_delete, sender=Department)
@receiver(post_save, sender=IndicatorDefinition)
@receiver(post_delete, sender=IndicatorDefinition)
@receiver(post_save, sender=IndicatorCategory)
@receiver(post_delete, sender=IndicatorCategory)
def _shared_row_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    notify_report_changed(None)
