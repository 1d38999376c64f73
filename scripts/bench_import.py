#!/usr/bin/env python
"""Benchmark: import 10,000 indicator values from CSV through the admin's preview and confirm.

Drives the real admin views (upload → preview → confirm) with Django's test client against a
scratch database, and prints the wall time of each step and the process's peak memory (RSS).

    .venv/bin/python scripts/bench_import.py            # SQLite file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python scripts/bench_import.py
    .venv/bin/python scripts/bench_import.py --rows 20000

Targets (issue 4): at most 15 s from upload to confirmed import, at most 300 MB.
"""

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--departments", type=int, default=20)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("PORTAL_VAR_DIR", str(scratch))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    db_name = os.environ["DATABASE_URL"].rsplit("/", 1)[-1]
    engine = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"database: {engine} {db_name}")
    call_command("migrate", verbosity=0)
    from importlib import import_module

    from django.apps import apps

    import_module("reports.migrations.0005_roles").create_roles(apps, None)  # idempotent

    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from reports.models import (
        AnnualReport,
        Department,
        IndicatorCategory,
        IndicatorDefinition,
        IndicatorValue,
    )

    # A previous run's rows (the benchmark owns year 2099 and the bench.* codes).
    AnnualReport.objects.filter(year=2099).delete()
    IndicatorDefinition.objects.filter(code__startswith="bench.").delete()
    IndicatorCategory.objects.filter(code="bench").delete()
    Department.objects.filter(name__startswith="测试部门").delete()
    User.objects.filter(username="bench-editor").delete()

    per_department = -(-args.rows // args.departments)
    category = IndicatorCategory.objects.create(code="bench", name="基准测试类别")
    IndicatorDefinition.objects.bulk_create(
        IndicatorDefinition(
            code=f"bench.d{i:05d}", name=f"测试指标{i}", unit="件", category=category, order=i
        )
        for i in range(per_department)
    )
    Department.objects.bulk_create(
        Department(name=f"测试部门{i:03d}", order=i) for i in range(args.departments)
    )
    report = AnnualReport.objects.create(
        government="测试市人民政府",
        year=2099,
        title="测试市2099年度法治政府建设情况报告",
        issuing_office="测试市司法局",
    )
    user = User.objects.create_user("bench-editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="录入员"))

    lines = ["年度,指标代码,单位,部门,数值,限定"]
    for n in range(args.rows):
        lines.append(
            f"2099,bench.d{n % per_department:05d},件,测试部门{n // per_department:03d},{n % 977},确数"
        )
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    print(f"file: {args.rows} rows, {len(data) / 1024:.0f} KB CSV")

    client = Client()
    client.force_login(user)
    start = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    response = client.post(
        "/admin/reports/indicatorvalue/import/",
        {"import_file": SimpleUploadedFile("values.csv", data), "format": "0", "resource": "0"},
    )
    if os.environ.get("BENCH_PROFILE"):
        profiler.disable()
        profiler.dump_stats(os.environ["BENCH_PROFILE"])
    preview_seconds = time.perf_counter() - start
    html = response.content.decode()
    fields = dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', html
        )
    )
    if "import_file_name" not in fields:
        print("preview failed: no confirm step offered", file=sys.stderr)
        print(re.findall(r"<li>(第[^<]*)</li>", html)[:5], file=sys.stderr)
        return 1
    middle = time.perf_counter()
    if os.environ.get("BENCH_PROFILE_CONFIRM"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    response = client.post("/admin/reports/indicatorvalue/process_import/", fields)
    if os.environ.get("BENCH_PROFILE_CONFIRM"):
        profiler.disable()
        profiler.dump_stats(os.environ["BENCH_PROFILE_CONFIRM"])
    confirm_seconds = time.perf_counter() - middle
    total = time.perf_counter() - start
    written = IndicatorValue.objects.filter(report__year=2099).count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"preview (upload, read, dry run, render): {preview_seconds:.2f} s")
    print(f"confirm (import, commit):                {confirm_seconds:.2f} s")
    print(f"total upload to confirmed import:        {total:.2f} s  (target ≤ 15 s)")
    print(f"peak memory (max RSS of this process):   {peak_mb:.0f} MB  (target ≤ 300 MB)")
    print(
        f"values written: {written}; history rows: {IndicatorValue.history.filter(report_id=report.pk).count()}"
    )
    ok = response.status_code == 302 and written == args.rows and total <= 15 and peak_mb <= 300
    print("result:", "OK" if ok else "OVER TARGET OR FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
