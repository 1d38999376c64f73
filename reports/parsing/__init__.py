"""Turn the plain text of a report as published on a government web page into structure."""

from .decoding import ReportTextError, decode_report_bytes, read_report_file
from .figures import Figure, find_figures
from .text_parser import ParsedReport, ParsedSection, parse_report_text

__all__ = [
    "Figure",
    "ParsedReport",
    "ParsedSection",
    "ReportTextError",
    "decode_report_bytes",
    "find_figures",
    "parse_report_text",
    "read_report_file",
]
