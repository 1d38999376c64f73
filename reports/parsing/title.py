"""Stage 3, title and year: which line is the report's title, which year it reports on, and
who issued it.

The title is the line above the text that reads most like a report's title: it names a report
(报告), rule of law (法治) and a year, and is not a sentence (现将…报告如下:), a breadcrumb, a
numbered heading or a column name. Short lines above it are the column's name (furniture); any
other line above it goes to the 导语 with a warning, never dropped. When the title has no year,
the body says it (2018年,我市… / 现将2021年度…报告如下), else the publication date suggests it.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .furniture import Furniture, FurnitureKind, PageMeta
from .numbering import match_line_number
from .page import Line

YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")
NOT_TITLE_RE = re.compile(r"现将|如下|特此报告|>|>|→|»|\|")
SENTENCE_ENDS = tuple("。,,;;::!?!?、")
PARAGRAPH_MIN = 45
REPORTED_YEAR_RES = (
    re.compile(r"现将[^。]{0,40}?(?P<year>(?:19|20)\d{2})\s*年"),
    re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年(?:度)?(?:以来)?\s*[,,]"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?(?:以来)?[,,]"),
    # A chapter such as 一、2020年工作情况 (the first one: the plan for next year comes later).
    re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年(?:度)?(?:主要)?(?:工作|法治|情况|成效)"),
)
ORG_RE = re.compile(
    r"^(?P<org>[^\s,,。]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|司法局|司法厅|部|厅|局|委员会|署|总局))"
    r"(?:关于)?\s*(?:(?:19|20)\d{2}|年度|法治)"
)
PLACE_RE = re.compile(
    r"^(?P<place>[^\s,,。]{2,20}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))"
    r"(?:人民政府)?(?:关于)?\s*(?:19|20)\d{2}"
)
SIGNER_RE = re.compile(r"(?:人民政府|政府|局|厅|部|委员会|办公室|办公厅|署)$")


@dataclass
class TitleFindings:
    title: str = ""
    year: int | None = None
    lines_above: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def title_score(text: str) -> int:
    """How much a line reads like the title of an annual report (0: not a title)."""
    if not 6 <= len(text) <= 80 or text.endswith(SENTENCE_ENDS) or "。" in text:
        return 0
    if match_line_number(text) or NOT_TITLE_RE.search(text):
        return 0
    score = 3 if "报告" in text else 0
    score += 2 if "法治" in text or "依法行政" in text else 0
    score += 2 if YEAR_RE.search(text) else 0
    score += 1 if "情况" in text or "工作" in text else 0
    score += 2 if text.endswith("报告") else 0
    score += 1 if "关于" in text else 0
    return score


def _is_paragraph(text: str) -> bool:
    return len(text) >= PARAGRAPH_MIN or text.endswith(("。", ":", ":"))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _looks_like_column_name(text: str) -> bool:
    return len(text) <= 12 and not re.search(r"\d|[。,,;;::!?!?]", text)


def find_title(
    lines: list[Line], meta: PageMeta, furniture: list[Furniture], keep: set[int] = frozenset()
) -> TitleFindings:
    """``keep`` holds lines staff said are text, never to be taken for furniture."""
    found = TitleFindings()
    header_end = next(
        (
            i
            for i, line in enumerate(lines)
            if match_line_number(line.text) or _is_paragraph(line.text)
        ),
        len(lines),
    )
    title_index = None
    if meta.title:
        found.title = meta.title
        title_index = next(
            (i for i in range(header_end) if _normalise(lines[i].text) == _normalise(meta.title)),
            None,
        )
    else:
        scored = [(title_score(lines[i].text), -i) for i in range(header_end)]
        best = max(scored, default=(0, 0))
        if best[0] >= 4:
            title_index = -best[1]
            found.title = lines[title_index].text
        else:
            found.title = _title_from_outside(furniture)
    start = 0
    if title_index is not None:
        for line in lines[:title_index]:
            if _looks_like_column_name(line.text) and line.no not in keep:
                furniture.append(Furniture(line.no, line.text, str(FurnitureKind.COLUMN)))
            else:
                found.lines_above.append(line)
        start = title_index + 1
        if found.lines_above:
            found.warnings.append(
                _("标题上方有%(count)s行未识别的文字,已放在导语开头,请核对。")
                % {"count": len(found.lines_above)}
            )
    for line in lines[start:]:
        if (
            not found.body
            and found.title
            and line.no not in keep
            and _normalise(line.text) == _normalise(found.title)
        ):
            furniture.append(Furniture(line.no, line.text, str(FurnitureKind.REPEATED_TITLE)))
        else:
            found.body.append(line)
    furniture.sort(key=lambda item: item.no)
    if not found.title:
        found.warnings.append(_("未识别到报告标题,请导入后补充。"))
    return found


def _title_from_outside(furniture: list[Furniture]) -> str:
    """A web page without <meta name="ArticleTitle"> prints its title above the article."""
    candidates = [item for item in furniture if item.kind == str(FurnitureKind.OUTSIDE)]
    best = max(candidates, key=lambda item: title_score(item.text), default=None)
    if best is None or title_score(best.text) < 4:
        return ""
    return best.text


def reported_year(
    title: str, body_texts: list[str], published_year: int | None
) -> tuple[int | None, str]:
    """The year reported on and a warning when it did not come from the title."""
    if match := YEAR_RE.search(title):
        return int(match["year"]), ""
    for pattern in REPORTED_YEAR_RES:
        for text in body_texts[:12]:
            if match := pattern.search(text):
                year = int(match["year"])
                return year, _("标题中没有年度,按正文“%(text)s”推定为%(year)s年度。") % {
                    "text": text[:30],
                    "year": year,
                }
    if published_year:
        year = published_year - 1
        return year, _("标题中没有年度,按发布时间推定为%(year)s年度。") % {"year": year}
    return None, _("未能确定报告年度,请填写。")


def issuing_government(title: str, closing: str, greeting: str) -> str:
    """发布主体: named by the title, else the signature, else the site's greeting."""
    if match := ORG_RE.match(title):
        return match["org"]
    if match := PLACE_RE.match(title):
        return match["place"] + "人民政府"
    for line in closing.split("\n"):
        line = line.strip()
        if 3 <= len(line) <= 30 and SIGNER_RE.search(line) and not line.startswith("附件"):
            return line
    return greeting
