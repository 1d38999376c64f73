"""Prepare the PDF fonts once (run by scripts/setup.d/50-pdf-fonts.sh)."""

from django.core.management.base import BaseCommand, CommandError

from reports.pdf.font_preparation import prepare_fonts
from reports.pdf.fonts import FontUnavailable


class Command(BaseCommand):
    help = (
        "Cuts the free CJK fonts of the PDF down to GB 2312, punctuation and every character of "
        "the reports in the database, into PDF_FONT_DIR. Does nothing when they are up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="prepare again even if up to date")
        parser.add_argument(
            "--no-database",
            action="store_true",
            help="do not add the characters of the reports in the database",
        )

    def handle(self, *args, force=False, no_database=False, **options):
        try:
            prepare_fonts(include_database=not no_database, force=force, log=self.stdout.write)
        except FontUnavailable as error:
            raise CommandError(str(error)) from error
