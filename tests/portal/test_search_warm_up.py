"""A server process loads the search index in the background once it starts, so that its
first reader's search does not wait for it; without a database it just starts."""

import logging

import pytest

from disclosure.search import postings
from disclosure.search.index import index_version
from portal.warmup import load_search_index_soon


@pytest.mark.django_db(transaction=True)
def test_the_index_is_in_memory_before_the_first_search(seed_document, monkeypatch):
    from reports.services.report_document import import_report_document

    import_report_document(seed_document)  # published: indexed as the signals do
    monkeypatch.setattr(postings, "_current", None)
    load_search_index_soon().join(timeout=60)
    loaded = postings._current
    assert loaded is not None and loaded.version == index_version() != ""
    assert any(info.year == 2017 for info in loaded.entries.values())


def test_a_database_that_does_not_answer_only_costs_a_log_line(monkeypatch, caplog):
    def refuse():
        raise ConnectionError("synthetic: the database does not answer")

    monkeypatch.setattr(postings, "current", refuse)
    with caplog.at_level(logging.INFO, logger="portal.warmup"):
        load_search_index_soon().join(timeout=60)
    assert any("Search index not loaded ahead" in r.getMessage() for r in caplog.records)
