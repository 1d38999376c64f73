"""The file formats the admin offers (django-import-export ``Format`` classes).

Importing offers one format: the kind of file is recognised from its content (XLSX, ODS, Excel
97-2003/WPS, CSV in UTF-8 or GB18030, tab-separated or UTF-16 "Unicode 文本"), so a clerk never
picks a wrong one and the browser never filters the file dialog. Exports are CSV (UTF-8 with a
BOM, for Excel) and XLSX; the resources neutralise every cell before either is written.
"""

from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .reading import read_table


class SpreadsheetFile(base_formats.Format):
    def __init__(self, encoding=None):
        self.encoding = encoding  # the content decides; kept for import-export's call

    def get_title(self):
        return _("表格文件(自动识别XLSX、XLS、ODS、CSV、文本)")

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_table(in_stream)

    def can_import(self):
        return True


class CSVFile(base_formats.CSV):
    def can_import(self):
        return False

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")


class XLSXFile(base_formats.XLSX):
    def can_import(self):
        return False


IMPORT_FORMATS = [SpreadsheetFile]
EXPORT_FORMATS = [CSVFile, XLSXFile]
