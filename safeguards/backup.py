"""Backup and restore of the database and the stored files (README, "Backup and restore").

A backup is a folder:

- ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3`` (SQLite, through its
  online backup API, consistent while the site keeps running);
- ``files.tar.gz``: the uploaded files (``MEDIA_ROOT``) and the stored PDFs (``PDF_STORAGE_DIR``),
  so a restored site serves the very PDFs it served before (``render_pdfs`` can also remake them);
- ``manifest.json``: when, from which engine, and every table's row count, checked on restore.

The page cache is not backed up: a restore empties it.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

DATABASE_DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FILES_ARCHIVE = "files.tar.gz"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def file_roots() -> dict[str, Path]:
    """The folders whose files belong in a backup, by the name they have in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "pdf": Path(settings.PDF_STORAGE_DIR)}


def table_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _libpq_environment() -> dict[str, str]:
    params = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    env["PGDATABASE"] = params["NAME"]
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_libpq_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 执行失败:{result.stderr.strip()}")


def back_up(destination: Path) -> Path:
    """Write a backup folder under ``destination``; its path."""
    vendor = connection.vendor
    if vendor not in DATABASE_DUMP:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    folder = Path(destination) / datetime.now().strftime("backup-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    dump = folder / DATABASE_DUMP[vendor]
    counts = table_row_counts()
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"])
    else:
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    with tarfile.open(folder / FILES_ARCHIVE, "w:gz") as archive:
        for name, root in file_roots().items():
            if root.is_dir():
                archive.add(root, arcname=name)
    manifest = {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "engine": vendor,
        "tables": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return folder


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(folder: Path) -> dict[str, int]:
    """Restore a backup folder into the configured, empty database; the checked row counts."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} 不是备份目录(缺少 {MANIFEST})。") from None
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(f"备份来自 {manifest['engine']} 数据库,不能恢复到 {vendor} 数据库。")
    dump = folder / DATABASE_DUMP[vendor]
    if vendor == "postgresql":
        if not _database_is_empty():
            raise BackupError("目标数据库不是空库:请恢复到新建的空数据库(见 README)。")
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                connection.settings_dict["NAME"],
                str(dump),
            ]
        )
    else:
        # SQLite: copy page by page into the open database, which it replaces as a whole.
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    _restore_files(folder / FILES_ARCHIVE)
    counts = table_row_counts()
    if counts != manifest["tables"]:
        differing = sorted(
            table
            for table in set(counts) | set(manifest["tables"])
            if counts.get(table) != manifest["tables"].get(table)
        )
        raise BackupError(f"恢复后的行数与备份时不一致:{', '.join(differing)}")
    from django.core.cache import cache

    cache.clear()
    return counts


def _restore_files(archive_path: Path) -> None:
    if not archive_path.exists():
        return
    roots = file_roots()
    with tarfile.open(archive_path) as archive:
        for name, root in roots.items():
            members = [
                m for m in archive.getmembers() if m.name == name or m.name.startswith(name + "/")
            ]
            if not members:
                continue
            staging = root.parent / f".{root.name}.restoring"
            shutil.rmtree(staging, ignore_errors=True)
            archive.extractall(staging, members=members, filter="data")
            root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(staging / name, root, dirs_exist_ok=True)
            shutil.rmtree(staging)
