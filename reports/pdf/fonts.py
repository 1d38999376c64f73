"""The PDF's fonts: which free fonts stand in for the official ones, and where they come from.

GB/T 9704 asks for 仿宋 (body), 小标宋 (title), 黑体 (level-1 headings) and 楷体 (level-2
headings). Their free stand-ins come from Debian's fonts-noto-cjk and fonts-arphic-ukai, which
the project's set-up installs. ``manage.py prepare_pdf_fonts`` (run by the set-up) cuts them down
to the characters of ``charset`` once, so that WeasyPrint has small fonts to load and subset on
every rendering instead of 20 MB font collections.

Before each rendering ``resolve_fonts`` checks that every character of the document has a glyph:
in the prepared fonts (fast), else in the complete system fonts (slow, logged), else the
character is printed in a fallback font, or as a box, and a warning is logged: a published
report always has its PDF, and staff are told beforehand (``coverage``). Only a font that is
not installed at all raises ``FontUnavailable`` (the view answers 503).
"""

import json
import logging
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

from .charset import drawn_characters

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
# Bump when the way fonts are prepared changes: fonts of another preparation are not used
# (the set-up prepares them again, and the PDFs' versions change with the manifest's id).
# 2: CID-keyed fonts numbered CID = GID (before, MuPDF, Ghostscript and Acrobat drew blanks).
PREPARATION_VERSION = 2


class FontUnavailable(Exception):
    """A font the PDF needs is not installed, or lacks a glyph the document uses."""


@dataclass(frozen=True)
class FontRole:
    key: str
    css_family: str  # the name the print stylesheet uses
    system_family: str  # fontconfig family of the free stand-in
    system_style: str
    package: str  # the Debian package that installs it
    stands_in_for: str


ROLES = (
    FontRole("body", "GovBody", "Noto Serif CJK SC", "Regular", "fonts-noto-cjk", "仿宋"),
    FontRole("title", "GovTitle", "Noto Serif CJK SC", "Bold", "fonts-noto-cjk", "小标宋"),
    FontRole("heading1", "GovHei", "Noto Sans CJK SC", "Regular", "fonts-noto-cjk", "黑体"),
    FontRole("heading2", "GovKai", "AR PL UKai CN", "Book", "fonts-arphic-ukai", "楷体"),
)
BODY = ROLES[0]


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0


@dataclass(frozen=True)
class ResolvedFonts:
    """The fonts of one rendering, as the @font-face rules of the print stylesheet."""

    files: dict  # role key -> FontFile
    prepared: bool

    def family(self, role: FontRole) -> str:
        return role.css_family if self.prepared else role.system_family

    @property
    def css(self) -> str:
        """@font-face rules for the prepared fonts; the complete system fonts are used by name,
        because WeasyPrint copies a @font-face file into every rendering (20 MB here)."""
        if not self.prepared:
            return ""
        return "\n".join(
            f'@font-face {{ font-family: "{role.css_family}"; '
            f'src: url("{self.files[role.key].path.as_uri()}"); }}'
            for role in ROLES
        )

    @property
    def families(self) -> dict[str, str]:
        return {role.key: self.family(role) for role in ROLES}

    def allowed_urls(self) -> set[str]:
        return {font.path.as_uri() for font in self.files.values()}


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR)


# --- System fonts --------------------------------------------------------------------------


@cache
def find_system_font(role: FontRole) -> FontFile | None:
    """The installed font file for a role, or None when fontconfig has no such family."""
    pattern = f"{role.system_family}:style={role.system_style}"
    try:
        output = subprocess.run(
            ["fc-match", "--format=%{file}\t%{index}\t%{family}\t%{style}", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        logger.exception("PDF fonts: fc-match failed for %s", pattern)
        return None
    file, index, families, styles = (output.split("\t") + ["", "", "", ""])[:4]
    if role.system_family not in families.split(",") or role.system_style not in styles.split(","):
        return None  # fontconfig answered with a fallback: the font is not installed
    return FontFile(Path(file), int(index or 0))


@cache
def _cmap_characters(path: Path, index: int, mtime: float) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as ttfont:
        return frozenset(chr(code) for code in ttfont.getBestCmap())


def font_characters(font: FontFile) -> frozenset[str]:
    return _cmap_characters(font.path, font.index, font.path.stat().st_mtime)


# --- Prepared fonts ------------------------------------------------------------------------


def read_manifest() -> dict | None:
    path = font_dir() / MANIFEST_NAME
    try:
        return _read_manifest(path, path.stat().st_mtime)
    except FileNotFoundError:
        return None


@lru_cache(maxsize=4)
def _read_manifest(path: Path, mtime: float) -> dict | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        logger.error("PDF fonts: %s is unreadable; run manage.py prepare_pdf_fonts", path)
        return None
    if manifest.get("format") != MANIFEST_FORMAT:
        return None
    if manifest.get("preparation") != PREPARATION_VERSION:
        logger.error(
            "PDF fonts: %s is from an older preparation; run manage.py prepare_pdf_fonts", path
        )
        return None
    for entry in manifest["fonts"].values():
        entry["characters"] = frozenset(entry["characters"])
    return manifest


def prepared_fonts_version() -> str:
    """Changes whenever the prepared fonts change, so that stored PDFs are made again."""
    manifest = read_manifest()
    return manifest["id"] if manifest else "system"


def _prepared_file(manifest: dict | None, role: FontRole) -> tuple[FontFile, frozenset] | None:
    if not manifest or role.key not in manifest["fonts"]:
        return None
    entry = manifest["fonts"][role.key]
    path = font_dir() / entry["file"]
    if not path.is_file():
        return None
    return FontFile(path), entry["characters"]


def prepared_fonts() -> ResolvedFonts | None:
    """The prepared fonts when they are all there (whether they cover a document is not known)."""
    manifest = read_manifest()
    prepared = {role.key: _prepared_file(manifest, role) for role in ROLES}
    if not all(prepared.values()):
        return None
    return ResolvedFonts({key: entry[0] for key, entry in prepared.items()}, prepared=True)


_warned: set[tuple] = set()


def _warn_once(message: str, *args) -> None:
    """Each download checks the fonts; a missing preparation is worth one line per process."""
    if (message, args) not in _warned:
        _warned.add((message, args))
        logger.warning(message, *args)


# --- Checking a document -------------------------------------------------------------------


def resolve_fonts(document_text: str) -> ResolvedFonts:
    """The fonts to render ``document_text`` with; FontUnavailable if any glyph would be missing.

    Every role's font-family falls back to the body font in the stylesheet, so the body font
    must hold every character; the others must exist.
    """
    needed = drawn_characters(document_text)
    manifest = read_manifest()
    prepared = {role.key: _prepared_file(manifest, role) for role in ROLES}
    if all(prepared.values()):
        body_characters = prepared[BODY.key][1]
        if needed <= body_characters:
            return ResolvedFonts({key: entry[0] for key, entry in prepared.items()}, prepared=True)
        _warn_once(
            "PDF fonts: characters outside the prepared fonts (%s); rendering with the complete "
            "system fonts, which is slower. Run manage.py prepare_pdf_fonts to add them.",
            "".join(sorted(needed - body_characters)),
        )
    elif manifest is None:
        _warn_once(
            "PDF fonts: no prepared fonts in %s; rendering with the complete system fonts, "
            "which is slower. Run manage.py prepare_pdf_fonts.",
            font_dir(),
        )
    files = {}
    for role in ROLES:
        font = find_system_font(role)
        if font is None or not font.path.is_file():
            raise FontUnavailable(
                f"font {role.system_family} {role.system_style} ({role.stands_in_for}) is not "
                f"installed: install the Debian package {role.package} (scripts/setup.sh does)"
            )
        files[role.key] = font
    missing = needed - font_characters(files[BODY.key])
    if missing:
        # A published report always has its PDF: these are drawn in whatever installed font
        # has them (fontconfig's fallback), or as a box. Staff were told when they checked the
        # report (reports.pdf.coverage).
        _warn_once(
            "PDF fonts: %s has no glyph for %s; printed in a fallback font or as a box",
            BODY.system_family,
            "".join(sorted(missing)),
        )
    return ResolvedFonts(files, prepared=False)
