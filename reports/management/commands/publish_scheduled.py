from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.services.workflow import publish_due


class Command(BaseCommand):
    help = (
        "Publish reports whose scheduled publication time has come, and record reports that "
        "missed the 4月1日 deadline. Run it from a timer every few minutes (see README)."
    )

    def handle(self, *args, **options):
        published, failed = publish_due(timezone.now())
        for report in published:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已发布:{report.year}年度《{report.title}》索引号 {report.index_number}"
                )
            )
        for report, reason in failed:
            self.stderr.write(self.style.ERROR(f"未能发布 {report.year}年度:{reason}"))
        if not published and not failed:
            self.stdout.write("没有到期的定时发布。")
        if failed:
            raise SystemExit(1)
