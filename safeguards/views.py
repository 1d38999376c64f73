"""Error pages that need more than a template: what a refused request should do instead."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults


def bad_request(request, exception):
    """Django's 400, except for form text over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a long report
    pasted into a form): that says so in Chinese, with the way round it and a way back."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "back": request.path}
        return HttpResponse(render_to_string("413_text.html", context), status=413)
    return defaults.bad_request(request, exception)
