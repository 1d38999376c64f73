"""A number in the query read as a figure: 10件 or 3692 answered with the figure's name, as
printed, and where the report states it (行政复议申请 10件 → 七、1.)."""

import re
from dataclasses import dataclass

from ..models import SearchEntry
from . import postings, ranking

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


def figure_answers(
    numbers: list[str], year: int | None = None, words: list[str] = ()
) -> list[FigureAnswer]:
    """Figures printed as the number typed: "10件" finds 10件, "10" finds 10件 and 10余件 but
    not 100件 or 1.0件. Latest year first, at most MAX_ANSWERS. When the query also has words
    (行政复议 10件), the figures those words find are the answer, if any of them is printed so."""
    index = postings.current()
    searched = ranking.searchable(index, year, ranking.Kind.DATA)
    found: list[int] = []
    for typed in numbers:
        number = LEADING_NUMBER.match(typed).group(0)
        for entry_id, printed in index.figures:
            if entry_id not in searched or not printed.startswith(number) or entry_id in found:
                continue
            rest = printed[len(number) :]
            if rest[:1].isdigit() or rest[:2].startswith("."):
                continue  # 100件 is not 10件
            if typed != number and not printed.startswith(typed):
                continue  # 10件 asked: 10项 is another figure
            found.append(entry_id)
    named = [i for i in found if any(i in index.lookup(word, False) for word in words)]
    found = (named or found)[:MAX_ANSWERS]
    rows = SearchEntry.objects.filter(id__in=found).values_list(
        "id", "title", "figure", "report__year", "number_path", "anchor", "section_id"
    )
    by_id = {row[0]: FigureAnswer(*row[1:]) for row in rows} if found else {}
    return [by_id[entry_id] for entry_id in found if entry_id in by_id]
