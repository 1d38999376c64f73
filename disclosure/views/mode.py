"""长者模式 on and off: a plain link that sets a cookie, so it works without JavaScript."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..pagecache import ELDER_COOKIE

ONE_YEAR = 365 * 24 * 3600


def display_mode(request):
    target = request.GET.get("next") or "/"
    # Only a path on this site: anything else ("x", "//evil", "https://…") goes home.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("elder") == "1":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
