#!/usr/bin/env python
"""Search quality on the judged queries (tests/portal/search_judgements.py): recall@3 and MRR
of the seed report, on SQLite and PostgreSQL, each in a throwaway database.

    .venv/bin/python scripts/search_quality.py [--database sqlite|postgresql|both] [--misses]

PostgreSQL is reached through DATABASE_URL's server (default 127.0.0.1:5432, user postgres).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throwaway_database import run_on_each, setup_django  # noqa: E402


def child(vendor: str, show_misses: bool) -> None:
    setup_django()
    import json

    from django.db import connection

    from disclosure.search.index import rebuild_index
    from reports.services.report_document import import_report_document
    from tests.portal.search_judgements import JUDGEMENTS, evaluate

    root = Path(__file__).resolve().parent.parent
    document = json.loads((root / "fixtures" / "wuchang-2017.json").read_text(encoding="utf-8"))
    import_report_document(document)
    rebuild_index()
    scores = evaluate()
    print(
        f"{connection.vendor:<11} {len(JUDGEMENTS)} judged queries: "
        f"recall@3 {scores.recall_at_3:.3f}  MRR {scores.mrr:.3f}"
    )
    if show_misses:
        for query, anchors in scores.misses:
            print(f"    not in the first 3: {query!r} → {anchors}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--misses", action="store_true", help="list the queries missed")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.misses)
        return 0
    vendors = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    extra = ["--misses"] if options.misses else []
    return run_on_each(__file__, vendors, extra)


if __name__ == "__main__":
    sys.exit(main())
