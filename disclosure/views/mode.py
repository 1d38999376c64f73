"""长者模式 on and off, and the text size (大/中/小): plain links that set a cookie, so they
work without JavaScript."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..pagecache import ELDER_COOKIE, TEXT_SIZE_COOKIE, TEXT_SIZES

ONE_YEAR = 365 * 24 * 3600


def display_mode(request):
    target = request.GET.get("next") or "/"
    # Only a path on this site: anything else ("x", "//evil", "https://…") goes home.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    size = request.GET.get("size")
    if size is not None:
        # A text size link changes the size only, and keeps 长者模式 as it is.
        if size in TEXT_SIZES and size != "m":
            _remember(response, TEXT_SIZE_COOKIE, size)
        else:
            response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    elif request.GET.get("elder") == "1":
        _remember(response, ELDER_COOKIE, "1")
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _remember(response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
