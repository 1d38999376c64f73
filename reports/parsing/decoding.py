"""Read report text whatever encoding the government site used (UTF-8 or GB18030)."""

import codecs
from pathlib import Path

from django.utils.translation import gettext as _


class ReportTextError(ValueError):
    """The input cannot be read as the text of a report; the message is for the user."""


def decode_report_bytes(data: bytes) -> str:
    if not data or not data.strip():
        raise ReportTextError(_("文件为空,没有可导入的内容。"))
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked_text(data.decode(encoding))
    if b"\x00" in data:
        raise ReportTextError(_("这不是文本文件(含有二进制内容),请提供纯文本格式的报告。"))
    # UTF-8 is strict enough that GB18030 text practically never decodes as UTF-8.
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReportTextError(_("无法识别文件编码,请另存为 UTF-8 或 GB18030 编码的文本。"))


def _checked_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if controls > max(3, len(text) // 100):
        raise ReportTextError(_("这不是文本文件(含有二进制内容),请提供纯文本格式的报告。"))
    if not text.strip():
        raise ReportTextError(_("文件为空,没有可导入的内容。"))
    return text


def read_report_file(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise ReportTextError(_("文件不存在:%(path)s") % {"path": path})
    if not path.is_file():
        raise ReportTextError(_("不是文件:%(path)s") % {"path": path})
    return decode_report_bytes(path.read_bytes())
