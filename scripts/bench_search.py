#!/usr/bin/env python
"""Search benchmark over 20 years of reports, on SQLite and PostgreSQL.

    .venv/bin/python scripts/bench_search.py [--database sqlite|postgresql|both] [--rounds 5]

Each database is a throwaway one (scripts/throwaway_database.py), never the real one. In it:

1. the seed report (2017) alone is loaded and indexed, and the search page is timed over a set
   of queries: the reference, measured in the same run;
2. 19 plainly synthetic reports are added, years 1998-2016: the seed's text and structure with
   every figure changed (so the numbers differ from year to year), the title marked
   “测试(合成数据)”; the index is rebuilt and the same queries are timed again;
3. the synthetic reports are taken off the site again (status draft, index rebuilt) and the seed
   alone is timed a second time, so that a change of the machine's load while the benchmark
   runs weighs on the reference as on the 20 years (both reference runs count).

It prints p50 and p95 of the whole search page (GET /search/?q=… through Django's test client,
page cache off, so every request runs the search) for both, and the ratio of 20 years to one.
"""

import argparse
import copy
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throwaway_database import run_on_each, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_YEARS = range(1998, 2017)
QUERIES = [
    "行政复议",
    "规范性文件 清理",
    "法制办",
    "政府",
    "告政府",
    "税",
    "10件",
    "3692",
    "去年行政复议多少件",
    "行政復議",
    "fuyi",
    "律师 政府",
    "双随机一公开",
    "量子计算机",
]


def synthetic_document(seed: dict, year: int) -> dict:
    """The seed as another year's report: every figure scaled (and its text rewritten to
    match), the title marked as synthetic."""
    document = copy.deepcopy(seed)
    factor = Decimal(year - 1990) / Decimal(27)  # a different figure each year
    document["report"].update(
        year=year,
        title=f"测试(合成数据):{year}年度法治政府建设情况报告",
        published_at=f"{year + 1}-01-15T00:00:00+08:00",
        index_number=None,
        status="published",
    )

    def rewrite(sections):
        for section in sections:
            for value in section.get("values", []):
                old_text = value["source_text"]
                new_value = (Decimal(value["value"]) * factor).quantize(Decimal(1))
                new_value = max(new_value, Decimal(1))
                value["value"] = str(new_value)
                if value.get("value_max"):
                    value["value_max"] = str(max(Decimal(value["value_max"]), new_value))
                old_number = value_number(old_text)
                if old_number:
                    new_text = old_text.replace(old_number, str(new_value), 1)
                    section["body"] = section["body"].replace(old_text, new_text, 1)
                    value["sentence"] = value["sentence"].replace(old_text, new_text, 1)
                    value["source_text"] = new_text
            rewrite(section.get("children", []))

    rewrite(document["sections"])
    return document


def value_number(text: str) -> str:
    digits = ""
    for char in text:
        if char.isdigit() or (char == "." and digits):
            digits += char
        elif digits:
            break
    return digits


def time_queries(client, rounds: int) -> list[float]:
    timings = []
    for query in QUERIES:  # once untimed: the first request of a query loads what it needs
        client.get("/search/", {"q": query})
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def child(vendor: str, rounds: int) -> None:
    os.environ["PORTAL_PAGE_CACHE_SECONDS"] = "0"
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from disclosure.models import SearchEntry
    from disclosure.search.index import rebuild_index
    from reports.models import AnnualReport, ReportStatus
    from reports.services.report_document import import_report_document

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["testserver"]
    seed = json.loads((ROOT / "fixtures" / "wuchang-2017.json").read_text(encoding="utf-8"))
    import_report_document(seed)
    rebuild_index()
    client = Client()
    one = time_queries(client, rounds)
    one_entries = SearchEntry.objects.count()
    started = time.perf_counter()
    for year in SYNTHETIC_YEARS:
        import_report_document(synthetic_document(seed, year))
    rebuild_index()
    build_seconds = time.perf_counter() - started
    twenty = time_queries(client, rounds)
    twenty_entries = SearchEntry.objects.count()
    AnnualReport.objects.filter(year__in=SYNTHETIC_YEARS).update(status=ReportStatus.DRAFT)
    rebuild_index()
    again = time_queries(client, rounds)
    p50_one, p95_one = percentiles(one + again)
    p50, p95 = percentiles(twenty)
    print(f"{connection.vendor}: {len(QUERIES)} queries × {rounds} rounds, load average {load()}")
    print(
        f"  seed only (reference), {one_entries} entries: p50 {p50_one:.1f} ms  p95 {p95_one:.1f} ms"
        f"  (p50 before {percentiles(one)[0]:.1f} ms, after {percentiles(again)[0]:.1f} ms)"
    )
    print(
        f"  20 years ({len(SYNTHETIC_YEARS)} synthetic), {twenty_entries} entries "
        f"(built and indexed in {build_seconds:.0f} s): p50 {p50:.1f} ms  p95 {p95:.1f} ms"
    )
    print(f"  ratio 20 years / seed only: p50 {p50 / p50_one:.2f}×  p95 {p95 / p95_one:.2f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.rounds)
        return 0
    vendors = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    return run_on_each(__file__, vendors, ["--rounds", str(options.rounds)])


if __name__ == "__main__":
    sys.exit(main())
