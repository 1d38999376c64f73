"""Preparing the PDF fonts once: the free CJK fonts cut down to the characters reports use.

A Noto CJK collection holds 65,000 glyphs for four languages in 20 MB; the subset of one face
for ``charset`` holds about 7,600 characters. The prepared files and a manifest (what each one
covers, and what it was made from) are written to ``settings.PDF_FONT_DIR``; preparing again
with the same sources and characters does nothing.
"""

import hashlib
import json
import logging
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import fontTools

from .charset import base_characters, drawn_characters
from .fonts import (
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    ROLES,
    FontUnavailable,
    find_system_font,
    font_dir,
)

# Bump when the way fonts are cut changes, so that prepared fonts are made again.
PREPARATION_VERSION = 1


def database_characters() -> set[str]:
    """Every character of the reports in the database; nothing when there is no database yet."""
    from django.db import DatabaseError

    from reports.models import AnnualReport, Department, IndicatorDefinition, Section

    characters: set[str] = set()
    try:
        for row in AnnualReport.objects.values_list(
            "government", "title", "issuing_office", "index_number", "preamble", "closing"
        ):
            characters |= drawn_characters("".join(value or "" for value in row))
        for row in Section.objects.values_list("number", "title", "body"):
            characters |= drawn_characters("".join(row))
        for row in IndicatorDefinition.objects.values_list("name", "unit"):
            characters |= drawn_characters("".join(row))
        for (name,) in Department.objects.values_list("name"):
            characters |= drawn_characters(name)
    except DatabaseError:
        return set()
    return characters


def _subset(source: str, index: int, codepoints: list[int], target: str) -> tuple[list[int], str]:
    """Cut one font face down to ``codepoints``; runs in a worker process."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph at INFO
    options = subset.Options()
    options.hinting = False  # hints matter on screens at small sizes, not in a printed PDF
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["FFTM"]
    with TTFont(source, fontNumber=index) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.save(target)
        return sorted(font.getBestCmap()), ".otf" if "CFF " in font else ".ttf"


def prepare_fonts(
    extra_text: str = "", include_database: bool = True, force: bool = False, log=print
) -> dict:
    """Write the prepared fonts and their manifest unless they are up to date; return it."""
    sources = {}
    for role in ROLES:
        font = find_system_font(role)
        if font is None:
            raise FontUnavailable(
                f"font {role.system_family} {role.system_style} is not installed "
                f"(Debian package {role.package}; scripts/setup.sh installs it)"
            )
        sources[role.key] = font
    characters = set(base_characters()) | drawn_characters(extra_text)
    if include_database:
        characters |= database_characters()
    codepoints = sorted(ord(c) for c in characters)

    identity = hashlib.sha256()
    identity.update(json.dumps([PREPARATION_VERSION, fontTools.version, codepoints]).encode())
    for key, font in sorted(sources.items()):
        stat = font.path.stat()
        identity.update(
            f"{key}:{font.path}:{font.index}:{stat.st_size}:{stat.st_mtime_ns}".encode()
        )
    manifest_id = identity.hexdigest()[:16]

    directory = font_dir()
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / MANIFEST_NAME
    if not force and manifest_path.exists():
        try:
            current = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            current = {}
        if current.get("id") == manifest_id and all(
            (directory / entry["file"]).is_file() for entry in current.get("fonts", {}).values()
        ):
            log(f"PDF fonts are up to date in {directory} ({len(codepoints)} characters).")
            return current

    log(f"Preparing PDF fonts in {directory}: {len(codepoints)} characters, {len(ROLES)} faces…")
    targets = {}
    with ProcessPoolExecutor(max_workers=min(len(ROLES), os.cpu_count() or 1)) as pool:
        futures = {}
        for role in ROLES:
            source = sources[role.key]
            handle, temporary = tempfile.mkstemp(prefix=f".{role.key}-", dir=directory)
            os.close(handle)
            targets[role.key] = Path(temporary)
            futures[role.key] = pool.submit(
                _subset, str(source.path), source.index, codepoints, temporary
            )
        covered = {key: future.result() for key, future in futures.items()}

    manifest = {"format": MANIFEST_FORMAT, "id": manifest_id, "fonts": {}}
    for role in ROLES:
        codes, extension = covered[role.key]
        final = directory / f"{role.key}-{manifest_id}{extension}"
        os.chmod(targets[role.key], 0o644)  # mkstemp makes files only their owner can read
        os.replace(targets[role.key], final)
        source = sources[role.key]
        manifest["fonts"][role.key] = {
            "file": final.name,
            "family": role.system_family,
            "style": role.system_style,
            "source": str(source.path),
            "source_index": source.index,
            "characters": "".join(chr(code) for code in codes),
        }
        log(
            f"  {role.key}: {final.name} ({final.stat().st_size // 1024} KB) from {source.path.name}"
        )
    handle, temporary = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=directory)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(manifest, file, ensure_ascii=False)
    os.chmod(temporary, 0o644)
    os.replace(temporary, manifest_path)

    keep = {entry["file"] for entry in manifest["fonts"].values()} | {MANIFEST_NAME}
    for path in directory.iterdir():
        if path.is_file() and path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
    return manifest
