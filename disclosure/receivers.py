"""Keeps the page cache and the search index in step with the reports: the only place, with
`manage.py rebuild_search_index`, that writes the index."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reports.models import ChangeNote
from reports.signals import pdf_stored, report_changed

from . import pagecache
from .models import SearchSynonym, SiteSettings
from .search import dictionary as search_dictionary
from .search import index as search_index
from .search.query import forget_synonyms

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


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def _synonyms_changed(sender, **kwargs):
    """A synonym's term joins jieba's dictionary; result pages were made with the old table."""

    forget_synonyms()  # at once, and again once committed (another process may have read it)

    def refresh():
        forget_synonyms()
        pagecache.invalidate()
        try:
            if search_dictionary.refresh():
                search_index.rebuild_index()
        except Exception:
            logger.exception("Could not refresh the search dictionary")

    transaction.on_commit(refresh)


@receiver(post_save, sender=ChangeNote)
@receiver(post_delete, sender=ChangeNote)
@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def _page_frame_changed(sender, **kwargs):
    pagecache.invalidate()


@receiver(pdf_stored)
def _pdf_stored(sender, **kwargs):
    """The report page states the PDF's size and page count: once a version is stored."""
    pagecache.invalidate()
