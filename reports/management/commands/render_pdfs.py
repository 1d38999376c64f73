"""Render the PDFs of the published reports ahead (after a deployment or a font change)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.models import AnnualReport
from reports.pdf import store
from reports.pdf.fonts import FontUnavailable


class Command(BaseCommand):
    help = (
        "Renders the PDF of every published report (or of --year) whose current version is not "
        "stored yet, and drops stored PDFs of older versions and of reports no longer published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this year's report")

    def handle(self, *args, year=None, **options):
        reports = AnnualReport.objects.order_by("year")
        if year is not None:
            reports = reports.filter(year=year)
            if not reports.exists():
                raise CommandError(_("没有%(year)s年度的报告。") % {"year": year})
        failed = 0
        for report in reports:
            if not report.is_published:
                store.drop_other_versions(report.year, draft=False, keep=None)
                self.stdout.write(
                    _("%(year)s:%(status)s,不提供公开PDF")
                    % {"year": report.year, "status": report.get_status_display()}
                )
                continue
            started = time.perf_counter()
            try:
                stored = store.get_or_render(report)
            except FontUnavailable as error:
                failed += 1
                self.stderr.write(
                    _("%(year)s:无法排版:%(error)s") % {"year": report.year, "error": error}
                )
                continue
            state = _("已生成") if stored.rendered_now else _("已是最新")
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{report.year}: {state} {stored.name} ({elapsed:.2f} s)")
        if failed:
            raise CommandError(_("%(count)s份报告的PDF无法生成,见上。") % {"count": failed})
