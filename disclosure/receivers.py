"""Keeps the page cache and the search index in step with the reports."""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reports.models import ChangeNote
from reports.signals import report_changed

from . import pagecache
from .models import SiteSettings

logger = logging.getLogger(__name__)


@receiver(report_changed)
def _report_changed(sender, report=None, **kwargs):
    pagecache.invalidate()
    from . import selectors

    try:
        selectors.refresh_search_index(report.pk if report is not None else None)
    except Exception:  # the index heals itself on the next search; never fail the editor's save
        logger.exception("Could not refresh the search index")


@receiver(post_save, sender=ChangeNote)
@receiver(post_delete, sender=ChangeNote)
@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def _page_frame_changed(sender, **kwargs):
    pagecache.invalidate()
