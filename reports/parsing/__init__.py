"""Turn the text of a report as published on a government web page into structure.

The stages, each a module with its own tests: page (decoding and HTML), furniture (furniture
and metadata), title (title and year), closing (closing and attachments), outline, figures.
"""

from .decoding import ReportTextError, decode_report_bytes, read_report_file
from .figures import Figure, find_figures
from .furniture import Furniture
from .outline import ParsedSection
from .text_parser import ParsedReport, ParseHints, parse_report_text, unplaced_sentences

__all__ = [
    "Figure",
    "Furniture",
    "ParseHints",
    "ParsedReport",
    "ParsedSection",
    "ReportTextError",
    "decode_report_bytes",
    "find_figures",
    "parse_report_text",
    "read_report_file",
    "unplaced_sentences",
]
