"""Site search: /search/?q=…&year=…"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import markup, selectors
from ..pagecache import cached_page
from ..segmentation import MAX_QUERY_CHARS, query_terms
from .pages import parse_year

RESULTS_PER_PAGE = 10


@cached_page
def search(request):
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())[:MAX_QUERY_CHARS]
    terms = query_terms(query) if query else []
    year, year_valid = parse_year(request.GET.get("year"))
    results = selectors.search(terms, year) if year_valid else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for result in page.object_list:
        text, cut_start, cut_end = markup.snippet_window(
            result.entry.text or result.entry.title, terms
        )
        result.title_html = markup.highlight(result.entry.title, terms)
        result.snippet_html = markup.highlight(text, terms)
        result.cut_start, result.cut_end = cut_start, cut_end
    return render(
        request,
        "disclosure/search.html",
        {
            "query": query,
            "query_cut": len(" ".join(raw.split())) > MAX_QUERY_CHARS,
            "terms": terms,
            "year": year,
            "year_invalid": not year_valid,
            "years": selectors.published_years(),
            "page_obj": page,
            "total": len(results),
            "query_prefix": urlencode({"q": query, **({"year": year} if year else {})}) + "&",
            "column_name": _("站内搜索"),
            "column_type": _("站内搜索"),
        },
    )
