from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguards.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump -Fc; SQLite: online backup API), the "
        "uploaded files and the stored PDFs into a new folder under DESTINATION."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination, **options):
        try:
            folder = back_up(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成:{folder}"))
