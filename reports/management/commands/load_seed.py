import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.models import AnnualReport
from reports.services.report_document import import_report_document

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "wuchang-2017.json"


class Command(BaseCommand):
    help = (
        "Load the seed report (五常市 2017, fixtures/wuchang-2017.json) unless that year already "
        "has a report, so that running it again never overwrites what staff entered."
    )

    def handle(self, *args, **options):
        document = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        year = document["report"]["year"]
        if AnnualReport.objects.filter(year=year).exists():
            self.stdout.write(f"{year}年度报告已存在,未重复导入种子数据。")
            return
        report = import_report_document(document)
        self.stdout.write(self.style.SUCCESS(f"已导入种子数据:{report}"))
