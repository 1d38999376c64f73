"""Site search: /search/?q=…&year=…&kind=text|data"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import selectors
from ..pagecache import cached_page
from ..search import misses, snippets
from ..search.segmentation import MAX_QUERY_CHARS
from ..selectors.search import Kind
from .pages import parse_year

RESULTS_PER_PAGE = 10
KIND_LABELS = {Kind.ALL: _("全部"), Kind.TEXT: _("正文"), Kind.DATA: _("数据")}


@cached_page
def search(request):
    raw = " ".join(request.GET.get("q", "").split())
    year, year_valid = parse_year(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.CHOICES else Kind.ALL
    found = selectors.search(raw, year, kind) if year_valid else selectors.search("")
    query = found.query
    if query.terms and not found.hits and year is None and kind == Kind.ALL:
        misses.record_zero_result(query.text)
    page = Paginator(found.hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.load_hits(list(page.object_list))
    terms = [t for t in query.terms if t in found.rarity]
    for hit in page.object_list:
        entry = hit.entry
        hit.title_html = snippets.highlight(entry.title, terms)
        hit.snippet = snippets.snippet(entry.text, terms, found.rarity) if entry.text else None

    def link(**changes):
        params = {"q": query.text, "year": year or "", "kind": kind, **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request,
        "disclosure/search.html",
        {
            "query": query.text,
            "parsed": query,
            "query_cut": len(raw) > MAX_QUERY_CHARS,
            "found": found,
            "year": year,
            "kind": kind,
            "year_invalid": not year_valid,
            "kind_links": [
                (label, link(kind=value), value == kind) for value, label in KIND_LABELS.items()
            ],
            "year_links": [(_("全部年度"), link(year=""), year is None)]
            + [
                (_("%(year)s年") % {"year": y}, link(year=y), y == year)
                for y in selectors.published_years()
            ],
            "suggestion_link": link(q=found.suggestion, year="", kind="")
            if found.suggestion
            else "",
            "page_obj": page,
            "total": len(found.hits),
            "query_prefix": link()[1:] + "&",
            "column_name": _("站内搜索"),
            "column_type": _("站内搜索"),
        },
    )
