"""The shipped deployment files say what the code reads."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "rolportal.env.example"


def names_read(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'env_[a-z]+\("([A-Z0-9_]+)"', text)) | set(
        re.findall(r'os\.environ\.get\("([A-Z0-9_]+)"', text)
    )


def test_the_example_environment_lists_every_setting():
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    read = names_read(ROOT / "portal" / "settings.py") | names_read(
        ROOT / "deploy" / "gunicorn.conf.py"
    )
    assert read - listed == set()


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is installed by scripts/setup.sh")
def test_the_nginx_configuration_is_valid(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from render_nginx import render

    site = render(
        apps=["127.0.0.1:9", "127.0.0.1:10"],
        listen="127.0.0.1:9",
        static_root=str(tmp_path),
        pdf_storage_dir=str(tmp_path),
        cache_dir=str(tmp_path / "cache"),
        run_dir=str(tmp_path),
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\nhttp { include /etc/nginx/mime.types;\n"
        f"include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
