"""Departments and indicators that published reports print: changed with a change note."""

import pytest

from reports.models import ChangeNote, Department, IndicatorDefinition

from .importing import csv_bytes, preview

pytestmark = pytest.mark.django_db


def shown_department(report) -> Department:
    return report.values.exclude(department=None).first().department


def department_form(department, **changes):
    data = {
        "name": department.name,
        "short_name": department.short_name,
        "kind": department.kind,
        "order": department.order,
        "change_note": "",
    }
    data.update(changes)
    return data


def change_url(department):
    return f"/admin/reports/department/{department.pk}/change/"


def test_renaming_a_department_a_published_report_prints_needs_a_note(
    client, reviewer, seed_report
):
    department = shown_department(seed_report)
    old_name = department.name
    client.force_login(reviewer)
    response = client.post(change_url(department), department_form(department, name="测试市司法局"))
    assert response.status_code == 200
    assert "2017年度报告已公开并显示此项,修改名称须填写更新说明" in response.content.decode()
    department.refresh_from_db()
    assert department.name == old_name
    assert not ChangeNote.objects.filter(report=seed_report).exists()


def test_the_note_is_recorded_on_every_report_that_prints_it_and_shown(
    client, reviewer, seed_report
):
    department = shown_department(seed_report)
    client.force_login(reviewer)
    note = "测试:机构改革后部门更名。"
    response = client.post(
        change_url(department),
        department_form(department, name="测试市司法局", change_note=note),
        follow=True,
    )
    assert "已在1份已公开的年度报告中记录更新说明" in response.content.decode()
    department.refresh_from_db()
    assert department.name == "测试市司法局"
    assert department.history.first().history_change_reason == note
    assert list(ChangeNote.objects.filter(report=seed_report).values_list("note", flat=True)) == [
        note
    ]
    page = client.get(f"/reports/{seed_report.year}/").content.decode()
    assert note in page and "测试市司法局" in page


def test_an_editor_sees_the_printed_name_read_only_but_may_reorder(client, editor, seed_report):
    department = shown_department(seed_report)
    old_name = department.name
    client.force_login(editor)
    form = client.get(change_url(department)).content.decode()
    assert 'name="name"' not in form and 'name="change_note"' not in form
    assert "2017年度报告已公开并显示此项:名称只能由审核员修改" in form
    response = client.post(
        change_url(department),
        {"short_name": "测试简称", "kind": department.kind, "order": 7, "name": "改不了"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.short_name, department.order) == (old_name, "测试简称", 7)
    assert not ChangeNote.objects.exists()


def test_a_department_only_drafts_use_is_renamed_freely(client, editor, draft):
    department = Department.objects.create(name="测试市审计局")
    draft.sections.first().departments.add(department)
    client.force_login(editor)
    response = client.post(change_url(department), department_form(department, name="测试市审计厅"))
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "测试市审计厅"
    assert not ChangeNote.objects.exists()


def test_import_cannot_rename_an_indicator_a_published_report_prints(client, editor, seed_report):
    definition = seed_report.values.first().definition
    client.force_login(editor)
    response = preview(
        client,
        "indicatordefinition",
        csv_bytes(
            [
                ["指标代码", "指标名称", "单位", "类别代码"],
                [definition.code, "测试改名", definition.unit, definition.category.code],
            ]
        ),
    )
    text = response.content.decode()
    assert "2017年度报告已公开并显示此指标,修改指标名称须在指标页面逐项修改" in text
    assert IndicatorDefinition.objects.get(pk=definition.pk).name == definition.name


def test_renaming_a_category_needs_a_note_and_keeps_history(client, administrator, seed_report):
    category = seed_report.values.first().definition.category
    old_name = category.name
    url = f"/admin/reports/indicatorcategory/{category.pk}/change/"
    client.force_login(administrator)
    data = {"code": category.code, "name": "测试类别改名", "order": category.order}
    assert "2017年度报告已公开并显示此项" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "change_note": "测试:类别更名。"}, follow=True)
    assert "已在1份已公开的年度报告中记录更新说明" in response.content.decode()
    assert [h.name for h in category.history.order_by("history_date")][-1] == "测试类别改名"
    assert old_name in [h.name for h in category.history.all()]


def test_reverting_a_rename_from_the_history_also_needs_a_note(client, reviewer, seed_report):
    department = shown_department(seed_report)
    old_name = department.name
    client.force_login(reviewer)
    renamed = department_form(department, name="测试市司法局", change_note="测试:更名。")
    assert client.post(change_url(department), renamed).status_code == 302
    first = department.history.order_by("history_date").first()
    revert_url = f"/admin/reports/department/{department.pk}/history/{first.history_id}/"
    back = department_form(department)  # the old version's values, as the revert form shows
    page = client.post(revert_url, back).content.decode()
    assert "修改名称须填写更新说明" in page
    department.refresh_from_db()
    assert department.name == "测试市司法局"
    response = client.post(revert_url, {**back, "change_note": "测试:恢复原名。"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == old_name
    notes = ChangeNote.objects.filter(report=seed_report).order_by("created_at")
    assert [note.note for note in notes] == ["测试:更名。", "测试:恢复原名。"]
