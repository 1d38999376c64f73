#!/usr/bin/env python
"""Lighthouse audit of the public pages, served as in production, and their four scores.

    .venv/bin/python scripts/lighthouse.py [--form-factor mobile|desktop|both] [--page PATH ...]

It makes its own SQLite database under var/lighthouse/ with the seed report, runs
`collectstatic` (hashed, compressed static files), starts gunicorn with DJANGO_DEBUG off on a
free port of 127.0.0.1 behind nginx with the shipped configuration (deploy/nginx, as
scripts/render_nginx.py writes it; `--direct` audits gunicorn alone), and runs Lighthouse (npm `lighthouse`, pinned in package.json) in
Debian's Chromium (/usr/bin/chromium, or CHROME_PATH) on the home page, the report page, an
indicator page and /data/. It prints the performance, accessibility, best-practices and SEO
scores of each page and, for a score under 100, the audits that cost it; it exits with status
1 unless every score is 100.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from bench_portal import nginx_conf  # noqa: E402
from render_nginx import render  # noqa: E402

from tests.serving.servers import free_port, wait_for_port  # noqa: E402  (one helper for all)


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{WORK_DIR / 'portal.sqlite3'}",
            "PORTAL_VAR_DIR": str(WORK_DIR),
            "DJANGO_STATIC_ROOT": str(WORK_DIR / "static"),
            "DJANGO_MEDIA_ROOT": str(WORK_DIR / "media"),
            "PDF_STORAGE_DIR": str(WORK_DIR / "pdf"),
            "PDF_FONT_DIR": env.get("PDF_FONT_DIR", str(ROOT / "var" / "fonts")),
            "DJANGO_SECRET_KEY": "lighthouse-only-secret-key-not-for-production",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PDF_RENDER_AHEAD": "off",
        }
    )
    for name in ("CACHE_URL", "PORTAL_SITE_ORIGIN", "DJANGO_SECURE_PROXY_SSL_HEADER"):
        env.pop(name, None)
    return env


def prepare(env: dict) -> None:
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_seed"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            with urllib.request.urlopen(base + "/robots.txt", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 180 s")


def start_nginx(app_port: int) -> tuple[str, subprocess.Popen]:
    """nginx with the shipped site configuration in front of the app server."""
    port = free_port()
    folder = WORK_DIR / "nginx"
    site = render(
        apps=[f"127.0.0.1:{app_port}"],
        listen=f"127.0.0.1:{port}",
        static_root=str(WORK_DIR / "static"),
        pdf_storage_dir=str(WORK_DIR / "pdf"),
        cache_dir=str(folder / "cache"),
        run_dir=str(folder),
    )
    conf = nginx_conf(folder, 1, site)
    proxy = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], cwd=ROOT)
    wait_for_port(port, 60)
    return f"http://127.0.0.1:{port}", proxy


def first_indicator_path(base: str) -> str:
    with urllib.request.urlopen(base + "/indicators/", timeout=30) as response:
        page = response.read().decode()
    found = re.search(r'href="(/indicators/[^"/]+/)"', page)
    if not found:
        raise SystemExit("the seed's indicator index lists no indicator")
    return found.group(1)


def audit(url: str, form_factor: str, env: dict) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    for attempt in range(3):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        if result.returncode == 0:
            return json.loads(result.stdout)
        # On a busy machine Chromium's trace sometimes misses the navigation (NO_NAVSTART).
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1][:160]
        print(
            f"    (lighthouse failed on {url}, attempt {attempt + 1}: {reason}; again)", flush=True
        )
    raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")


def shortfalls(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, with their titles."""
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] and result["score"] is not None and result["score"] < 1:
            lost.append(f"{ref['id']} ({result['score']:.2f}): {result['title']}")
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--form-factor", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--page", action="append", help="path to audit (repeatable)")
    parser.add_argument("--direct", action="store_true", help="audit gunicorn without nginx")
    parser.add_argument(
        "--save", type=Path, metavar="DIR", help="also write each full Lighthouse report (JSON)"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `make setup`")

    env = environment()
    started = time.monotonic()
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    proxy = None
    failed = False
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server)
        base, proxy = (f"http://127.0.0.1:{port}", None) if args.direct else start_nginx(port)
        pages = args.page or ["/", "/reports/2017/", first_indicator_path(base), "/data/"]
        form_factors = ["mobile", "desktop"] if args.form_factor == "both" else [args.form_factor]
        audit_env = {
            **os.environ,
            "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
        }
        width = max(len(path) for path in pages) + 2
        served = "gunicorn" if args.direct else "the shipped nginx in front of gunicorn"
        print(f"Lighthouse {lighthouse_version()} on {base} ({served}, DEBUG off)")
        print(f"{'page':<{width}}{'form':<9}" + "".join(f"{name:>16}" for name in CATEGORIES))
        for form_factor in form_factors:
            for path in pages:
                report = audit(base + path, form_factor, audit_env)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = path.strip("/").replace("/", "_") or "home"
                    (args.save / f"{name}-{form_factor}.json").write_text(json.dumps(report))
                scores = {
                    name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
                }
                print(
                    f"{path:<{width}}{form_factor:<9}"
                    + "".join(f"{scores[name]:>16}" for name in CATEGORIES),
                    flush=True,
                )
                for name in CATEGORIES:
                    if scores[name] < 100:
                        failed = True
                        for line in shortfalls(report, name):
                            print(f"    {name}: {line}")
    finally:
        for process in (proxy, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    print(f"({time.monotonic() - started:.0f} s in all)")
    return 1 if failed else 0


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"]


if __name__ == "__main__":
    sys.exit(main())
