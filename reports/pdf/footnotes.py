"""A footnote moved to the page after the last one survives WeasyPrint's re-layout.

The 版记 (publication block) is a footnote of the text so that it sits at the foot of the last
page, and the footnote area of odd pages holds nothing, so that it moves on to an even page
(see report.css). WeasyPrint 70 lays pages out more than once (the contents' page numbers);
``make_all_pages`` forgets a page's footnotes moved to the next page when the page itself
was up to date in a later pass, and then drops the page after it: a text ending on an odd page
lost its 版记. This copy of ``weasyprint.layout.page.make_all_pages`` (BSD licence) keeps them.
"""

import threading

from weasyprint import layout
from weasyprint.layout import page as page_layout

_installed = threading.Lock()


def make_all_pages(context, root_box, html, pages):
    """Return a list of laid out pages without margin boxes; re-make pages only if needed."""
    i = 0
    reported_footnotes = None
    context.rendered_notes = []
    if not hasattr(context, "reported_after_page"):
        context.reported_after_page = {}
    while True:
        remake_state = context.page_maker[i][-1]
        if len(pages) == 0 or remake_state["content_changed"] or remake_state["pages_wanted"]:
            page_layout.PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d", i + 1)
            remake_state["content_changed"] = False
            remake_state["pages_wanted"] = False
            remake_state["anchors"] = []
            remake_state["content_lookups"] = []
            page, resume_at = page_layout.remake_page(i, context, root_box, html)
            reported_footnotes = context.reported_footnotes
            context.reported_after_page[i] = list(reported_footnotes)
            yield page
        else:
            page_layout.PROGRESS_LOGGER.info(
                "Step 5 - Creating layout - Page %d (up-to-date)", i + 1
            )
            resume_at = context.page_maker[i + 1][0]
            # The fix: the footnotes this page moved on are still to be set on the next one.
            reported_footnotes = context.reported_after_page.get(i)
            if reported_footnotes:
                context.reported_footnotes = list(reported_footnotes)
            yield pages[i]

        i += 1
        if resume_at is None and not reported_footnotes:
            # Throw away obsolete pages and content
            context.page_maker = context.page_maker[: i + 1]
            context.broken_out_of_flow.clear()
            context.reported_footnotes.clear()
            return


def install() -> bool:
    """Use this make_all_pages; False if WeasyPrint no longer has the function replaced."""
    with _installed:
        if layout.make_all_pages is make_all_pages:
            return True
        if getattr(layout, "make_all_pages", None) is not page_layout.make_all_pages:
            return False
        layout.make_all_pages = make_all_pages
        page_layout.make_all_pages = make_all_pages
    return True
