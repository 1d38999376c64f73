"""One signal for "what citizens can see of a report may have changed".

Receivers (the public portal's cache, the PDF renderer) listen to ``report_changed`` instead of
to every model. It is sent after the transaction commits. ``report`` is the AnnualReport, or
None when a change touches every report (a department or indicator definition renamed).
Services that write with bulk operations, which send no model signals, call
``notify_report_changed`` themselves.
"""

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


def notify_report_changed(report_id: int | None) -> None:
    """Mark the report as updated and tell the receivers once the transaction commits."""
    if report_id is not None:
        AnnualReport.objects.filter(pk=report_id).update(updated_at=timezone.now())

    def send():
        report = AnnualReport.objects.filter(pk=report_id).first() if report_id else None
        if report_id is not None and report is None:
            report = AnnualReport(pk=report_id)  # deleted: receivers still drop what they hold
        report_changed.send(sender=AnnualReport, report=report)

    transaction.on_commit(send)


@receiver(post_save, sender=AnnualReport)
@receiver(post_delete, sender=AnnualReport)
def _report_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    transaction.on_commit(lambda: report_changed.send(sender=AnnualReport, report=instance))


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
