"""Rebuild the site search's index from the database (after a restore or a dictionary change)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from disclosure import pagecache
from disclosure.models import SearchEntry, SearchIndexedReport
from disclosure.search.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuilds the site search's index of every published report from the database "
        "(drafts and withdrawn reports are left out) and empties the page cache."
    )

    def handle(self, *args, **options):
        rebuild_index()
        pagecache.invalidate()  # cached result pages were made from the old index
        for indexed in SearchIndexedReport.objects.select_related("report").order_by(
            "report__year"
        ):
            self.stdout.write(
                _("%(year)s年度:%(count)s条")
                % {
                    "year": indexed.report.year,
                    "count": SearchEntry.objects.filter(report=indexed.report).count(),
                }
            )
        self.stdout.write(
            _("站内搜索索引已重建:%(reports)s份已发布的报告,共%(entries)s条。")
            % {
                "reports": SearchIndexedReport.objects.count(),
                "entries": SearchEntry.objects.count(),
            }
        )
