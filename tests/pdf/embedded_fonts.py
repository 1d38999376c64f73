"""Reading a PDF's embedded CID fonts the way ISO 32000-1 §9.7.4.2 tells a reader to.

For every Type 0 font: which CIDs the content draws (through the font's encoding), which glyph
of the embedded program a conforming reader takes for each (a CID-keyed CFF through its
charset, a name-keyed CFF by CID as glyph index, a TrueType through CIDToGIDMap), the width
the PDF states for it (/W) and the width and character of that glyph in the program itself.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, IndirectObject

SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class UsedGlyph:
    cid: int
    gid: int | None  # None: no glyph of the program answers to this CID
    text: str  # what /ToUnicode says the glyph is
    stated_width: float | None  # /W (or /DW) in 1/1000 em
    program_width: float | None  # the glyph's advance in the program, in 1/1000 em
    cmap_gid: int | None  # the glyph the program's own cmap gives for ``text``


@dataclass
class EmbeddedFont:
    name: str
    subtype: str  # /CIDFontType0 or /CIDFontType2
    cid_keyed: bool
    encoding: str
    glyphs: dict[int, UsedGlyph] = field(default_factory=dict)
    cmap: dict[str, int] = field(default_factory=dict)  # the program's own character -> GID


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _codes(data: bytes, code_to_cid: dict[int, int] | None = None) -> list[int]:
    """Two-byte codes (Identity-H or WeasyPrint's own CMap, both two bytes wide) to CIDs."""
    codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
    if code_to_cid is None:
        return codes
    return [code_to_cid.get(code, 0) for code in codes]


def _parse_cid_cmap(data: bytes) -> dict[int, int]:
    mapping = {}
    for block in re.findall(rb"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in re.findall(rb"<([0-9a-fA-F]+)>\s+(\d+)", block):
            mapping[int(code, 16)] = int(cid)
    for block in re.findall(rb"begincidrange(.*?)endcidrange", data, re.S):
        for low, high, cid in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = int(cid) + offset
    return mapping


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, text in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(text, 16)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(start + offset)
    return mapping


def _widths(descendant) -> tuple[dict[int, float], float]:
    widths, array = {}, list(descendant.get("/W", []))
    index = 0
    while index < len(array):
        first, second = int(array[index]), _resolve(array[index + 1])
        if isinstance(second, list):
            for offset, width in enumerate(second):
                widths[first + offset] = float(width)
            index += 2
        else:
            for cid in range(first, int(second) + 1):
                widths[cid] = float(array[index + 2])
            index += 3
    return widths, float(descendant.get("/DW", 1000))


class _Program:
    """The embedded font program, and how a conforming reader goes from a CID to a glyph."""

    def __init__(self, font, descendant):
        descriptor = _resolve(descendant["/FontDescriptor"])
        stream = _resolve(descriptor.get("/FontFile3") or descriptor.get("/FontFile2"))
        if stream is None:
            raise AssertionError(f"{font['/BaseFont']}: the font program is not embedded")
        data = stream.get_data()
        self.subtype = str(descendant["/Subtype"])
        self.cid_keyed = False
        if data[:4] in (b"OTTO", b"\0\1\0\0", b"true"):
            self.ttfont = TTFont(BytesIO(data), recalcBBoxes=False)
        else:
            raise AssertionError(f"{font['/BaseFont']}: bare CFF programs are not expected here")
        self.units = self.ttfont["head"].unitsPerEm
        self.order = self.ttfont.getGlyphOrder()
        self.cmap = {chr(code): name for code, name in (self.ttfont.getBestCmap() or {}).items()}
        self.cid_to_gid: dict[int, int] | None = None
        if self.subtype == "/CIDFontType0":
            top = self.ttfont["CFF "].cff.topDictIndex[0]
            self.cid_keyed = hasattr(top, "ROS")
            if self.cid_keyed:
                # fontTools names the glyphs of a CID-keyed font after the charset: cidNNNNN.
                self.cid_to_gid = {0: 0}
                for gid, name in enumerate(top.charset):
                    if name.startswith("cid"):
                        self.cid_to_gid[int(name[3:])] = gid
        else:
            mapping = descendant.get("/CIDToGIDMap", "/Identity")
            if mapping != "/Identity":
                table = _resolve(mapping).get_data()
                self.cid_to_gid = {
                    cid: int.from_bytes(table[cid * 2 : cid * 2 + 2], "big")
                    for cid in range(len(table) // 2)
                }

    def gid(self, cid: int) -> int | None:
        gid = cid if self.cid_to_gid is None else self.cid_to_gid.get(cid)
        return gid if gid is not None and gid < len(self.order) else None

    def width(self, gid: int) -> float:
        advance = self.ttfont["hmtx"][self.order[gid]][0]
        return advance * 1000 / self.units

    def cmap_gid(self, text: str) -> int | None:
        name = self.cmap.get(text)
        return self.ttfont.getGlyphID(name) if name is not None else None


def single_substitutions(path, index: int = 0) -> dict[int, set[int]]:
    """Glyph -> the glyphs one-to-one substitutions of the font's GSUB may put in its place
    (full-width and vertical forms): what shaping may draw for a character besides its own."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        result: dict[int, set[int]] = {}
        if "GSUB" not in font:
            return result
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                if lookup.LookupType == 7:
                    table = table.ExtSubTable
                for source, target in getattr(table, "mapping", {}).items():
                    if isinstance(target, str):
                        result.setdefault(font.getGlyphID(source), set()).add(
                            font.getGlyphID(target)
                        )
        return result


def embedded_cid_fonts(content: bytes) -> dict[str, EmbeddedFont]:
    """Every Type 0 font of the PDF, with every glyph its content draws."""
    reader = PdfReader(BytesIO(content))
    fonts: dict[str, EmbeddedFont] = {}
    programs: dict[int, tuple] = {}

    def font_info(reference):
        key = reference.idnum if isinstance(reference, IndirectObject) else id(reference)
        if key not in programs:
            font = _resolve(reference)
            if font.get("/Subtype") != "/Type0":
                programs[key] = None
                return None
            descendant = _resolve(font["/DescendantFonts"][0])
            encoding = _resolve(font["/Encoding"])
            code_to_cid = None
            encoding_name = str(encoding) if isinstance(encoding, str) else "embedded CMap"
            if not isinstance(encoding, str):
                code_to_cid = _parse_cid_cmap(encoding.get_data())
            elif encoding != "/Identity-H":
                raise AssertionError(f"{font['/BaseFont']}: unexpected encoding {encoding}")
            to_unicode = _parse_to_unicode(_resolve(font["/ToUnicode"]).get_data())
            widths, default_width = _widths(descendant)
            program = _Program(font, descendant)
            name = f"{font['/BaseFont']}#{key}"
            fonts[name] = EmbeddedFont(
                str(font["/BaseFont"]),
                program.subtype,
                program.cid_keyed,
                encoding_name,
                cmap={text: program.cmap_gid(text) for text in program.cmap},
            )
            programs[key] = (name, code_to_cid, to_unicode, widths, default_width, program)
        return programs[key]

    def walk(contents, resources, seen):
        resources = _resolve(resources) or {}
        font_resources = _resolve(resources.get("/Font")) or {}
        current = None
        for operands, operator in ContentStream(contents, reader).operations:
            if operator == b"Tf":
                current = font_info(font_resources[operands[0]])
            elif operator in SHOW_TEXT and current is not None:
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                for item in strings:
                    if isinstance(item, (int, float)) or not hasattr(item, "original_bytes"):
                        continue
                    record(current, item.original_bytes)
            elif operator == b"Do":
                xobject = _resolve(_resolve(resources.get("/XObject"))[operands[0]])
                if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                    walk(xobject, xobject.get("/Resources", resources), seen | {id(xobject)})

    def record(info, data):
        name, code_to_cid, to_unicode, widths, default_width, program = info
        font = fonts[name]
        for code, cid in zip(_codes(data), _codes(data, code_to_cid), strict=True):
            if cid in font.glyphs:
                continue
            gid = program.gid(cid)
            text = to_unicode.get(code, "")
            font.glyphs[cid] = UsedGlyph(
                cid=cid,
                gid=gid,
                text=text,
                stated_width=widths.get(cid, default_width),
                program_width=program.width(gid) if gid is not None else None,
                cmap_gid=program.cmap_gid(text) if len(text) == 1 else None,
            )

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources"), set())
    return fonts


@dataclass
class TextRun:
    page: int  # 0-based
    text: str
    marks: list[tuple[str, dict]]  # the marked-content sequences around it, outermost first

    @property
    def mcid(self) -> int | None:
        ids = [properties.get("/MCID") for _, properties in self.marks if "/MCID" in properties]
        return int(ids[-1]) if ids else None

    @property
    def artifact(self) -> dict | None:
        for tag, properties in self.marks:
            if tag == "/Artifact":
                return properties
        return None


def text_runs(content: bytes) -> list[TextRun]:
    """Every piece of text the pages show, with the marked content it is in."""
    reader = PdfReader(BytesIO(content))
    runs: list[TextRun] = []
    maps: dict[int, dict[int, str]] = {}

    def to_unicode(font) -> dict[int, str]:
        font = _resolve(font)
        if id(font) not in maps:
            maps[id(font)] = _parse_to_unicode(_resolve(font["/ToUnicode"]).get_data())
        return maps[id(font)]

    for page_index, page in enumerate(reader.pages):
        fonts = _resolve(_resolve(page["/Resources"]).get("/Font")) or {}
        marks: list[tuple[str, dict]] = []
        mapping: dict[int, str] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                properties = _resolve(operands[1])
                properties = dict(properties) if isinstance(properties, dict) else {}
                marks.append((str(operands[0]), properties))
            elif operator == b"BMC":
                marks.append((str(operands[0]), {}))
            elif operator == b"EMC":
                marks.pop()
            elif operator == b"Tf":
                mapping = to_unicode(fonts[operands[0]])
            elif operator in SHOW_TEXT:
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                text = "".join(
                    mapping.get(code, "")
                    for item in strings
                    if hasattr(item, "original_bytes")
                    for code in _codes(item.original_bytes)
                )
                runs.append(TextRun(page_index, text, list(marks)))
    return runs
