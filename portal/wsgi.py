"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# Each server process loads the search segmenter's dictionary at start, not on a first search.
from disclosure.segmentation import warm_up  # noqa: E402

warm_up()
