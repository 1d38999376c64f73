#!/usr/bin/env python
"""Start the several-servers topology on loopback ports: nginx (the shipped configuration),
two gunicorn app servers, Redis, and a database of its own; stop it all on exit.

    .venv/bin/python scripts/serving_topology.py      # prints the addresses, Ctrl-C stops

The database is a new PostgreSQL database beside DATABASE_URL's (`<name>_topology`, dropped
at the end) when DATABASE_URL is PostgreSQL, else a SQLite file. PDFs are kept in the database
(PDF_STORE=database) and rendered under Redis's lock: the servers share no file system.
Used by tests/serving/test_topology.py and scripts/bench_portal.py.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from render_nginx import render  # noqa: E402

from tests.serving.servers import RedisServer, free_port, wait_for_port  # noqa: E402

SETUP_SCRIPT = """
from django.contrib.auth import get_user_model
from reports.models import AnnualReport, Section
get_user_model().objects.create_superuser("topology-admin", "", "topology-password-1A")
report = AnnualReport.objects.create(
    year=2018, status="review", government="测试市人民政府", issuing_office="测试市司法局",
    title="测试:2018年度报告(多服务器测试用)", preamble="这是用于测试的导语。")
chapter = Section.objects.create(report=report, position=1, number="一、", title="测试章节")
Section.objects.create(report=report, parent=chapter, position=1, number="1.",
                       title="测试措施。", body="测试正文。")
"""


class Topology:
    def __init__(self, workers: int = 2, microcache_seconds: int = 2):
        self.dir = Path(tempfile.mkdtemp(prefix="rolportal-topology-", dir=ROOT / "var"))
        self.workers = workers
        self.microcache_seconds = microcache_seconds
        self.redis = RedisServer(self.dir)
        self.app_ports = [free_port(), free_port()]
        self.nginx_port = free_port()
        self.apps: list[subprocess.Popen | None] = [None, None]
        self.nginx = None
        self.database_name = None
        base = os.environ.get("DATABASE_URL", "")
        if base.startswith("postgres"):
            self.database_name = base.rsplit("/", 1)[1].split("?")[0] + "_topology"
            self.database_url = base.rsplit("/", 1)[0] + "/" + self.database_name
        else:
            self.database_url = f"sqlite:///{self.dir / 'portal.sqlite3'}"

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.database_url,
                "CACHE_URL": self.redis.url,
                "PORTAL_VAR_DIR": str(self.dir),
                "DJANGO_STATIC_ROOT": str(self.dir / "static"),
                "PDF_FONT_DIR": env.get("PDF_FONT_DIR", str(ROOT / "var" / "fonts")),
                "DJANGO_SECRET_KEY": "topology-only-secret-key-not-for-production",
                "DJANGO_DEBUG": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_SECURE_COOKIES": "0",
                "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(
                    f"http://127.0.0.1:{port}" for port in [*self.app_ports, self.nginx_port]
                ),
                "DJANGO_LOG_LEVEL": "INFO",
                "PDF_STORE": "database",
                "PDF_LOCK": "cache",
                "PDF_ACCEL_REDIRECT": "",
                "PDF_RENDER_AHEAD": "off",
                "REPORTS_ORG_CODE": "TEST-TOPOLOGY",
                "GUNICORN_WORKERS": str(self.workers),
                "GUNICORN_WORKER_TMP_DIR": str(self.dir),
                "GUNICORN_LOG_LEVEL": "warning",
            }
        )
        return env

    def manage(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return result.stdout if capture else ""

    def _database(self, create: bool) -> None:
        if self.database_name is None:
            return
        import psycopg

        admin = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
            if create:
                connection.execute(f'CREATE DATABASE "{self.database_name}"')

    def start_app(self, index: int, wait: bool = True) -> None:
        env = self.env
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.app_ports[index]}"
        # The server writes to its own copy of the file descriptor: ours closes at once.
        with open(self.dir / f"app{index}.log", "ab") as log:
            self.apps[index] = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
                + ["portal.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        if wait:
            wait_for_port(self.app_ports[index], 120)
            self.wait_until_ready(self.app_ports[index])

    @staticmethod
    def wait_until_ready(port: int, seconds: float = 300) -> None:
        """Until a worker answers: each one warms up first (portal/warmup.py)."""
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"app server on port {port} not ready after {seconds} s")

    def kill_app(self, index: int) -> None:
        """SIGKILL the app server and its workers, as a crash would."""
        process = self.apps[index]
        if process is not None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            self.apps[index] = None

    def start(self) -> "Topology":
        started = time.monotonic()

        def step(name):
            print(f"topology: {name} after {time.monotonic() - started:.1f} s", file=sys.stderr)

        self.redis.start()
        self._database(create=True)
        self.manage("migrate", "--noinput", "-v0")
        step("migrated")
        self.manage("load_seed")
        self.manage("shell", "--no-imports", "-c", SETUP_SCRIPT)
        # With DEBUG off the pages name hashed static files (the manifest): without them every
        # page would be a 500. nginx serves the same folder.
        self.manage("collectstatic", "--noinput", "-v0")
        step("seeded, static files collected")
        for index in (0, 1):
            self.start_app(index, wait=False)
        for index in (0, 1):
            wait_for_port(self.app_ports[index], 120)
            self.wait_until_ready(self.app_ports[index])
        step("app servers ready")
        site = render(
            apps=[f"127.0.0.1:{port}" for port in self.app_ports],
            listen=f"127.0.0.1:{self.nginx_port}",
            static_root=str(self.dir / "static"),
            pdf_storage_dir=str(self.dir / "pdf"),
            cache_dir=str(self.dir / "nginx-cache"),
            run_dir=str(self.dir),
            microcache_seconds=self.microcache_seconds,
        )
        (self.dir / "site.conf").write_text(site)
        temp = self.dir / "nginx-temp"
        temp.mkdir()
        (self.dir / "nginx.conf").write_text(
            ""
            # Started by root (CI), workers would run as nobody, who cannot read this folder.
            + ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 2;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/nginx.log;\n"
            "events { worker_connections 4096; }\nhttp {\n include /etc/nginx/mime.types;\n"
            " access_log off;\n sendfile on;\n tcp_nopush on;\n"
            f" client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
            f" fastcgi_temp_path {temp}/fcgi; uwsgi_temp_path {temp}/uwsgi;"
            f" scgi_temp_path {temp}/scgi;\n include {self.dir}/site.conf;\n}}\n"
        )
        self.nginx = subprocess.Popen(
            ["nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"]
        )
        wait_for_port(self.nginx_port)
        return self

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for index in (0, 1):
            if self.apps[index] is not None:
                os.killpg(self.apps[index].pid, signal.SIGTERM)
                try:
                    self.apps[index].wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill_app(index)
        self.redis.stop()
        try:
            self._database(create=False)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log(self, index: int) -> str:
        return (self.dir / f"app{index}.log").read_text(errors="replace")

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


def main() -> None:
    with Topology() as topology:
        print(f"nginx      http://127.0.0.1:{topology.nginx_port}/")
        for index, port in enumerate(topology.app_ports):
            print(f"app {'AB'[index]}      http://127.0.0.1:{port}/")
        print(f"redis      {topology.redis.url}")
        print(f"database   {topology.database_url}")
        print("admin      topology-admin / topology-password-1A   (Ctrl-C stops everything)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
