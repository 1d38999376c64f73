"""The site's public address, for links that leave the page: canonical, Open Graph, sitemap,
feed and structured data.

PORTAL_SITE_ORIGIN names it when set, so that a host alias (an IP address, an old domain, a
mirror) never becomes the address search engines keep; otherwise it is the address the request
came to, https:// behind a TLS proxy when SECURE_PROXY_SSL_HEADER is set.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost

# Query parameters that make a different page of the same address; any other (tracking tags,
# filters, display switches) is left out of the canonical address.
CANONICAL_PARAMETERS = ("page",)


def request_host(request) -> str | None:
    """The host the request came to; None for a host not allowed (its 400 page still renders)."""
    try:
        return request.get_host()
    except DisallowedHost:
        return None


def site_origin(request) -> str:
    """The origin; empty (links relative to the page) on the 400 page of a host not allowed."""
    if settings.PORTAL_SITE_ORIGIN:
        return settings.PORTAL_SITE_ORIGIN
    host = request_host(request)
    return f"{request.scheme}://{host}" if host else ""


def absolute_url(request, path: str) -> str:
    return site_origin(request) + path


def canonical_url(request) -> str:
    kept = [
        f"{name}={value}"
        for name in CANONICAL_PARAMETERS
        if (value := request.GET.get(name, "")).isdigit() and value != "1"
    ]
    return absolute_url(request, request.path + ("?" + "&".join(kept) if kept else ""))
