"""Middleware that shapes answers on their way out, whatever view made them."""

from django.conf import settings
from django.http import HttpResponseNotFound
from django.utils import translation


class MissingStaticFileMiddleware:
    """A static file WhiteNoise does not have answers a short plain 404, not a rendered page.

    Sits right below WhiteNoise: a request for a file under STATIC_URL that reaches it names no
    file there (an old hashed name, a typo, a scanner), and a page render would cost a template,
    the site settings and the page frame for nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else None

    def __call__(self, request):
        if self.prefix and request.path_info.startswith(self.prefix):
            response = HttpResponseNotFound(b"Not Found\n", content_type="text/plain")
            # A file may appear with the next deployment; do not let it stay missing anywhere.
            response["Cache-Control"] = "no-cache"
            return response
        return self.get_response(request)


class ContentLanguageMiddleware:
    """Content-Language names the language as <html lang> does (zh-CN), not Django's zh-hans.

    Sits below LocaleMiddleware, which only sets the header when it is missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if translation.get_language() == settings.LANGUAGE_CODE:
            response.headers.setdefault("Content-Language", settings.PORTAL_LANGUAGE_TAG)
        return response
