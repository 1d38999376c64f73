"""Stage 4, closing and attachments: the signature below the text and the 附件 after it.

The signature (落款) is the issuer and the date, which may be spaced (2022 年 3 月 25 日) or in
Chinese numerals (二〇二二年三月二十五日), optionally followed by a note such as (此件公开发布).
An 附件: list printed above the signature belongs to it. Attachments (附件1 and their tables)
after the signature, or from an 附件 heading at the end of a text without a signature, are kept
apart so that their tables never become sections of the report.
"""

import re
from dataclasses import dataclass, field

from .numbering import match_line_number
from .page import Line

CN_DIGIT = "〇○零ＯO一二三四五六七八九"
SIGNATURE_DATE_RE = re.compile(
    rf"^(?:(?P<signer>[^\s,,。;;::]{{2,30}})\s+)?(?:"
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[{CN_DIGIT}]{{4}}\s*年\s*[一二三四五六七八九十]{{1,2}}\s*月\s*[一二三四五六七八九十]{{1,3}}\s*日"
    r")$"
)
NOTE_RE = re.compile(r"^[((](?:此件|本件|此页)[^))]{0,30}[))]$|^[((]联系人[::][^))]{0,60}[))]$")
ATTACHMENT_START_RE = re.compile(r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]{0,3}\s*(?:[::]|$|\S)")
NUMBERED_ATTACHMENT_RE = re.compile(r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]{1,3}(?![0-9])")
ATTACHMENT_LIST_RE = re.compile(r"^附件\s*[::]")
SIGNER_MAX = 30


@dataclass
class Closing:
    body: list[Line]
    closing: list[Line] = field(default_factory=list)
    attachments: list[list[Line]] = field(default_factory=list)


def is_signature_date(text: str) -> bool:
    return bool(SIGNATURE_DATE_RE.match(text))


def _is_attachment_heading(text: str) -> bool:
    return bool(ATTACHMENT_START_RE.match(text)) and len(text) <= 60 and "。" not in text


def _only_notes_and_attachments_follow(lines: list[Line], start: int) -> bool:
    index = start
    while index < len(lines) and NOTE_RE.match(lines[index].text):
        index += 1
    return index == len(lines) or bool(re.match(r"^(?:附件|附表)", lines[index].text))


def _is_signer(text: str) -> bool:
    return (
        len(text) <= SIGNER_MAX
        and not text.endswith(("。", ";", ";", ",", ",", ":", ":"))
        and not match_line_number(text)
    )


def split_closing(lines: list[Line]) -> Closing:
    date_index = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if is_signature_date(lines[i].text) and _only_notes_and_attachments_follow(lines, i + 1)
        ),
        None,
    )
    if date_index is None:
        return _attachments_without_signature(lines)
    start = date_index
    while start > 0 and date_index - start < 3 and _is_signer(lines[start - 1].text):
        start -= 1
    # An 附件: list (附件:1.…统计表 2.…) printed between the text and the signature.
    for index in range(start - 1, max(start - 12, -1), -1):
        if ATTACHMENT_LIST_RE.match(lines[index].text):
            if all(len(line.text) <= 80 for line in lines[index:start]):
                start = index
            break
    end = date_index + 1
    while end < len(lines) and NOTE_RE.match(lines[end].text):
        end += 1
    return Closing(body=lines[:start], closing=lines[start:end], attachments=_blocks(lines[end:]))


def _attachments_without_signature(lines: list[Line]) -> Closing:
    for index, line in enumerate(lines):
        if index > 0 and _is_attachment_heading(line.text):
            return Closing(body=lines[:index], attachments=_blocks(lines[index:]))
    return Closing(body=lines)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Attachments, each starting at its 附件 heading."""
    blocks: list[list[Line]] = []
    for line in lines:
        if (
            not blocks
            or _is_attachment_heading(line.text)
            and NUMBERED_ATTACHMENT_RE.match(line.text)
        ):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks
