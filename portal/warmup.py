"""What a server process does once when it starts, before its first request.

Each step moves a one-time cost off a reader's first request: the search segmenter's dictionary
(about a second), WeasyPrint's first rendering (about 0.2 s on top of the layout itself), and,
in the background once the process serves, the search index's postings.
Then ``gc.freeze()`` moves everything loaded so far (Django, the dictionary, the fonts) out of
the garbage collector's reach: otherwise each full collection walks those long-lived objects
again, which here costs 70–90 ms, every other PDF rendering and now and then a page request.
"""

import gc
import logging
import threading
import time

logger = logging.getLogger(__name__)


def warm_up_process() -> dict[str, float]:
    """Run the warm-ups; the seconds each took (a step that could not run is left out)."""
    from disclosure.search.segmentation import warm_up as load_search_dictionary
    from reports.pdf.render import warm_up as warm_up_pdf

    timings = {}
    started = time.perf_counter()
    load_search_dictionary()
    timings["search dictionary"] = time.perf_counter() - started
    pdf_seconds = warm_up_pdf()
    if pdf_seconds is not None:
        timings["PDF rendering"] = pdf_seconds
    gc.collect()
    gc.freeze()
    logger.info(
        "Process warmed up: %s",
        ", ".join(f"{step} {seconds * 1000:.0f} ms" for step, seconds in timings.items()),
    )
    return timings


def load_search_index_soon() -> threading.Thread:
    """Load the search index's postings in the background, so that the first search of this
    process does not wait for them (9–12 ms for the seed; more as the index grows). In a
    thread, not in the start: the database may be slow or away, and the process must start
    serving regardless."""

    def load():
        from django.db import connections

        from disclosure.search.postings import current

        started = time.perf_counter()
        try:
            current()
        except Exception as error:  # noqa: BLE001 - best effort: the first search loads it
            logger.info("Search index not loaded ahead: %s", error)
        else:
            logger.info("Search index loaded in %.0f ms", (time.perf_counter() - started) * 1000)
        finally:
            connections.close_all()  # this thread's connection, back to the pool

    thread = threading.Thread(target=load, name="search-index-warm-up", daemon=True)
    thread.start()
    return thread
