import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def java():
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail(
            "Java or vnu.jar is missing: run scripts/setup.sh (apt default-jre-headless, npm ci)"
        )
    return java
