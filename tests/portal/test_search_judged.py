"""The judged queries (tests/portal/search_judgements.py) on the seed report: what citizens
type finds the section that answers it. scripts/search_quality.py prints the same figures."""

import pytest

from .search_judgements import JUDGEMENTS, evaluate

pytestmark = pytest.mark.django_db


def test_judged_queries_cover_every_kind_of_query():
    kinds = {kind for _query, _relevant, kind in JUDGEMENTS}
    assert len(JUDGEMENTS) >= 40
    assert {
        "exact",
        "report term",
        "synonym",
        "department",
        "traditional",
        "full width",
        "single character",
        "question",
        "number",
        "did you mean",
        "several words",
    } <= kinds


def test_judged_queries_find_the_answering_section(seed_report, indexed):
    indexed()
    scores = evaluate()
    assert scores.recall_at_3 >= 0.95, scores.misses
    assert scores.mrr >= 0.85, scores.misses
