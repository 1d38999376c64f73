"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()  # sets Django up: imports follow it

# Cached public pages and the counter image are answered before Django (disclosure/fasthits.py).
from disclosure.fasthits import FastHits  # noqa: E402

application = FastHits(django_application)

from portal.warmup import load_search_index_soon, warm_up_process  # noqa: E402

warm_up_process()
load_search_index_soon()
