"""The site's public address, for links that leave the page: canonical, Open Graph, sitemap,
feed and structured data.

PORTAL_SITE_ORIGIN names it when set, so that a host alias (an IP address, an old domain, a
mirror) never becomes the address search engines keep; otherwise it is the address the request
came to, https:// behind a TLS proxy when SECURE_PROXY_SSL_HEADER is set.
"""

from django.conf import settings

# Query parameters that make a different page of the same address; any other (tracking tags,
# filters, display switches) is left out of the canonical address.
CANONICAL_PARAMETERS = ("page",)


def site_origin(request) -> str:
    return settings.PORTAL_SITE_ORIGIN or f"{request.scheme}://{request.get_host()}"


def absolute_url(request, path: str) -> str:
    return site_origin(request) + path


def canonical_url(request) -> str:
    kept = [
        f"{name}={value}"
        for name in CANONICAL_PARAMETERS
        if (value := request.GET.get(name, "")).isdigit() and value != "1"
    ]
    return absolute_url(request, request.path + ("?" + "&".join(kept) if kept else ""))
