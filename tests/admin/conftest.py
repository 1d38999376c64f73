import pytest

from ..factories import make_user

ROLE_GROUPS = {"editor": "录入员", "reviewer": "审核员", "administrator": "管理员"}


@pytest.fixture
def editor(db):
    return make_user("editor", ROLE_GROUPS["editor"])


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", ROLE_GROUPS["reviewer"])


@pytest.fixture
def administrator(db):
    return make_user("administrator", ROLE_GROUPS["administrator"])


@pytest.fixture
def outsider(db):
    """Staff who can log in to the admin but has no role."""
    return make_user("outsider")


@pytest.fixture
def org_code(settings):
    settings.REPORTS_ORG_CODE = "TEST-ORG"
    return "TEST-ORG"


@pytest.fixture
def draft(db, editor):
    from reports.models import AnnualReport, Section

    report = AnnualReport.objects.create(
        government="测试市人民政府",
        year=2030,
        title="测试市2030年度法治政府建设情况报告",
        issuing_office="测试市司法局",
        closing="测试市人民政府\n2031年3月1日",
    )
    duty_items = iter(["measures", "shortcomings", "leaders", "plan", "other"])
    for position, title in enumerate(["第一章", "第二章", "第三章"], start=1):
        chapter = Section.objects.create(
            report=report, position=position, number=f"{position}、", title=title
        )
        for child in range(1, 3):
            Section.objects.create(
                report=report,
                parent=chapter,
                position=child,
                number=f"{child}.",
                title=f"{title}第{child}节",
                duty_item=next(duty_items, ""),
            )
    return report


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft_2018(seed_report, editor):
    """Next year's draft, copied from the published 2017 seed as the office starts a year."""
    from reports.services.clone import start_next_year

    return start_next_year(seed_report, editor)
