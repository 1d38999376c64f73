"""A number in the query read as a figure: 10件 or 3692 answered with the figure's name, as
printed, and where the report states it (行政复议申请 10件 → 七、1.)."""

import re
from dataclasses import dataclass

from ..models import SearchEntryKind
from .backends.base import published_entries
from .normalise import normalise

MAX_ANSWERS = 5
LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)?")


@dataclass
class FigureAnswer:
    name: str
    figure: str
    year: int
    number_path: str
    anchor: str
    section_id: int | None


def figure_answers(numbers: list[str], year: int | None = None) -> list[FigureAnswer]:
    """Figures printed as the number typed: "10件" finds 10件, "10" finds 10件 and 10余件 but
    not 100件 or 1.0件."""
    answers: list[FigureAnswer] = []
    for typed in numbers:
        number = LEADING_NUMBER.match(typed).group(0)
        rows = (
            published_entries(year)
            .filter(kind=SearchEntryKind.INDICATOR, figure__startswith=number)
            .order_by("-report__year", "order")
            .values_list("title", "figure", "report__year", "number_path", "anchor", "section_id")
        )
        for title, figure, report_year, number_path, anchor, section_id in rows:
            printed = normalise(figure)
            rest = printed[len(number) :]
            if rest[:1].isdigit() or rest[:2].startswith("."):
                continue  # 100件 is not 10件
            if typed != number and not printed.startswith(typed):
                continue  # 10件 asked: 10项 is another figure
            answers.append(
                FigureAnswer(title, figure, report_year, number_path, anchor, section_id)
            )
            if len(answers) >= MAX_ANSWERS:
                return answers
    return answers
