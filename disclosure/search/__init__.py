"""Site search: the index of published reports, and the code that reads it.

``index`` writes the index (on ``report_changed`` and from ``manage.py rebuild_search_index``,
never while a citizen's page is built); ``postings`` holds it in each process's memory as
per-word postings, read again when it changes; ``ranking`` finds and ranks a query's entries
there, the same on every database; ``query`` reads a citizen's query, and ``segmentation``
turns text into words. The public pages reach it through ``disclosure.selectors.search``.
"""
