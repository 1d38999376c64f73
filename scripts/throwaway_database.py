"""A throwaway database for the search scripts, never the real one.

``run_on_each(script, vendors, args)`` runs ``script --child VENDOR`` once per database in a
child process whose DATABASE_URL points at a fresh, empty database: a SQLite file in a
temporary folder, or a PostgreSQL database named ``<name>_throwaway_<pid>`` on the server of
DATABASE_URL (default 127.0.0.1:5432, user postgres), created before and dropped after.
``setup_django()`` (in the child) migrates it.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/rolportal"


def _postgres_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True)


def run_on_each(script: str, vendors: list[str], args: list[str]) -> int:
    status = 0
    for vendor in vendors:
        env = dict(os.environ)
        env.setdefault("DJANGO_SECRET_KEY", "throwaway-database-script-key-not-for-production")
        env["DJANGO_SETTINGS_MODULE"] = "portal.test_settings"
        env["DJANGO_LOG_LEVEL"] = "WARNING"
        env.pop("CACHE_URL", None)
        with tempfile.TemporaryDirectory(prefix="search-throwaway-") as folder:
            env["PORTAL_VAR_DIR"] = folder
            env["PDF_FONT_DIR"] = str(ROOT / "var" / "fonts")
            dropper = None
            if vendor == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{folder}/throwaway.sqlite3"
            else:
                server = os.environ.get("DATABASE_URL", "")
                if not server.startswith("postgres"):
                    server = DEFAULT_POSTGRES
                parts = urlsplit(server)
                name = f"{parts.path.strip('/') or 'rolportal'}_throwaway_{os.getpid()}"
                with _postgres_admin(server) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    admin.execute(f'CREATE DATABASE "{name}"')
                env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
                dropper = (server, name)
            try:
                result = subprocess.run(
                    [sys.executable, script, "--child", vendor, *args], env=env, cwd=ROOT
                )
                status = status or result.returncode
            finally:
                if dropper:
                    with _postgres_admin(dropper[0]) as admin:
                        admin.execute(f'DROP DATABASE IF EXISTS "{dropper[1]}" WITH (FORCE)')
    return status


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def pdf_benchmark_environment(work: Path) -> dict[str, str]:
    """The settings of a PDF benchmark's process: a throwaway SQLite database and PDF folder
    in ``work``, the test settings, and no rendering ahead (the benchmark renders itself)."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "PDF_STORAGE_DIR": str(work / "pdf"),
        "PDF_RENDER_AHEAD": "off",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
