"""What a server process does once when it starts, before its first request.

Each step moves a one-time cost off a reader's first request: the search segmenter's dictionary
(about a second), and WeasyPrint's first rendering (about 0.2 s on top of the layout itself).
Then ``gc.freeze()`` moves everything loaded so far (Django, the dictionary, the fonts) out of
the garbage collector's reach: otherwise each full collection walks those long-lived objects
again, which here costs 70–90 ms, every other PDF rendering and now and then a page request.
"""

import gc
import logging
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
