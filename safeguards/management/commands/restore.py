from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguards.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder made by `backup` into the configured database (PostgreSQL: a new, "
        "empty database; SQLite: replaces the file's content) and the file folders, then check "
        "every table's row count against the backup's manifest. Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            counts = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成:{len(counts)} 张表,共 {sum(counts.values())} 行,与备份时一致。"
            )
        )
