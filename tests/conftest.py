import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "fixtures" / "wuchang-2017-rule-of-law-report.txt"
SEED_DOCUMENT = ROOT / "fixtures" / "wuchang-2017.json"


@pytest.fixture
def seed_document() -> dict:
    return json.loads(SEED_DOCUMENT.read_text(encoding="utf-8"))


@pytest.fixture
def seed_report(db, seed_document):
    """The published 五常市 2017 report, loaded the way `manage.py load_seed` loads it."""
    from reports.services.report_document import import_report_document

    return import_report_document(seed_document)
