"""What every spreadsheet cell the project writes goes through.

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and ``\\t``/``\\r`` hide one), so a department named ``=cmd|' /C calc'!A0`` would run
on a reader's machine. Every CSV and XLSX cell, admin export and open data alike, is passed
through ``neutralise``.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]
