"""Preparing the PDF fonts once: the free CJK fonts cut down to the characters reports use.

A Noto CJK collection holds 65,000 glyphs for four languages in 20 MB; the subset of one face
for ``charset`` holds about 7,600 characters. The prepared files and a manifest (what each one
covers, and what it was made from) are written to ``settings.PDF_FONT_DIR``; preparing again
with the same sources and characters does nothing.

CID-keyed CFF fonts (the Noto CJK stand-ins) leave preparation with CID = GID. A PDF reader
selects a glyph of a CIDFontType0 font by CID, through the charset of the CFF program
(ISO 32000-1 §9.7.4.2), while WeasyPrint writes glyph indices (GIDs) into the content as CIDs.
The Noto fonts number CID = GID, but fontTools' subsetter renumbers the glyphs and keeps their
original CIDs in the charset, so without the rewrite a conforming reader (MuPDF, Ghostscript,
Acrobat) drew blanks, boxes or other characters where poppler and PDFium, which take the CID
as GID, drew the right ones. Numbering the charset 0, 1, 2, … after subsetting makes both
readings the same glyph and keeps the file small; ``retain_gids`` would too, at the cost of
65,535 mostly empty glyph slots in every font and about 200 KB more per PDF (see README).
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
    PREPARATION_VERSION,
    ROLES,
    SONG,
    FontUnavailable,
    find_system_font,
    font_characters,
    font_dir,
    not_installed_message,
)

# Set in the 宋体 face whatever the body font: the page numbers "— 1 —".
PAGE_NUMBER_CHARACTERS = "0123456789— "


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


def number_cids_as_glyphs(path: str) -> bool:
    """Rewrite a CID-keyed CFF font's charset so that every glyph's CID is its GID.

    Only the CFF table is read and written again: the other tables refer to glyphs by index,
    which does not change. Returns False for fonts that are not CID-keyed CFF (TrueType, or a
    name-keyed CFF, whose glyphs a reader already selects by index).
    """
    from fontTools.ttLib import TTFont

    with TTFont(path) as font:  # tables are decompiled on access only
        if "CFF " not in font:
            return False
        top = font["CFF "].cff.topDictIndex[0]
        if not hasattr(top, "ROS"):
            return False
        order = font.getGlyphOrder()
        # fontTools names the glyphs of a CID-keyed font after their CIDs and writes the
        # charset from those names: renaming glyph n to "cid<n>" makes its CID n.
        names = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(order))]
        charstrings = top.CharStrings
        charstrings.charStrings = {
            names[gid]: charstrings.charStrings[name] for gid, name in enumerate(order)
        }
        top.charset = names
        font.setGlyphOrder(names)
        loaded = [tag for tag in font.keys() if font.isLoaded(tag) and tag != "GlyphOrder"]
        if loaded != ["CFF "]:  # any other table would be written with the new names
            raise RuntimeError(f"renumbering {path} would rewrite {loaded}")
        renumbered = f"{path}.cid"
        font.save(renumbered)
    os.replace(renumbered, path)
    return True


def _subset(source: str, index: int, codepoints: list[int], target: str) -> tuple[list[int], str]:
    """Cut one font face down to ``codepoints``, CID = GID; runs in a worker process."""
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
        covered, extension = sorted(font.getBestCmap()), ".otf" if "CFF " in font else ".ttf"
    number_cids_as_glyphs(target)
    return covered, extension


def prepare_fonts(
    extra_text: str = "", include_database: bool = True, force: bool = False, log=print
) -> dict:
    """Write the prepared fonts and their manifest unless they are up to date; return it."""
    sources = {}
    for role in ROLES:
        font = find_system_font(role)
        if font is None:
            raise FontUnavailable(not_installed_message(role))
        sources[role.key] = font
    characters = set(base_characters()) | drawn_characters(extra_text)
    if include_database:
        characters |= database_characters()
    codepoints = sorted(ord(c) for c in characters)
    # The 宋体 face draws what FandolFang lacks, and the page numbers "— 1 —" (4号半角宋体
    # digits, GB/T 9704): a few hundred glyphs, not 7,700.
    fandol = {ord(c) for c in font_characters(sources["body"])}
    song_codepoints = sorted(set(codepoints) - fandol | {ord(c) for c in PAGE_NUMBER_CHARACTERS})

    identity = hashlib.sha256()
    faces = [(role.key, role.system_family, role.system_style) for role in ROLES]
    identity.update(
        json.dumps(
            [PREPARATION_VERSION, fontTools.version, codepoints, faces, PAGE_NUMBER_CHARACTERS]
        ).encode()
    )
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
            wanted = song_codepoints if role is SONG else codepoints
            futures[role.key] = pool.submit(
                _subset, str(source.path), source.index, wanted, temporary
            )
        covered = {key: future.result() for key, future in futures.items()}

    manifest = {
        "format": MANIFEST_FORMAT,
        "preparation": PREPARATION_VERSION,
        "id": manifest_id,
        "fonts": {},
    }
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
