"""The PDF's fonts: which free fonts stand in for the official ones, and where they come from.

GB/T 9704 asks for 仿宋 (body), 小标宋 (title), 黑体 (level-1 headings) and 楷体 (level-2
headings). The body is FandolFang and level-2 headings FandolKai, from the Fandol fonts of
Debian's texlive-lang-chinese (GPL with the font exception), which the set-up extracts into
``PDF_FANDOL_DIR`` (scripts/setup.d/40-fandol-fonts.sh) without installing TeX Live. The title
and level-1 headings are Noto Serif CJK SC Bold and Noto Sans CJK SC (fonts-noto-cjk), and Noto
Serif CJK SC Regular draws the few characters FandolFang lacks (①–⑳ past ⑩, accented letters,
〜). ``manage.py prepare_pdf_fonts`` (run by the set-up) cuts them down to the characters of
``charset`` once, so that WeasyPrint has small fonts to load and subset on every rendering.

Before each rendering ``resolve_fonts`` checks that every character of the document has a glyph:
in the prepared fonts (fast), else in the complete fonts (slow, logged), else the character is
printed in a fallback font, or as a box, and a warning is logged: a published report always has
its PDF, and staff are told beforehand (``coverage``). Only a font that is not installed at all
raises ``FontUnavailable`` (the view answers 503).
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
# 3: FandolFang body and FandolKai level-2 headings, Noto Serif CJK for what Fandol lacks.
PREPARATION_VERSION = 3


class FontUnavailable(Exception):
    """A font the PDF needs is not installed, or lacks a glyph the document uses."""


@dataclass(frozen=True)
class FontRole:
    key: str
    css_family: str  # the name the print stylesheet uses
    system_family: str  # family name of the free stand-in (fontconfig's, for system fonts)
    system_style: str
    package: str  # the Debian package that carries it
    stands_in_for: str
    # A font file in PDF_FANDOL_DIR (or TeX Live's folder), not a font installed for fontconfig.
    file_name: str = ""


TEXLIVE_FANDOL_DIR = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
ROLES = (
    FontRole(
        "body",
        "GovBody",
        "FandolFang",
        "Regular",
        "texlive-lang-chinese",
        "仿宋",
        file_name="FandolFang-Regular.otf",
    ),
    # Draws the characters of the body that FandolFang lacks (①–⑳ past ⑩, Latin letters with
    # accents, 〜); prepared with only those, so it costs next to nothing when unused.
    FontRole("song", "GovSong", "Noto Serif CJK SC", "Regular", "fonts-noto-cjk", "宋体"),
    FontRole("title", "GovTitle", "Noto Serif CJK SC", "Bold", "fonts-noto-cjk", "小标宋"),
    FontRole("heading1", "GovHei", "Noto Sans CJK SC", "Regular", "fonts-noto-cjk", "黑体"),
    FontRole(
        "heading2",
        "GovKai",
        "FandolKai",
        "Regular",
        "texlive-lang-chinese",
        "楷体",
        file_name="FandolKai-Regular.otf",
    ),
)
BODY, SONG = ROLES[0], ROLES[1]
# The body's characters are drawn by these, the first that has a glyph.
BODY_ROLES = (BODY, SONG)


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
        return role.system_family if self._by_name(role) else role.css_family

    def _by_name(self, role: FontRole) -> bool:
        """Complete system fonts are used by their fontconfig name, because WeasyPrint copies
        a @font-face file into every rendering (20 MB for a Noto collection); Fandol's files
        are not known to fontconfig and are always loaded by @font-face."""
        return not self.prepared and not role.file_name

    @property
    def css(self) -> str:
        """@font-face rules for the prepared fonts (or the Fandol files)."""
        return "\n".join(
            f'@font-face {{ font-family: "{role.css_family}"; '
            f'src: url("{self.files[role.key].path.as_uri()}"); }}'
            for role in ROLES
            if not self._by_name(role)
        )

    @property
    def families(self) -> dict[str, str]:
        return {role.key: self.family(role) for role in ROLES}

    @property
    def stacks(self) -> dict[str, str]:
        """Each role's CSS font-family list: its own face, then the body's faces."""
        body = [self.family(role) for role in BODY_ROLES]
        return {
            role.key: ", ".join(
                f'"{family}"' for family in dict.fromkeys([self.family(role), *body])
            )
            for role in ROLES
        }

    def allowed_urls(self) -> set[str]:
        return {self.files[role.key].path.as_uri() for role in ROLES if not self._by_name(role)}


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR)


# --- System fonts --------------------------------------------------------------------------


def fandol_dirs() -> list[Path]:
    return [Path(settings.PDF_FANDOL_DIR), TEXLIVE_FANDOL_DIR]


def find_system_font(role: FontRole) -> FontFile | None:
    """The complete font file for a role, or None when it is not installed."""
    if role.file_name:
        for directory in fandol_dirs():
            if (directory / role.file_name).is_file():
                return FontFile(directory / role.file_name)
        return None
    return _fontconfig_font(role)


@cache
def _fontconfig_font(role: FontRole) -> FontFile | None:
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


def body_characters(manifest: dict) -> frozenset[str]:
    """The characters the prepared body faces draw together."""
    return frozenset().union(*(manifest["fonts"][role.key]["characters"] for role in BODY_ROLES))


def system_body_characters() -> frozenset[str] | None:
    """The characters the complete body faces draw together; None when one is not installed."""
    fonts = [find_system_font(role) for role in BODY_ROLES]
    if not all(font is not None and font.path.is_file() for font in fonts):
        return None
    return frozenset().union(*(font_characters(font) for font in fonts))


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


def not_installed_message(role: FontRole) -> str:
    if role.file_name:
        return (
            f"font {role.file_name} ({role.stands_in_for}) is not in {settings.PDF_FANDOL_DIR}: "
            f"scripts/setup.d/40-fandol-fonts.sh extracts it from the Debian package {role.package}"
        )
    return (
        f"font {role.system_family} {role.system_style} ({role.stands_in_for}) is not "
        f"installed: install the Debian package {role.package} (scripts/setup.sh does)"
    )


_warned: set[tuple] = set()


def _warn_once(message: str, *args) -> None:
    """Each download checks the fonts; a missing preparation is worth one line per process."""
    if (message, args) not in _warned:
        _warned.add((message, args))
        logger.warning(message, *args)


# --- Checking a document -------------------------------------------------------------------


def resolve_fonts(document_text: str) -> ResolvedFonts:
    """The fonts to render ``document_text`` with; FontUnavailable if any glyph would be missing.

    Every role's font-family falls back to the body's faces in the stylesheet, so these must
    hold every character together; the others must exist.
    """
    needed = drawn_characters(document_text)
    manifest = read_manifest()
    prepared = {role.key: _prepared_file(manifest, role) for role in ROLES}
    if all(prepared.values()):
        covered = body_characters(manifest)
        if needed <= covered:
            return ResolvedFonts({key: entry[0] for key, entry in prepared.items()}, prepared=True)
        _warn_once(
            "PDF fonts: characters outside the prepared fonts (%s); rendering with the complete "
            "system fonts, which is slower. Run manage.py prepare_pdf_fonts to add them.",
            "".join(sorted(needed - covered)),
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
            raise FontUnavailable(not_installed_message(role))
        files[role.key] = font
    missing = needed - system_body_characters()
    if missing:
        # A published report always has its PDF: these are drawn in whatever installed font
        # has them (fontconfig's fallback), or as a box. Staff were told when they checked the
        # report (reports.pdf.coverage).
        _warn_once(
            "PDF fonts: %s has no glyph for %s; printed in a fallback font or as a box",
            " / ".join(role.system_family for role in BODY_ROLES),
            "".join(sorted(missing)),
        )
    return ResolvedFonts(files, prepared=False)
