"""The PDF as four readers' engines draw it: poppler, MuPDF, Ghostscript and PDFium.

Each engine renders every page to a grey image at a low resolution (enough to see whether a
glyph is drawn, and which, not to read it), and reports what it complained about. Pages are
compared by their ink: the whole page's, and a coarse map of where it lies. The comparison is
of the text: rules and borders thinner than a pixel at this resolution come out a pixel or two
wide depending on the engine, so they are taken out of the copy that is compared (the engines
first read the PDF as it is, for their complaints).
"""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

DPI = 72
CELL = 36  # pixels per side of the coarse ink map (about 13 mm, two lines of text)
PAINT_PATH = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
# Known and harmless: Debian's MuPDF is built without colour management.
MUPDF_NOTICES = {"warning: ICC support is not available"}


def text_only(content: bytes) -> bytes:
    """The PDF with its paths left unpainted (``n``): only the text draws ink."""
    reader = PdfReader(BytesIO(content))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        stream = ContentStream(page.get_contents(), writer)
        stream.operations = [
            (operands, b"n" if operator in PAINT_PATH else operator)
            for operands, operator in stream.operations
        ]
        page[NameObject("/Contents")] = writer._add_object(stream)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass
class Rendering:
    engine: str
    pages: list[Image.Image]
    complaints: str  # anything the engine wrote to its output or error stream


def _sorted_pages(directory: Path) -> list[Image.Image]:
    files = sorted(directory.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(file).convert("L") for file in files]


def _run(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    output = (completed.stdout + completed.stderr).strip()
    if completed.returncode:
        output = f"exit status {completed.returncode}\n{output}"
    return output


def poppler(pdf: Path, out: Path, dpi: int) -> str:
    return _run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out / "page")])


def mupdf(pdf: Path, out: Path, dpi: int) -> str:
    return _run(
        ["mutool", "draw", "-q", "-r", str(dpi), "-c", "gray", "-o", str(out / "page-%d.png"), pdf]
    )


def ghostscript(pdf: Path, out: Path, dpi: int) -> str:
    return _run(
        [
            "gs",
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=pnggray",
            f"-r{dpi}",
            "-dTextAlphaBits=4",
            "-dGraphicsAlphaBits=4",
            f"-sOutputFile={out / 'page-%d.png'}",
            str(pdf),
        ]
    )


def pdfium(pdf: Path, out: Path, dpi: int) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index, page in enumerate(document, start=1):
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            image.save(out / f"page-{index}.png")
    finally:
        document.close()
    return ""


ENGINES = {"poppler": poppler, "mupdf": mupdf, "ghostscript": ghostscript, "pdfium": pdfium}
COMMANDS = {"poppler": "pdftoppm", "mupdf": "mutool", "ghostscript": "gs", "pdfium": None}


def available(engine: str) -> bool:
    command = COMMANDS[engine]
    return command is None or shutil.which(command) is not None


def render(engine: str, content: bytes, dpi: int = DPI) -> Rendering:
    with tempfile.TemporaryDirectory(prefix=f"pdf-{engine}-") as directory:
        directory = Path(directory)
        pdf = directory / "document.pdf"
        pdf.write_bytes(content)
        complaints = ENGINES[engine](pdf, directory, dpi)
        pages = _sorted_pages(directory)
        for page in pages:
            page.load()
    lines = [line for line in complaints.splitlines() if line.strip() not in MUPDF_NOTICES]
    return Rendering(engine, pages, "\n".join(lines))


def ink(page: Image.Image) -> float:
    """The share of the page covered in black (0 blank, 1 black)."""
    return 1 - ImageStat.Stat(page).mean[0] / 255


def ink_map(page: Image.Image) -> Image.Image:
    """Ink per cell of CELL × CELL pixels: where on the page the ink is, and how much."""
    inverted = ImageOps.invert(page)
    size = (max(1, page.width // CELL), max(1, page.height // CELL))
    return inverted.resize(size, Image.Resampling.BOX)


def map_difference(page: Image.Image, reference: Image.Image) -> float:
    """How much of the reference's ink lies elsewhere, or is missing, on the page (0 to 1+)."""
    # Engines round the page's size differently (595 or 596 pixels at 72 dpi).
    width, height = min(page.width, reference.width), min(page.height, reference.height)
    assert abs(page.width - reference.width) <= 1 and abs(page.height - reference.height) <= 1
    page, reference = page.crop((0, 0, width, height)), reference.crop((0, 0, width, height))
    ours, theirs = ink_map(page), ink_map(reference)
    difference = ImageStat.Stat(ImageChops.difference(ours, theirs)).sum[0]
    total = ImageStat.Stat(theirs).sum[0]
    return difference / total if total else difference
