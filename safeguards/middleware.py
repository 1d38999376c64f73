"""Requests refused before any view or form reads them.

- A NUL byte in the path or the query string: PostgreSQL refuses it in a query, so a lookup
  such as ``/indicators/%00/`` or an admin filter ``?status__exact=%00`` would end in a 500.
  A path with one is not found (404); from a query string it is dropped.
- A body larger than the URL allows, judged on ``Content-Length`` before a byte of it is read
  (Django never reads past ``Content-Length``). Imports get ``IMPORT_MAX_UPLOAD_BYTES`` plus room
  for the form around the file; the rest of the admin ``ADMIN_MAX_REQUEST_BYTES``; the public
  site, which takes no uploads, ``PUBLIC_MAX_REQUEST_BYTES``.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

# Multipart framing and the import form's own fields, on top of the file itself.
IMPORT_FORM_OVERHEAD_BYTES = 64 * 1024
IMPORT_VIEW_SUFFIXES = ("import", "import_text")


def _error_page(template: str, status: int) -> HttpResponse:
    # Rendered without the request: no context processor, so no database or cache is needed.
    return HttpResponse(render_to_string(template), status=status)


def body_limit(resolver_match) -> int:
    if resolver_match is None or "admin" not in resolver_match.namespaces:
        return settings.PUBLIC_MAX_REQUEST_BYTES
    if (resolver_match.url_name or "").endswith(IMPORT_VIEW_SUFFIXES):
        return settings.IMPORT_MAX_UPLOAD_BYTES + IMPORT_FORM_OVERHEAD_BYTES
    return settings.ADMIN_MAX_REQUEST_BYTES


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404  # no page has a NUL in its address
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            # A NUL is never meaningful in a search word or a filter value: drop it, so the
            # page answers as if it had not been typed.
            request.META["QUERY_STRING"] = query.replace("%00", "").replace("\x00", "")
            request.__dict__.pop("GET", None)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Placed before CsrfViewMiddleware, whose process_view reads the POST body.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error_page("400.html", 400)
        if length > body_limit(request.resolver_match):
            return _error_page("413.html", 413)
        return None
