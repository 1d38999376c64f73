#!/usr/bin/env python
"""Benchmark of the public report page served by gunicorn, with a cold and a warm page cache,
and (--compare / --only-compare) the issue's serving targets compared in one run.

    .venv/bin/python scripts/bench_portal.py [--requests 2000] [--concurrency 8] [--workers 4]
    .venv/bin/python scripts/bench_portal.py --only-compare --workers 2 --seconds 5   # targets

It makes its own SQLite database under var/bench/ with the seed report (and its static files),
starts gunicorn on a free port of 127.0.0.1, sends a bounded number of GET /reports/2017/
requests (only to 127.0.0.1), and prints requests per second and latency percentiles:

- cold: the page cache is off (PORTAL_PAGE_CACHE_SECONDS=0), every request renders the page
  from the database;
- warm: the page cache is on (each gunicorn worker's local memory); each request comes from a
  new reader without cookies, so each one is a counted view.

The comparison (needs wrk and nginx) measures, with the same workers and concurrency, the
portal with Redis as its cache, a bare Django app and nginx serving the same bytes, and the
shipped nginx configuration; it prints each figure with its references and ratios, the
issue's targets (met or not), and the views Redis counted against the requests answered.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PATH = "/reports/2017/"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

sys.path.insert(0, str(ROOT))
from tests.serving.servers import free_port  # noqa: E402  (one helper for every script)


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
            "DJANGO_STATIC_ROOT": str(BENCH_DIR / "staticfiles"),
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
    # With DEBUG off the pages name hashed static files, which collectstatic makes.
    commands = (
        ["migrate", "--noinput", "-v0"],
        ["load_seed"],
        ["collectstatic", "--noinput", "-v0"],
    )
    for command in commands:
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
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also measure a bare Django app, nginx static and the shipped nginx (needs wrk)",
    )
    parser.add_argument("--only-compare", action="store_true", help="only the comparison")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per measurement")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--reuse", action="store_true", help="keep var/bench from the last run (no new database)"
    )
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, 50_000))
    if not (args.reuse and (BENCH_DIR / "staticfiles" / "staticfiles.json").exists()):
        prepare()
    print(
        f"GET {PATH}: {args.requests} requests, {args.concurrency} at a time, "
        f"gunicorn with {args.workers} workers, SQLite, seed report"
    )
    if not args.only_compare:
        bench("cold", 0, args)
        bench("warm", 300, args)
    if args.compare or args.only_compare:
        compare(args)


# --- Compared in the same run (issue 12): bare Django, nginx static, the shipped nginx ---------


def wrk(url: str, seconds: int, connections: int, agent: str = USER_AGENT) -> tuple[float, int]:
    """Requests per second that wrk measured (2 threads), and how many it made; errors refused."""
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            f"User-Agent: {agent}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"{url}: errors\n{result.stdout}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    return rate, int(re.search(r"(\d+) requests in", result.stdout).group(1))


def pending_views(env: dict) -> int:
    """Views of 2017 counted in Redis and not yet flushed (the portal's own reading of it)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c"]
        + ["from disclosure.viewcounts import pending_views; print(pending_views().get(2017, 0))"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def nginx_conf(directory: Path, workers: int, body: str) -> Path:
    temp = directory / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers read the benchmark's folders
        + f"worker_processes {workers};\npid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log;\nevents {{ worker_connections 4096; }}\n"
        "http {\n include /etc/nginx/mime.types;\n access_log off;\n sendfile on;\n"
        f" client_body_temp_path {temp}/b; proxy_temp_path {temp}/p; fastcgi_temp_path {temp}/f;"
        f" uwsgi_temp_path {temp}/u; scgi_temp_path {temp}/s;\n{body}\n}}\n"
    )
    return conf


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    sys.path.insert(0, str(ROOT))
    from tests.serving.servers import wait_for_port

    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    wait_for_port(port, 120)
    return process


BARE = "bare Django app (no middleware), same bytes"
STATIC = "nginx static file, same bytes"
STATIC_PDF = "nginx static file, the PDF"
# The targets: (figure, its reference, the least ratio).
TARGETS = [
    ("portal alone, cached page, counted readers", BARE, 0.50),
    ("shipped nginx, report page", STATIC, 0.80),
    ("shipped nginx, the published PDF", STATIC_PDF, 0.80),
]


def report_comparison(results: dict[str, float], counted: dict[str, tuple[int, int]]) -> None:
    """Each figure with its reference and the ratio; then the issue's targets, met or not."""
    print(f"\n{'what':50} {'req/s':>9} {'÷ bare Django':>14} {'÷ nginx static':>15}  views counted")
    for label, rate in results.items():
        static = results[STATIC_PDF] if "PDF" in label else results[STATIC]
        views, made = counted.get(label, (None, None))
        note = "" if views is None else f"{views} for {made} requests answered"
        print(f"{label:50} {rate:9.0f} {rate / results[BARE]:14.3f} {rate / static:15.3f}  {note}")
    print("\nThe issue's targets (ratios in this run):")
    for label, reference, least in TARGETS:
        ratio = results[label] / results[reference]
        verdict = "met" if ratio >= least else "NOT met"
        print(
            f"  {label:44} {results[label]:9.0f} req/s ÷ {reference} {results[reference]:.0f}"
            f" = {ratio:.2f}  (target ≥ {least:.2f}: {verdict})"
        )
    image = "shipped nginx, the page's counter image"
    views, made = counted[image]
    print(
        f"  readers behind nginx are counted by the image: {views} views for {made} image requests"
        f" ({'all' if views >= made else 'NOT all'} counted), "
        f"{results[image] / results[BARE]:.2f} of the bare app's rate"
    )


def compare(args) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from render_nginx import render

    from tests.serving.servers import RedisServer

    redis = RedisServer(BENCH_DIR)
    redis.start()
    processes = []
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    try:
        env = environment(300)
        env.update(
            {
                "CACHE_URL": redis.url,
                "PDF_ACCEL_REDIRECT": "/_stored_pdf/",
                "PDF_STORAGE_DIR": str(BENCH_DIR / "pdf"),
                "PORTAL_STAMP_CHECK_SECONDS": "30",
            }
        )
        portal = free_port()
        processes.append(
            start(
                [gunicorn, "portal.wsgi:application", "-b", f"127.0.0.1:{portal}"]
                + ["-w", str(args.workers), "--log-level", "warning"],
                env,
                portal,
            )
        )
        for _ in range(100):
            try:
                if get(portal)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        page = urllib.request.urlopen(f"http://127.0.0.1:{portal}{PATH}", timeout=60).read()
        urllib.request.urlopen(f"http://127.0.0.1:{portal}/reports/2017/pdf/", timeout=300).read()
        pdf = next((BENCH_DIR / "pdf" / "2017").glob("public-*.pdf"))
        static = BENCH_DIR / "static-root"
        (static / "reports" / "2017").mkdir(parents=True, exist_ok=True)
        (static / "reports" / "2017" / "index.html").write_bytes(page)
        shutil.copy(pdf, static / "report.pdf")
        (BENCH_DIR / "page.html").write_bytes(page)

        bare = free_port()
        bare_env = dict(env, BENCH_BODY_FILE=str(BENCH_DIR / "page.html"))
        processes.append(
            start(
                [gunicorn, "--chdir", "scripts", "bench_bare_app:application"]
                + ["-b", f"127.0.0.1:{bare}", "-w", str(args.workers), "--log-level", "warning"],
                bare_env,
                bare,
            )
        )
        static_port = free_port()
        conf = nginx_conf(
            BENCH_DIR / "nginx-static",
            args.workers,
            f" server {{ listen 127.0.0.1:{static_port}; root {static}; index index.html; }}",
        )
        processes.append(start(["nginx", "-c", str(conf), "-g", "daemon off;"], env, static_port))
        shipped_port = free_port()
        site = render(
            apps=[f"127.0.0.1:{portal}"],
            listen=f"127.0.0.1:{shipped_port}",
            static_root=str(BENCH_DIR / "staticfiles"),
            pdf_storage_dir=str(BENCH_DIR / "pdf"),
            cache_dir=str(BENCH_DIR / "nginx-shipped" / "cache"),
            run_dir=str(BENCH_DIR / "nginx-shipped"),
        )
        conf = nginx_conf(BENCH_DIR / "nginx-shipped", args.workers, site)
        processes.append(start(["nginx", "-c", str(conf), "-g", "daemon off;"], env, shipped_port))

        seconds, connections = args.seconds, args.connections
        crawler = "check_http/v2.3"
        print(
            f"\nCompared in one run: wrk -t2 -c{connections} -d{seconds}s, {args.workers} gunicorn "
            f"workers and {args.workers} nginx workers each, the same {len(page) // 1024} KB page; "
            "wrk sends no cookie, so every browser request is a new reader, counted"
        )
        portal_url = f"http://127.0.0.1:{portal}{PATH}"
        shipped_url = f"http://127.0.0.1:{shipped_port}{PATH}"
        # (label, url, agent, the reference it is divided by, whether each request must count)
        runs = [
            ("bare Django app (no middleware), same bytes", f"http://127.0.0.1:{bare}{PATH}"),
            ("nginx static file, same bytes", f"http://127.0.0.1:{static_port}{PATH}"),
            ("portal alone, cached page, counted readers", portal_url),
            ("portal alone, cached page, crawler (not counted)", portal_url, crawler),
            ("shipped nginx, report page", shipped_url),
            ("shipped nginx, the page's counter image", shipped_url + "seen.gif"),
            ("nginx static file, the PDF", f"http://127.0.0.1:{static_port}/report.pdf"),
            ("shipped nginx, the published PDF", shipped_url + "pdf/"),
        ]
        results, counted = {}, {}
        for label, url, *agent in runs:
            watched = url.startswith((portal_url, shipped_url)) and "pdf" not in url
            before = pending_views(env) if watched else 0
            results[label], made = wrk(url, seconds, connections, *agent)
            if watched:  # views counted in Redis meanwhile, and requests wrk saw answered
                counted[label] = (pending_views(env) - before, made)
        report_comparison(results, counted)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.stop()


if __name__ == "__main__":
    main()
