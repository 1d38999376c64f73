"""A report's timeline (with revert) and the reviewer's page of what changed since last year."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import IndicatorValue, Section
from reports.services import editing, outline, restore

from ..factories import make_definition, make_section, make_value


def _edit(user, section, **fields):
    section = Section.objects.get(pk=section.pk)
    for name, value in fields.items():
        setattr(section, name, value)
    return editing.save_section(user=user, section=section, note=fields.pop("note", ""))


def test_timeline_shows_report_sections_and_figures_newest_first_with_diff_and_note(
    client, editor, draft
):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    section = Section.objects.get(pk=section.pk)
    section.body = "旧的正文。"
    editing.save_section(user=editor, section=section)
    section.body = "新的<script>正文。"
    editing.save_section(user=editor, section=section, note="补充措施")
    value = make_value(draft, make_definition(), "5", section=section)
    value = IndicatorValue.objects.get(pk=value.pk)
    value.value = Decimal("8")
    editing.save_value(user=editor, value=value, note="更正数值")
    client.force_login(editor)
    page = client.get(f"/admin/reports/annualreport/{draft.pk}/timeline/").content.decode()
    assert page.index("更正数值") < page.index("补充措施")  # newest first
    assert "<del>5</del> → <ins>8</ins>" in page
    assert "<del>旧的</del><ins>新的&lt;script&gt;</ins>正文。" in page  # escaped diff
    assert "None" not in page
    assert "editor" in page


def test_timeline_pages_need_the_same_queries_whatever_the_report_size(client, editor, draft):
    value = make_value(draft, make_definition(), "5")
    editing.save_value(user=editor, value=IndicatorValue.objects.get(pk=value.pk), note="测试")
    client.force_login(editor)
    url = f"/admin/reports/annualreport/{draft.pk}/timeline/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        # The report's tables only: the session's own upkeep comes and goes with the clock.
        return sum("reports_" in query["sql"] for query in captured)

    def add_sections(start, count):
        for number in range(start, start + count):
            section = make_section(
                draft, position=10 + number, number="", title=f"测试章节{number}"
            )
            _edit(editor, section, body=f"测试正文{number}")

    add_sections(0, 20)
    queries()  # warm: what the admin caches across requests is looked up once
    twenty = queries()
    add_sections(20, 60)
    assert queries() == twenty
    assert client.get(url + "?page=3").status_code == 200


def test_deleted_section_stays_in_the_timeline(client, editor, draft):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    outline.remove_section(section, editor)
    client.force_login(editor)
    page = client.get(f"/admin/reports/annualreport/{draft.pk}/timeline/").content.decode()
    assert "删除章节" in page and section.title in page


def test_revert_from_the_timeline_goes_through_the_editing_service(client, editor, draft):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    _edit(editor, section, body="第一稿")
    _edit(editor, section, body="第二稿")
    first_draft = section.history.get(body="第一稿")
    client.force_login(editor)
    live = Section.objects.get(pk=section.pk).version
    url = (
        f"/admin/reports/annualreport/{draft.pk}/timeline/revert/section/{first_draft.history_id}/"
    )
    response = client.post(url, {"loaded_version": live, "change_note": "恢复第一稿"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "第一稿"
    newest = section.history.order_by("-history_date").first()
    assert newest.history_user == editor
    assert (
        newest.history_change_reason.startswith("恢复到")
        and "恢复第一稿" in newest.history_change_reason
    )


def test_revert_from_an_outdated_timeline_is_refused(client, editor, draft):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    _edit(editor, section, body="第一稿")
    first_draft = section.history.get(body="第一稿")
    seen = Section.objects.get(pk=section.pk).version
    _edit(editor, section, body="别人的第二稿")
    client.force_login(editor)
    url = (
        f"/admin/reports/annualreport/{draft.pk}/timeline/revert/section/{first_draft.history_id}/"
    )
    page = client.post(url, {"loaded_version": seen}, follow=True).content.decode()
    assert "已有其他人保存了修改" in page
    section.refresh_from_db()
    assert section.body == "别人的第二稿"


def test_revert_of_a_published_report_needs_a_change_note_and_a_reviewer(
    client, editor, reviewer, seed_report
):
    section = Section.objects.filter(report=seed_report, parent__isnull=False).first()
    original = section.body
    _edit(reviewer, section, body=original + "(补充)", note="补充一句")
    first = section.history.filter(body=original).first()
    url = (
        f"/admin/reports/annualreport/{seed_report.pk}/timeline/revert/section/{first.history_id}/"
    )
    version = Section.objects.get(pk=section.pk).version
    client.force_login(editor)
    client.post(url, {"loaded_version": version, "change_note": "撤销"})
    section.refresh_from_db()
    assert section.body.endswith("(补充)")  # an editor may not change a published report
    client.force_login(reviewer)
    page = client.post(url, {"loaded_version": version}, follow=True).content.decode()
    assert "必须填写更新说明" in page
    client.post(url, {"loaded_version": version, "change_note": "撤销补充"})
    section.refresh_from_db()
    assert section.body == original


def test_history_list_never_shows_none(client, editor, draft):
    section = Section.objects.filter(report=draft).first()
    client.force_login(editor)
    page = client.get(f"/admin/reports/section/{section.pk}/history/").content.decode()
    assert "None" not in page


@pytest.mark.django_db
def test_since_last_year_lists_section_diffs_and_figure_changes(
    client, reviewer, seed_report, draft_2018
):
    rewritten = Section.objects.filter(report=draft_2018, parent__isnull=False).first()
    previous = rewritten.origin
    _edit(reviewer, rewritten, body="2018年的新正文。", needs_text=False)
    added = make_section(draft_2018, position=99, number="", title="测试新增章节", body="新内容")
    last_year_value = IndicatorValue.objects.filter(report=seed_report, department=None).first()
    IndicatorValue.objects.create(
        report=draft_2018,
        definition=last_year_value.definition,
        value=last_year_value.value + 2,
    )
    client.force_login(reviewer)
    url = f"/admin/reports/annualreport/{draft_2018.pk}/since-last-year/"
    page = client.get(url).content.decode()
    assert "<ins>2018年的新正文。</ins>" in page
    assert previous.body[:10] in page  # last year's text, shown as deleted
    assert added.title in page and "本年新增" in page
    assert "比上年增加2" in page
    assert "待更新正文(仍为上年文字)" in page  # sections not yet rewritten are flagged


def test_since_last_year_without_a_published_previous_report(client, reviewer, draft):
    client.force_login(reviewer)
    page = client.get(f"/admin/reports/annualreport/{draft.pk}/since-last-year/").content.decode()
    assert "2029年度没有已发布的报告" in page


def test_report_page_links_timeline_and_year_changes(client, editor, draft):
    client.force_login(editor)
    page = client.get(f"/admin/reports/annualreport/{draft.pk}/change/").content.decode()
    assert f"/admin/reports/annualreport/{draft.pk}/timeline/" in page
    assert f"/admin/reports/annualreport/{draft.pk}/since-last-year/" in page


def test_timeline_shows_which_departments_a_section_lost_and_gained(client, editor, draft):
    from ..factories import make_department

    first, second = make_department("合成甲局"), make_department("合成乙局")
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    editing.save_section(user=editor, section=section, departments=[first])
    section = Section.objects.get(pk=section.pk)
    editing.save_section(user=editor, section=section, departments=[second], changed=False)
    client.force_login(editor)
    page = client.get(f"/admin/reports/annualreport/{draft.pk}/timeline/").content.decode()
    # Newest first: replacing one department by another is a removal, then an addition.
    added_second = page.index("<b>责任部门</b>:<ins>合成乙局</ins>")
    removed_first = page.index("<b>责任部门</b>:<del>合成甲局</del>")
    added_first = page.index("<b>责任部门</b>:<ins>合成甲局</ins>")
    assert added_second < removed_first < added_first


def test_reverting_a_section_brings_back_its_departments_of_that_version(editor, draft):
    from ..factories import make_department

    first, second = make_department("合成甲局"), make_department("合成乙局")
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    editing.save_section(user=editor, section=section, departments=[first])
    kept = Section.history.filter(id=section.pk).first()  # the version naming 合成甲局
    section = Section.objects.get(pk=section.pk)
    section.body = "合成:后来改写的正文。"
    editing.save_section(user=editor, section=section, departments=[second])
    section = Section.objects.get(pk=section.pk)
    restore.revert_to(user=editor, record=kept, loaded_version=section.version)
    section = Section.objects.get(pk=section.pk)
    assert [d.name for d in section.departments.all()] == ["合成甲局"]
    assert section.body == ""
