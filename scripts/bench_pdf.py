#!/usr/bin/env python
"""Benchmark of the leadership's PDF: first render, cached download, peak memory.

    .venv/bin/python scripts/bench_pdf.py [--system-fonts] [--no-warm-up] [--runs 20]

Works in a throwaway SQLite database and PDF folder with the seed report, through Django's
test client (the real URL, view, store and lock), in one process as a server worker would:

- process warm-up: what portal/wsgi.py does when a server process starts (portal.warmup);
- first render in a new process: the first PDF request after that start (with --no-warm-up,
  of a process that did not warm up: WeasyPrint's one-time costs included);
- first render: a request for a content version not yet stored, in a process that has served
  before (the seed's text changed by one character each time, so each is really rendered);
- cached download: a request for a stored version (median of --runs);
- revalidation: a request with If-None-Match answered 304 (median);
- peak memory: the process's peak resident set size.

Wall-clock times depend on what else the machine is doing; CPU times are printed beside them.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--system-fonts", action="store_true", help="ignore the prepared fonts")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the server process's start-up warm-up"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.test_settings",
            "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "PDF_STORAGE_DIR": str(work / "pdf"),
            "PDF_RENDER_AHEAD": "off",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    if args.system_fonts:
        os.environ["PDF_FONT_DIR"] = str(work / "no-prepared-fonts")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from reports.models import Section
    from reports.pdf.fonts import read_manifest

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    url = "/reports/2017/pdf/"

    def download(**headers):
        response = client.get(url, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    def change_text(n):
        # One character more per run: a new content version, rendered for real.
        section = Section.objects.filter(report__year=2017, parent__isnull=False).first()
        section.body = section.body.rstrip("。") + "。" * n
        section.save()

    warm_up = None
    if not args.no_warm_up:
        from portal.warmup import warm_up_process

        warm_up = timed(warm_up_process)
    (response, body), cold_wall, cold_cpu = timed(download)
    assert response.status_code == 200, response.status_code

    firsts = []
    for n in range(1, 8):
        change_text(n)
        (response, _), wall, cpu = timed(download)
        assert response.status_code == 200
        firsts.append((wall, cpu))

    cached = []
    for _ in range(args.runs):
        (response, cached_body), wall, cpu = timed(download)
        assert response.status_code == 200
        cached.append((wall, cpu))
    etag = response["ETag"]
    revalidations = []
    for _ in range(args.runs):
        (response, _), wall, cpu = timed(lambda: download(**{"If-None-Match": etag}))
        assert response.status_code == 304
        revalidations.append((wall, cpu))

    def median(pairs, index):
        return statistics.median(pair[index] for pair in pairs) * 1000

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fonts = "system fonts" if args.system_fonts or read_manifest() is None else "prepared fonts"
    print(f"PDF benchmark: seed report 2017, {fonts}, {len(cached_body) // 1024} KB")
    if warm_up is None:
        print("  process warm-up:                   skipped (--no-warm-up)")
    else:
        steps = ", ".join(f"{step} {seconds * 1000:.0f} ms" for step, seconds in warm_up[0].items())
        print(f"  process warm-up (at start):        {warm_up[1] * 1000:7.0f} ms  ({steps})")
    print(
        f"  first render in a new process:     {cold_wall * 1000:7.0f} ms  (CPU {cold_cpu * 1000:.0f} ms)"
    )
    print(
        f"  first render (new version):        {median(firsts, 0):7.0f} ms  "
        f"(CPU {median(firsts, 1):.0f} ms; median of {len(firsts)})"
    )
    print(
        f"  cached download:                   {median(cached, 0):7.1f} ms  "
        f"(CPU {median(cached, 1):.1f} ms; median of {args.runs})"
    )
    print(
        f"  revalidation (304):                {median(revalidations, 0):7.1f} ms  "
        f"(CPU {median(revalidations, 1):.1f} ms; median of {args.runs})"
    )
    print(f"  peak memory (RSS):                 {peak_mb:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
