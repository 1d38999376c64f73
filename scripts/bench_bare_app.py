"""The benchmark's reference: a bare Django app (no middleware, no database) answering the
report page's bytes from a file. Run by scripts/bench_portal.py under gunicorn."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

with open(os.environ["BENCH_BODY_FILE"], "rb") as file:
    BODY = file.read()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("reports/2017/", page)]
application = get_wsgi_application()
