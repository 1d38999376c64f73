"""Print the public pages of the database in DATABASE_URL, for comparing two databases.

Run as ``python -m tests.security.render_pages URL...`` with the test settings; prints a JSON
object of each URL's status and body.
"""

import json
import os
import sys


def main(urls: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = [response.status_code, response.content.decode("utf-8", "replace")]
    json.dump(pages, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
