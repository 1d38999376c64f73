#!/usr/bin/env python
"""Benchmark of the public report page served by gunicorn, with a cold and a warm page cache.

    .venv/bin/python scripts/bench_portal.py [--requests 2000] [--concurrency 8] [--workers 4]

It makes its own SQLite database under var/bench/ with the seed report, starts gunicorn on a
free port of 127.0.0.1, sends a bounded number of GET /reports/2017/ requests (only to
127.0.0.1), and prints requests per second and latency percentiles:

- cold: the page cache is off (PORTAL_PAGE_CACHE_SECONDS=0), every request renders the page
  from the database;
- warm: the page cache is on; every request still checks the report's status and the content
  stamp and counts the view (each request comes from a new reader without cookies, so each
  one is a counted view: the worst case for the 点击数 UPDATE).
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PATH = "/reports/2017/"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(cache_seconds: int) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{BENCH_DIR / 'portal-bench.sqlite3'}",
            "PORTAL_VAR_DIR": str(BENCH_DIR),
            # The project's prepared PDF fonts, as a deployment has them (the workers' warm-up).
            "PDF_FONT_DIR": env.get("PDF_FONT_DIR", str(ROOT / "var" / "fonts")),
            "DJANGO_SECRET_KEY": env.get(
                "DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production"
            ),
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PORTAL_PAGE_CACHE_SECONDS": str(cache_seconds),
            # Measure the page alone: no PDF rendered ahead in the background meanwhile.
            "PDF_RENDER_AHEAD": "off",
        }
    )
    env.pop("CACHE_URL", None)  # each gunicorn worker keeps its own local-memory cache
    return env


def prepare() -> None:
    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    env = environment(0)
    for command in (["migrate", "--noinput", "-v0"], ["load_seed"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def get(port: int) -> tuple[int, float]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", PATH, headers={"User-Agent": USER_AGENT})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - start


def run(port: int, total: int, concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]

    def worker():
        nonlocal errors
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            status, seconds = get(port)
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench(label: str, cache_seconds: int, args) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(cache_seconds),
    )
    try:
        for _ in range(100):
            try:
                if get(port)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not answer")
        for _ in range(args.workers * 4):  # every worker loads its code (and, warm, its cache)
            get(port)
        elapsed, latencies, errors = run(port, args.requests, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = [seconds * 1000 for seconds in latencies]
    print(
        f"{label:5}  {len(latencies) / elapsed:8.1f} req/s   p50 {percentile(ms, 50):6.1f} ms   "
        f"p95 {percentile(ms, 95):6.1f} ms   p99 {percentile(ms, 99):6.1f} ms   "
        f"mean {statistics.mean(ms):6.1f} ms   errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, 50_000))
    prepare()
    print(
        f"GET {PATH}: {args.requests} requests, {args.concurrency} at a time, "
        f"gunicorn with {args.workers} workers, SQLite, seed report"
    )
    bench("cold", 0, args)
    bench("warm", 300, args)


if __name__ == "__main__":
    main()
