"""The settings: grouped, each name defined once, nothing written when they are imported."""

import ast
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "portal" / "settings.py"


def import_settings(env_overrides: dict, show: str = "SECRET_KEY") -> subprocess.CompletedProcess:
    """Import portal.settings in a fresh process with this environment; print one setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import portal.settings as s; print(s.{show})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_setting_is_defined_once_and_never_changed_afterwards():
    tree = ast.parse(SETTINGS_FILE.read_text())
    defined = []
    for node in tree.body:
        assert not isinstance(node, ast.AugAssign), f"line {node.lineno} changes a setting"
        if isinstance(node, ast.Assign):
            for target in node.targets:
                assert isinstance(target, ast.Name), f"line {node.lineno} changes a setting"
                defined.append(target.id)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            raise AssertionError(f"line {node.lineno} calls something at import time")
    repeated = {name for name in defined if defined.count(name) > 1}
    assert repeated == set()


def test_importing_the_settings_writes_nothing(tmp_path):
    var_dir = tmp_path / "var"
    result = import_settings(
        {"PORTAL_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": "k" * 50}
    )
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_development_key_missing_is_a_clear_error_not_a_new_file(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    result = import_settings({"PORTAL_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "1"})
    assert result.returncode != 0
    assert "make setup" in result.stderr
    assert list(var_dir.iterdir()) == []


def test_setup_step_makes_the_development_key_the_settings_then_read(tmp_path):
    var_dir = tmp_path / "var"
    env = dict(os.environ, PORTAL_VAR_DIR=str(var_dir))
    for name in ("DJANGO_STATIC_ROOT", "DJANGO_MEDIA_ROOT"):
        env.pop(name, None)
    step = ROOT / "scripts" / "setup.d" / "10-var-and-dev-key.sh"
    subprocess.run(["bash", str(step)], env=env, check=True, timeout=60)
    key_file = var_dir / "dev-secret-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (var_dir / "staticfiles").is_dir()
    key = key_file.read_text().strip()
    assert len(key) >= 50

    result = import_settings({"PORTAL_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key

    # Run again: the key stays, so logins survive a second set-up.
    subprocess.run(["bash", str(step)], env=env, check=True, timeout=60)
    assert key_file.read_text().strip() == key


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = import_settings({"PORTAL_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_every_environment_variable_is_in_the_readme():
    import re

    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', SETTINGS_FILE.read_text()))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ADMINS"} <= names
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(name for name in names if f"`{name}`" not in readme)
    assert undocumented == []
