"""Site search: the index of published reports, and the backends that query it.

The layout follows Wagtail's search backends: ``index`` writes the index (on ``report_changed``
and from ``manage.py rebuild_search_index``, never while a citizen's page is built),
``backends`` holds one module per database that only reads it, and ``segmentation`` turns text
into words. The public pages reach the index through ``disclosure.selectors.search``.
"""
