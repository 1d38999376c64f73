#!/usr/bin/env python
"""Write the shipped nginx configuration (deploy/nginx/rolportal.conf) with this site's values.

    .venv/bin/python scripts/render_nginx.py --server-name www.example.gov.cn \\
        --app 10.0.0.11:8000 --app 10.0.0.12:8000 > /etc/nginx/sites-available/rolportal.conf

Every value has the default of a one-server installation (README, "Deployment").
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "rolportal.conf"


def render(
    *,
    apps: list[str],
    server_name: str = "_",
    listen: str = "80",
    static_root: str = "/srv/rolportal/var/staticfiles",
    pdf_storage_dir: str = "/srv/rolportal/var/pdf",
    pdf_accel_prefix: str = "/_stored_pdf/",
    cache_dir: str = "/var/cache/nginx/rolportal",
    run_dir: str = "/run/nginx",
    admin_prefix: str = "/admin/",
    session_cookie: str = "sessionid",
    import_max_body: str = "11m",
    microcache_seconds: int = 2,
) -> str:
    values = {
        "APP_SERVERS": "\n".join(
            f"    server {app} max_fails=1 fail_timeout=5s;" for app in apps or ["127.0.0.1:8000"]
        ),
        "SERVER_NAME": server_name,
        "LISTEN": listen,
        "STATIC_ROOT": static_root.rstrip("/"),
        "PDF_STORAGE_DIR": pdf_storage_dir.rstrip("/"),
        "PDF_ACCEL_PREFIX": "/" + pdf_accel_prefix.strip("/") + "/",
        "CACHE_DIR": cache_dir,
        "RUN_DIR": run_dir.rstrip("/"),
        "ADMIN_PREFIX": "/" + admin_prefix.strip("/") + "/",
        "SESSION_COOKIE": session_cookie,
        "IMPORT_MAX_BODY": import_max_body,
        "MICROCACHE_SECONDS": str(microcache_seconds),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if "@" in "".join(line.split("#")[0] for line in text.splitlines()):
        raise SystemExit("render_nginx: a placeholder was left unfilled")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--app", action="append", default=[], help="host:port of an app server")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--static-root", default="/srv/rolportal/var/staticfiles")
    parser.add_argument("--pdf-storage-dir", default="/srv/rolportal/var/pdf")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/rolportal")
    parser.add_argument("--run-dir", default="/run/nginx")
    parser.add_argument("--admin-prefix", default="/admin/")
    parser.add_argument("--import-max-body", default="11m")
    parser.add_argument("--microcache-seconds", type=int, default=2)
    args = parser.parse_args()
    sys.stdout.write(
        render(
            apps=args.app,
            server_name=args.server_name,
            listen=args.listen,
            static_root=args.static_root,
            pdf_storage_dir=args.pdf_storage_dir,
            cache_dir=args.cache_dir,
            run_dir=args.run_dir,
            admin_prefix=args.admin_prefix,
            import_max_body=args.import_max_body,
            microcache_seconds=args.microcache_seconds,
        )
    )


if __name__ == "__main__":
    main()
