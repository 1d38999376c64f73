"""Rendered PDFs kept in a Django storage: one file per report year, kind and content version.

Names are ``<year>/<kind>-<version>.pdf`` (kind "public" or "draft"), so that a version is
never overwritten in place: a new version is a new file, and the older ones of the year are
dropped once the new one is stored. Renderings of one version are serialised by a lock, so that
concurrent first requests render once and the others wait and read the stored file.
"""

import fcntl
import logging
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.storage.handler import InvalidStorageError

from reports import sharedcache
from reports.models import AnnualReport
from reports.signals import pdf_stored

from . import render

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 120  # seconds: far beyond a rendering (well under a second for a report)


def pdf_storage() -> Storage:
    """STORAGES["pdfs"] when the project defines it (e.g. object storage), else PDF_STORAGE_DIR."""
    try:
        return storages["pdfs"]
    except InvalidStorageError:
        pass
    if settings.PDF_STORE == "database":
        from .dbstorage import DatabaseStorage

        return DatabaseStorage()
    return FileSystemStorage(location=settings.PDF_STORAGE_DIR)


def kind_of(draft: bool) -> str:
    return "draft" if draft else "public"


def stored_name(year: int, draft: bool, version: str) -> str:
    return f"{year}/{kind_of(draft)}-{version}.pdf"


@dataclass
class StoredPdf:
    name: str
    version: str
    file_name: str
    rendered_now: bool

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    def open(self):
        return pdf_storage().open(self.name, "rb")


@contextmanager
def _file_lock(key: str):
    directory = Path(settings.PDF_STORAGE_DIR) / ".locks"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{key}.lock", "a+b") as handle:
        # flock locks belong to an open file, so threads of one process exclude each other too.
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _cache_lock(key: str):
    """A lock through the shared cache (Redis) for servers that share no file system.

    The lock's value names its owner, so that a process whose lock expired (a rendering that
    outlived LOCK_TIMEOUT) does not release the lock another process has taken since. While the
    cache does not answer, the rendering goes on without the lock (two servers may then render
    one version twice, which is harmless: the file is the same).
    """
    cache_key = f"reports-pdf-lock:{key}"
    owner = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex}"
    deadline = time.monotonic() + LOCK_TIMEOUT
    while not sharedcache.call("add", cache_key, owner, timeout=LOCK_TIMEOUT, default=True):
        if time.monotonic() > deadline:
            raise TimeoutError(f"PDF lock {key} held for more than {LOCK_TIMEOUT} s")
        time.sleep(0.05)
    try:
        yield
    finally:
        release_cache_lock(cache_key, owner)


def release_cache_lock(cache_key: str, owner: str) -> bool:
    """Delete the lock if ``owner`` still holds it; returns whether it did."""
    holder = sharedcache.call("get", cache_key)
    if not sharedcache.available():
        return False
    if holder != owner:
        logger.warning("PDF lock %s expired while rendering; left to its new owner", cache_key)
        return False
    # The cache has no compare-and-delete; the window left is a lock that expires in the
    # instant between this get and the delete, after a rendering of LOCK_TIMEOUT seconds.
    sharedcache.call("delete", cache_key)
    return True


def render_lock(key: str):
    return _cache_lock(key) if settings.PDF_LOCK == "cache" else _file_lock(key)


def drop_other_versions(year: int, draft: bool, keep: str | None) -> int:
    """Delete the stored PDFs of a year and kind except version ``keep``; returns how many."""
    storage = pdf_storage()
    prefix = f"{kind_of(draft)}-"
    try:
        _, files = storage.listdir(str(year))
    except FileNotFoundError:
        return 0
    dropped = 0
    for file in files:
        if file.startswith(prefix) and file.endswith(".pdf") and file != f"{prefix}{keep}.pdf":
            storage.delete(f"{year}/{file}")
            dropped += 1
    return dropped


def drop_all(year: int) -> None:
    drop_other_versions(year, draft=False, keep=None)
    drop_other_versions(year, draft=True, keep=None)


def _save_whole(storage: Storage, name: str, content: bytes) -> None:
    """Store a file so that no reader ever sees half of it."""
    if isinstance(storage, FileSystemStorage):
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(content)
        os.replace(partial, target)  # atomic on one file system
    else:
        # Object storages publish an upload only once it is complete.
        storage.save(name, ContentFile(content))


def get_or_render(report: AnnualReport, draft: bool = False, prepared=None) -> StoredPdf:
    """The stored PDF of the report's current content, rendered (once) if there is none yet.

    Raises fonts.FontUnavailable when the document cannot be typeset with real glyphs.
    """
    prepared = prepared or render.prepare(report, draft=draft)
    name = stored_name(report.year, draft, prepared.version)
    storage = pdf_storage()
    if storage.exists(name):
        return StoredPdf(name, prepared.version, prepared.file_name, rendered_now=False)
    with render_lock(f"{report.year}-{kind_of(draft)}-{prepared.version}"):
        if storage.exists(name):  # another request rendered it while this one waited
            return StoredPdf(name, prepared.version, prepared.file_name, rendered_now=False)
        started = time.perf_counter()
        content = render.write_pdf(prepared)
        _save_whole(storage, name, content)
        logger.info(
            "PDF of %s (%s) rendered in %.2f s, %d KB, version %s",
            report.year,
            kind_of(draft),
            time.perf_counter() - started,
            len(content) // 1024,
            prepared.version,
        )
    drop_other_versions(report.year, draft, keep=prepared.version)
    if not draft:
        pdf_stored.send(sender=None, year=report.year)
    return StoredPdf(name, prepared.version, prepared.file_name, rendered_now=True)


def accel_redirect_uri(stored: StoredPdf) -> str | None:
    """The URI under which the reverse proxy sends the stored file itself (X-Accel-Redirect),
    when PDF_ACCEL_REDIRECT names its internal location and the store is the proxy's disk."""
    prefix = settings.PDF_ACCEL_REDIRECT
    if not prefix or not isinstance(pdf_storage(), FileSystemStorage):
        return None
    return prefix.rstrip("/") + "/" + quote(stored.name)


def open_pdf(report: AnnualReport, draft: bool, prepared) -> tuple[StoredPdf, object]:
    """The stored PDF of the prepared version, open for reading.

    A rendering of an older version finishing at this moment drops the other versions of the
    year, this one too: then it is rendered again, once.
    """
    try:
        stored = get_or_render(report, draft=draft, prepared=prepared)
        return stored, stored.open()
    except FileNotFoundError:
        stored = get_or_render(report, draft=draft, prepared=prepared)
        return stored, stored.open()
