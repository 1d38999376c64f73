"""Keeps the page cache and the search index in step with the reports: the only place, with
`manage.py rebuild_search_index`, that writes the index."""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reports.models import ChangeNote
from reports.signals import report_changed

from . import pagecache
from .models import SiteSettings
from .search import index as search_index

logger = logging.getLogger(__name__)


@receiver(report_changed)
def _report_changed(sender, report=None, **kwargs):
    pagecache.invalidate()
    try:
        if report is None:
            search_index.rebuild_index()
        else:
            search_index.index_report(report.pk)
    except Exception:  # never fail the editor's save; `manage.py rebuild_search_index` mends it
        logger.exception("Could not refresh the search index")


@receiver(post_save, sender=ChangeNote)
@receiver(post_delete, sender=ChangeNote)
@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def _page_frame_changed(sender, **kwargs):
    pagecache.invalidate()
