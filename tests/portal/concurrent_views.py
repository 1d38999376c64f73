"""Many readers at once counting views of one report; run by the test in-process (PostgreSQL)
or as ``python -m tests.portal.concurrent_views`` in a process of its own on a SQLite file."""

import os
import sys
import threading

READERS = 8
VIEWS_EACH = 15


def count_concurrent_views(report) -> tuple[list[Exception], int]:
    """READERS threads each count VIEWS_EACH first views; the errors and the stored count."""
    from django.db import connection
    from django.http import HttpResponse
    from django.test import RequestFactory

    from disclosure.viewcounts import count_view
    from reports.models import AnnualReport

    factory = RequestFactory()
    errors: list[Exception] = []
    start = threading.Barrier(READERS, timeout=30)

    def reader():
        try:
            start.wait()
            for _ in range(VIEWS_EACH):
                # A new reader each time (no cookie): every view is a first view.
                request = factory.get("/reports/2030/", HTTP_USER_AGENT="Mozilla/5.0 测试浏览器")
                assert count_view(request, HttpResponse(), report.year)
        except Exception as error:  # noqa: BLE001 - reported to the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        if thread.is_alive():
            errors.append(TimeoutError("a reader did not finish within 120 s"))
    return errors, AnnualReport.objects.get(pk=report.pk).view_count


def main() -> int:
    """On the database of DATABASE_URL (a new SQLite file): migrate, count, print the count."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
    django.setup()
    from django.core.management import call_command

    from tests.factories import make_report

    call_command("migrate", verbosity=0)
    errors, count = count_concurrent_views(make_report(2030, status="published"))
    for error in errors:
        print(f"error: {error!r}", file=sys.stderr)
    print(count)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
