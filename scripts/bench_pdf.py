#!/usr/bin/env python
"""Benchmark of the leadership's PDF: first render, cached download, peak memory.

    .venv/bin/python scripts/bench_pdf.py [--system-fonts] [--no-warm-up] [--runs 20]
                                          [--processes 5]

Works in throwaway SQLite databases and PDF folders with the seed report, through Django's
test client (the real URL, view, store and lock), in processes that start as a server process
does (portal.warmup, as portal/wsgi.py runs it; skipped with --no-warm-up):

- process warm-up: what a server process does when it starts;
- first render in a new process: the first PDF request after that start, each in a process of
  its own (--processes of them, one after the other);
- first render of a new version: a request for a content version not yet stored, in a process
  that has rendered before (the seed's text changed by one character each time);
- cached download: a request for a stored version; revalidation: If-None-Match answered 304;
- reference: the same print HTML rendered by WeasyPrint alone (untagged, no view, store, lock
  or tagging of the portal's), in the same process, and the ratio of a new version's first
  render to it;
- peak memory: the peak resident set size of the process that did all of the above.

Wall-clock times on a shared machine vary from run to run: each line gives the median and the
fastest run (the cost with the least interference), and CPU times beside them.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_database import pdf_benchmark_environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NEW_VERSIONS = 7


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def set_up(args):
    """A throwaway database with the seed; returns a function that downloads the PDF."""
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    os.environ.update(pdf_benchmark_environment(work))
    if args.system_fonts:
        os.environ["PDF_FONT_DIR"] = str(work / "no-prepared-fonts")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()

    def download(**headers):
        response = client.get("/reports/2017/pdf/", headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    return download


def start_like_a_server(args) -> dict:
    if args.no_warm_up:
        return {}
    from portal.warmup import warm_up_process

    steps, wall, _cpu = timed(warm_up_process)
    return {"seconds": wall, "steps": steps}


def new_process(args) -> dict:
    """In a child process: start like a server, then the first download."""
    download = set_up(args)
    warm_up = start_like_a_server(args)
    (response, _body), wall, cpu = timed(download)
    assert response.status_code == 200, response.status_code
    return {"warm_up": warm_up, "first": [wall, cpu]}


def in_children(args) -> list[dict]:
    flags = ["--child"] + (["--system-fonts"] if args.system_fonts else [])
    flags += ["--no-warm-up"] if args.no_warm_up else []
    results = []
    for _ in range(args.processes):
        output = subprocess.run(
            [sys.executable, __file__, *flags], capture_output=True, text=True, check=True
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    return results


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def line(label: str, samples: list[tuple[float, float]], digits: int = 0) -> str:
    walls = [wall * 1000 for wall, _ in samples]
    cpus = [cpu * 1000 for _, cpu in samples]
    return (
        f"  {label:<34} {statistics.median(walls):7.{digits}f} ms median, "
        f"{min(walls):.{digits}f} ms fastest  "
        f"(CPU {statistics.median(cpus):.{digits}f} ms; {len(samples)} runs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--processes", type=int, default=5, help="new processes to measure")
    parser.add_argument("--system-fonts", action="store_true", help="ignore the prepared fonts")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the server process's start-up warm-up"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(new_process(args)))
        return 0

    children = in_children(args)
    download = set_up(args)
    start_like_a_server(args)
    from reports.models import Section
    from reports.pdf.fonts import read_manifest

    response, body = download()  # this process's own first rendering: not measured again
    assert response.status_code == 200, response.status_code

    def change_text(n):
        # One character more per run: a new content version, rendered for real.
        section = Section.objects.filter(report__year=2017, parent__isnull=False).first()
        section.body = section.body.rstrip("。") + "。" * n
        section.save()

    firsts = []
    for n in range(2, NEW_VERSIONS + 2):  # n=1 may be the text as loaded
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

    # Reference, in the same process: WeasyPrint alone on the same print HTML and fonts,
    # untagged, without the portal's view, store, lock or tagging, and with WeasyPrint's own
    # font subsetting and compression (not the subsets and streams the portal keeps between
    # renderings, which the same HTML rendered again would find every time).
    import zlib

    import pydyf
    import weasyprint
    from weasyprint.pdf import fonts as weasyprint_fonts

    from reports.models import AnnualReport
    from reports.pdf import compression, render, subsets

    prepared = render.prepare(AnnualReport.objects.get(year=2017))
    fetcher = render.FontFileFetcher(prepared.fonts.allowed_urls())
    config = render._font_config(prepared.fonts)
    references = []
    pydyf.zlib, weasyprint_fonts.Font.subset = zlib, subsets._weasyprint_subset
    try:
        for _ in range(NEW_VERSIONS):
            _, wall, cpu = timed(
                lambda: weasyprint.HTML(string=prepared.html, url_fetcher=fetcher).write_pdf(
                    font_config=config
                )
            )
            references.append((wall, cpu))
    finally:
        pydyf.zlib = zlib  # then the portal's again:
        compression.use_default_compression_level()
        subsets.install()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fonts = "system fonts" if args.system_fonts or read_manifest() is None else "prepared fonts"
    print(f"PDF benchmark: seed report 2017, {fonts}, {len(cached_body) // 1024} KB")
    if args.no_warm_up:
        print("  process warm-up:                   skipped (--no-warm-up)")
    else:
        warm_ups = [child["warm_up"] for child in children]
        pdf_steps = [w["steps"].get("PDF rendering", 0) for w in warm_ups]
        print(
            f"  {'process warm-up (at start):':<34} "
            f"{ms(statistics.median(w['seconds'] for w in warm_ups)):>7} ms median  "
            f"(of it the PDF rendering {ms(statistics.median(pdf_steps))} ms)"
        )
    print(line("first render in a new process:", [tuple(c["first"]) for c in children]))
    print(line("first render of a new version:", firsts))
    print(line("reference: WeasyPrint alone:", references))
    ratio = statistics.median(w for w, _ in firsts) / statistics.median(w for w, _ in references)
    print(f"  {'new version / reference:':<34} {ratio:7.2f}×")
    print(line("cached download:", cached, 1))
    print(line("revalidation (304):", revalidations, 1))
    print(f"  {'peak memory (RSS):':<34} {peak_mb:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
