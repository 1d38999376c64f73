#!/usr/bin/env python
"""Fault drill under load: PostgreSQL restarts and Redis stops for 5 s while readers read.

    .venv/bin/python scripts/fault_drill.py [--rate 20] [--phase-seconds 8] [--redis-down 5]

It starts, on free loopback ports and all of its own, a PostgreSQL instance (initdb into a
temporary folder, run as the ``postgres`` user when started by root; the shared PostgreSQL is
never touched), a redis-server (snapshots on, as Debian ships it) and gunicorn (2 workers,
DEBUG off, the seed report). Readers without cookies and with a browser's User-Agent ask at a
steady rate for the report page, the home page, an indicator page and the PDF, while the drill

1. restarts PostgreSQL (``pg_ctl restart -m fast``), then
2. stops Redis for ``--redis-down`` seconds and starts it again.

Then it runs ``manage.py flush_view_counts`` and prints the answers per phase, the 500s, and
点击数 in the database against the report-page 200s (each one a counted view: no cookie, a
browser). It exits 1 when a 500 appeared or the two counts differ. Everything it started is
stopped by PID and its folders removed, also on failure or Ctrl-C.
"""

import argparse
import collections
import http.client
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from serving_topology import Topology  # noqa: E402

from tests.serving.servers import RedisServer, free_port, wait_for_port  # noqa: E402

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
REPORT_PAGE = "/reports/2017/"
PATHS = (REPORT_PAGE, "/", "/indicators/review.applications/", "/reports/2017/pdf/")
PHASES = ("before", "PG restart", "after PG", "Redis down", "after Redis")
REQUEST_TIMEOUT = 30


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=20, help="requests per second (all pages)")
    parser.add_argument(
        "--phase-seconds", type=float, default=8, help="load before, between and after faults"
    )
    parser.add_argument("--redis-down", type=float, default=5, help="seconds Redis is stopped")
    args = parser.parse_args(argv)
    if not 0 < args.rate <= 100:
        parser.error("--rate must be between 0 and 100 requests per second")
    if not 1 <= args.phase_seconds <= 30 or not 1 <= args.redis_down <= 30:
        parser.error("--phase-seconds and --redis-down must be between 1 and 30")
    return args


def postgres_binary(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found under /usr/lib/postgresql: run scripts/setup.sh")
    return str(found[-1])


class PrivatePostgres:
    """A PostgreSQL cluster of the drill's own on a free loopback port (no Unix socket)."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="rolportal-drill-pg-"))
        self.data = self.dir / "data"
        self.started = False
        # PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            os.chown(self.dir, pwd.getpwnam(self.user).pw_uid, -1)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _run(self, *command: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *command], check=True, timeout=timeout, stdout=subprocess.DEVNULL)

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._run(
            postgres_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"),
            "-o", options, "-w", "-t", "60", *args,
        )  # fmt: skip

    def start(self) -> None:
        self._run(
            postgres_binary("initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self._pg_ctl("start")
        self.started = True
        import psycopg

        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE portal")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        try:
            if self.started:
                self._pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class Load:
    """Requests at a steady rate from a pool of threads; each answer is filed under a phase."""

    def __init__(self, port: int, rate: float):
        self.port = port
        self.rate = rate
        self.phase = PHASES[0]
        self.answers: list[tuple[str, str, str]] = []  # (phase, path, status or error)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=16)
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _one(self, phase: str, path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT})
            response = connection.getresponse()
            response.read()
            outcome = str(response.status)
        except OSError as error:
            outcome = f"no answer ({type(error).__name__})"
        finally:
            connection.close()
        with self.lock:
            self.answers.append((phase, path, outcome))

    def _send(self) -> None:
        interval = 1 / self.rate
        next_at = time.monotonic()
        sent = 0
        while not self.stopping.is_set():
            self.pool.submit(self._one, self.phase, PATHS[sent % len(PATHS)])
            sent += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.pool.shutdown(wait=True)


def wait_ready(port: int, path: str) -> None:
    """Until ``path`` answers 200 (the PDF is rendered once here, before the load starts)."""
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request("GET", path)  # no browser User-Agent: not a counted view
            response = connection.getresponse()
            response.read()
            status = response.status
            if status == 200:
                return
        except OSError as error:
            status = error
        finally:
            connection.close()
        time.sleep(0.5)
    raise TimeoutError(f"{path} did not answer 200 (last: {status})")


def stored_views(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT view_count FROM reports_annualreport WHERE year = 2017"
        ).fetchone()
    return row[0]


def report(answers, views_before: int, views_after: int) -> bool:
    """Print the figures; True when the drill passed."""
    by_phase = collections.defaultdict(collections.Counter)
    for phase, _path, outcome in answers:
        by_phase[phase][outcome] += 1
    print(f"requests sent: {len(answers)}")
    for phase in PHASES:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(by_phase[phase].items()))
        print(f"  {phase:<12} {counts or '-'}")
    errors = sum(1 for _, _, outcome in answers if outcome.startswith("5"))
    server_errors = sum(1 for _, _, outcome in answers if outcome == "500")
    unanswered = sum(1 for _, _, outcome in answers if outcome.startswith("no answer"))
    counted = sum(1 for _, path, outcome in answers if path == REPORT_PAGE and outcome == "200")
    print(f"500 answers: {server_errors} (all 5xx: {errors}, no answer: {unanswered})")
    print(f"点击数 added in the database: {views_after - views_before}")
    print(f"counted 200 answers (report page, new reader each): {counted}")
    passed = server_errors == 0 and unanswered == 0 and views_after - views_before == counted
    print("drill passed" if passed else "DRILL FAILED")
    return passed


def drill(args: argparse.Namespace) -> bool:
    postgres = PrivatePostgres()
    topology = Topology(workers=2)
    # Only one app server and no nginx: the drill is about the app server and its services.
    topology.redis = RedisServer(topology.dir, snapshot_on_stop=True)
    topology.database_name = None  # not a database beside DATABASE_URL's: the private cluster
    started = time.monotonic()

    def step(name: str) -> None:
        print(f"drill: {name} after {time.monotonic() - started:.1f} s", file=sys.stderr)

    try:
        postgres.start()
        topology.database_url = postgres.url
        topology.redis.start()
        step("PostgreSQL and Redis started")
        topology.manage("migrate", "--noinput", "-v0")
        topology.manage("load_seed")
        # Debug off: the pages name hashed static files, which collectstatic makes.
        topology.manage("collectstatic", "--noinput", "-v0")
        step("seeded")
        topology.start_app(0, wait=False)
        port = topology.app_ports[0]
        wait_for_port(port, 120)
        for path in PATHS:
            wait_ready(port, path)
        step("gunicorn ready")
        views_before = stored_views(postgres.url)

        load = Load(port, args.rate)
        load.start()
        try:
            time.sleep(args.phase_seconds)
            load.phase = "PG restart"
            postgres.restart()
            load.phase = "after PG"
            time.sleep(args.phase_seconds)
            load.phase = "Redis down"
            topology.redis.stop()
            time.sleep(args.redis_down)
            topology.redis.start()
            load.phase = "after Redis"
            time.sleep(args.phase_seconds)
        finally:
            load.stop()
        step("load done")
        topology.manage("flush_view_counts")
        passed = report(load.answers, views_before, stored_views(postgres.url))
        if not passed:
            print("--- app server log (last 40 lines) ---")
            print("\n".join(topology.log(0).splitlines()[-40:]))
        return passed
    except BaseException:
        if topology.apps[0] is not None:
            print("--- app server log (last 60 lines) ---", file=sys.stderr)
            print("\n".join(topology.log(0).splitlines()[-60:]), file=sys.stderr)
        raise
    finally:
        try:
            topology.stop()
        finally:
            postgres.stop()


def main(argv=None) -> int:
    return 0 if drill(parse_args(argv)) else 1


if __name__ == "__main__":
    sys.exit(main())
