"""Once a report is submitted, only users who may publish change it: on every path that writes.

Each path is tried as each role on a report in review and on a published one. An editor (录入员)
is refused everywhere; a reviewer (审核员) and an administrator (管理员) may change both (with a
change note once citizens have seen the report) but never delete what citizens have seen.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import ChangeNote, IndicatorValue, ReportStatus, Section
from reports.services import editing
from reports.services.permissions import NotAllowed

from ..factories import make_definition, make_section, make_value
from .conftest import ROLE_GROUPS
from .importing import csv_bytes, preview

ROLES = list(ROLE_GROUPS)
MAY_CHANGE_SUBMITTED = {"editor": False, "reviewer": True, "administrator": True}
MAY_DELETE_DRAFT_CONTENT = {"editor": True, "reviewer": False, "administrator": True}


@pytest.fixture(params=[ReportStatus.REVIEW, ReportStatus.PUBLISHED])
def submitted(request, draft, org_code):
    """The synthetic 测试市 2030 report, in review or published."""
    draft.status = request.param
    if request.param == ReportStatus.PUBLISHED:
        from django.utils import timezone

        draft.published_at = timezone.now()
    draft.save()
    return draft


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def acting(request, role, editor, reviewer, administrator):
    return {"editor": editor, "reviewer": reviewer, "administrator": administrator}[role]


@pytest.fixture
def definition(db):
    return make_definition(code="test.cases", name="测试案件", unit="件")


def note_for(report) -> dict:
    return {"change_note": "测试更正说明"} if report.is_public else {}


def chapter_of(report) -> Section:
    return Section.objects.filter(report=report, parent=None).order_by("position").first()


def test_add_section_page(client, acting, role, submitted):
    client.force_login(acting)
    data = {
        "report": submitted.pk,
        "number": "九、",
        "number_style": "none",
        "title": "测试新增章节",
        "body": "",
        "duty_item": "",
        "indicator_values-TOTAL_FORMS": "0",
        "indicator_values-INITIAL_FORMS": "0",
        **note_for(submitted),
    }
    response = client.post("/admin/reports/section/add/", data)
    added = Section.objects.filter(report=submitted, title="测试新增章节").exists()
    assert added is MAY_CHANGE_SUBMITTED[role]
    if not added:
        assert response.status_code == 200  # the form, with the report not on offer
        assert ChangeNote.objects.filter(report=submitted).count() == 0


def test_add_figure_page(client, acting, role, submitted, definition):
    client.force_login(acting)
    data = {
        "report": submitted.pk,
        "definition": definition.pk,
        "value": "7",
        "qualifier": "exact",
        "department": "",
        **note_for(submitted),
    }
    client.post("/admin/reports/indicatorvalue/add/", data)
    added = IndicatorValue.objects.filter(report=submitted, definition=definition).exists()
    assert added is MAY_CHANGE_SUBMITTED[role]


@pytest.mark.parametrize("model", ["section", "indicatorvalue"])
def test_add_forms_offer_only_reports_the_user_may_change(client, editor, reviewer, draft, model):
    from tests.factories import make_report

    in_review = make_report(2031, status=ReportStatus.REVIEW)
    client.force_login(editor)
    page = client.get(f"/admin/reports/{model}/add/").content.decode()
    assert f'value="{draft.pk}"' in page
    assert f'value="{in_review.pk}"' not in page
    client.force_login(reviewer)
    page = client.get(f"/admin/reports/{model}/add/").content.decode()
    assert f'value="{in_review.pk}"' in page


def test_change_section_page(client, acting, role, submitted):
    section = chapter_of(submitted)
    client.force_login(acting)
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": "测试改后标题",
        "body": section.body,
        "duty_item": "",
        "indicator_values-TOTAL_FORMS": "0",
        "indicator_values-INITIAL_FORMS": "0",
        **note_for(submitted),
    }
    client.post(f"/admin/reports/section/{section.pk}/change/", data)
    section.refresh_from_db()
    assert (section.title == "测试改后标题") is MAY_CHANGE_SUBMITTED[role]


def test_figure_inline_beside_its_section(client, acting, role, submitted, definition):
    section = chapter_of(submitted)
    value = make_value(submitted, definition, value="3", section=section)
    client.force_login(acting)
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": section.title,
        "body": section.body,
        "duty_item": "",
        "indicator_values-TOTAL_FORMS": "1",
        "indicator_values-INITIAL_FORMS": "1",
        "indicator_values-0-id": value.pk,
        "indicator_values-0-section": section.pk,
        "indicator_values-0-definition": definition.pk,
        "indicator_values-0-value": "4",
        "indicator_values-0-qualifier": "exact",
        **note_for(submitted),
    }
    client.post(f"/admin/reports/section/{section.pk}/change/", data)
    value.refresh_from_db()
    assert (value.value == Decimal(4)) is MAY_CHANGE_SUBMITTED[role]
    if submitted.is_public and MAY_CHANGE_SUBMITTED[role]:
        assert ChangeNote.objects.filter(report=submitted, note="测试更正说明").count() == 1


def test_delete_section_page(client, acting, role, submitted):
    section = chapter_of(submitted)
    client.force_login(acting)
    client.post(f"/admin/reports/section/{section.pk}/delete/", {"post": "yes"})
    deleted = not Section.objects.filter(pk=section.pk).exists()
    # Citizens' reports are corrected or withdrawn, never deleted, whoever asks.
    assert deleted is (
        MAY_CHANGE_SUBMITTED[role] and MAY_DELETE_DRAFT_CONTENT[role] and not submitted.is_public
    )


def test_bulk_delete_action(client, acting, role, submitted):
    ids = list(Section.objects.filter(report=submitted, parent=None).values_list("pk", flat=True))
    client.force_login(acting)
    client.post(
        "/admin/reports/section/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    remaining = Section.objects.filter(pk__in=ids).count()
    assert (remaining == 0) is (
        MAY_CHANGE_SUBMITTED[role] and MAY_DELETE_DRAFT_CONTENT[role] and not submitted.is_public
    )


def test_move_on_the_outline(client, acting, role, submitted):
    first = chapter_of(submitted)
    client.force_login(acting)
    client.post(
        reverse("admin:reports_annualreport_outline", args=[submitted.pk]),
        {"op": f"down:{first.pk}", **note_for(submitted)},
    )
    first.refresh_from_db()
    assert (first.position == 2) is MAY_CHANGE_SUBMITTED[role]


def test_revert_from_history(client, acting, role, submitted):
    section = chapter_of(submitted)
    original = section.title
    version = section.history.first()
    section.title = "测试临时标题"
    section.save()
    client.force_login(acting)
    url = f"/admin/reports/section/{section.pk}/history/{version.history_id}/"
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": original,
        "body": section.body,
        **note_for(submitted),
    }
    client.post(url, data)
    section.refresh_from_db()
    assert (section.title == original) is MAY_CHANGE_SUBMITTED[role]


def test_text_figures_page(client, acting, submitted, definition):
    make_section(submitted, parent=chapter_of(submitted), position=9, body="受理案件12件。")
    client.force_login(acting)
    url = reverse("admin:reports_annualreport_text_figures", args=[submitted.pk])
    client.post(url, {})
    # Numbers in the text are recorded only in drafts: a submitted report is corrected one
    # figure at a time, with a change note.
    assert not IndicatorValue.objects.filter(report=submitted).exists()


def test_spreadsheet_import(client, acting, submitted, definition):
    client.force_login(acting)
    rows = [["年度", "指标代码", "部门", "数值"], [submitted.year, definition.code, "", "5"]]
    response = preview(client, "indicatorvalue", csv_bytes(rows))
    refused = response.status_code == 403  # a role without the import permission
    assert refused or "只能向草稿报告导入数据" in response.content.decode()
    assert 'name="import_file_name"' not in response.content.decode(), "no confirm step"
    assert not IndicatorValue.objects.filter(report=submitted).exists()


# --- the rule at its home: the editing service ----------------------------------------------------


def test_service_refuses_an_editor_on_a_submitted_report(editor, reviewer, submitted):
    section = Section(report=submitted, title="测试", number="九、")
    with pytest.raises(NotAllowed):
        editing.save_section(user=editor, section=section, note="说明")
    saved = editing.save_section(user=reviewer, section=section, note="说明")
    assert saved.pk and saved.position == 4


def test_service_asks_for_a_note_once_citizens_have_seen_it(reviewer, submitted):
    from reports.services.change_notes import ChangeNoteRequired

    section = chapter_of(submitted)
    section.title = "测试改后标题"
    if submitted.is_public:
        with pytest.raises(ChangeNoteRequired):
            editing.save_section(user=reviewer, section=section)
    editing.save_section(user=reviewer, section=section, note="更正标题")
    assert ChangeNote.objects.filter(report=submitted).count() == int(submitted.is_public)


def test_service_never_deletes_what_citizens_have_seen(administrator, submitted):
    section = chapter_of(submitted)
    if submitted.is_public:
        with pytest.raises(NotAllowed):
            editing.delete_rows(user=administrator, rows=[section])
        assert Section.objects.filter(pk=section.pk).exists()
    else:
        editing.delete_rows(user=administrator, rows=[section])
        assert not Section.objects.filter(pk=section.pk).exists()


def test_import_is_refused_unless_draft(editor, submitted, draft):
    assert editing.import_refusal(submitted, editor)
    with pytest.raises(NotAllowed):
        editing.ensure_can_import(editor, [submitted.pk])


# --- every admin write path goes through the service -----------------------------------------------


@pytest.fixture
def service_calls(monkeypatch):
    calls = []
    for name in ["save_row", "save_section", "save_values", "delete_rows"]:
        real = getattr(editing, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(editing, name, spy)
    return calls


def test_admin_pages_write_through_the_service(client, editor, draft, definition, service_calls):
    other = make_definition(code="test.sessions", name="测试场次", unit="场")
    client.force_login(editor)
    section = chapter_of(draft)
    client.post(
        "/admin/reports/section/add/",
        {
            "report": draft.pk,
            "number": "九、",
            "number_style": "none",
            "title": "测试",
            "duty_item": "",
            "indicator_values-TOTAL_FORMS": "0",
            "indicator_values-INITIAL_FORMS": "0",
        },
    )
    client.post(
        "/admin/reports/indicatorvalue/add/",
        {"report": draft.pk, "definition": definition.pk, "value": "7", "qualifier": "exact"},
    )
    client.post(
        f"/admin/reports/section/{section.pk}/change/",
        {
            "number": section.number,
            "number_style": section.number_style,
            "title": "测试改后",
            "duty_item": "",
            "indicator_values-TOTAL_FORMS": "1",
            "indicator_values-INITIAL_FORMS": "0",
            "indicator_values-0-section": section.pk,
            "indicator_values-0-definition": other.pk,
            "indicator_values-0-value": "1",
            "indicator_values-0-qualifier": "exact",
            "indicator_values-0-department": "",
        },
    )
    client.post(f"/admin/reports/section/{section.pk}/delete/", {"post": "yes"})
    assert service_calls == [
        "save_section",  # section added
        "save_row",  # figure added…
        "save_values",  # …through the figures' service
        "save_section",  # section changed…
        "save_values",  # …with the figure added beside it
        "delete_rows",  # section deleted
    ]


def test_shared_rows_printed_by_a_published_report_change_only_by_reviewers(
    editor, reviewer, seed_report
):
    from reports.models import Department
    from reports.services.shared_rows import save_shared_row

    department = Department.objects.filter(indicator_values__report=seed_report).first()
    department.name = "测试改名局"
    with pytest.raises(NotAllowed):
        save_shared_row(user=editor, row=department, note="更名")
    department.refresh_from_db()
    assert department.name != "测试改名局"
    department.name = "测试改名局"
    notes = save_shared_row(user=reviewer, row=department, note="机构更名")
    assert [note.report for note in notes] == [seed_report]


def test_bulk_delete_refused_says_why_in_chinese(client, editor, reviewer):
    from reports.services.workflow import submit

    from ..factories import make_report, make_section

    report = make_report(year=2041)
    make_section(report, title="合成章节")
    submit(report, editor)
    ids = list(Section.objects.filter(report=report).values_list("pk", flat=True))
    client.force_login(editor)
    response = client.post(
        "/admin/reports/section/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        follow=True,
    )
    text = response.content.decode()
    assert "未删除" in text and "您没有修改待审核报告的权限" in text
    assert "没有权限删除这类对象" not in text
    assert Section.objects.filter(pk__in=ids).count() == len(ids)


def test_making_the_roles_again_leaves_the_apps_whole(db):
    """Test set-ups make the roles again with the migration's own function on the real app
    registry (after a test that flushed them); dumpdata and flush skip an app without its
    models module, so that must survive."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    import_module("reports.migrations.0005_roles").create_roles(apps, None)
    assert all(
        config.models_module is not None
        for config in apps.get_app_configs()
        if config.label in {"reports", "auth", "disclosure"}
    )
    assert Group.objects.filter(name="录入员").exists()
