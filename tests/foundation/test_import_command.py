"""manage.py import_report_text: what the office runs on a report's text."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import AnnualReport, Section, WorkflowAction, WorkflowEvent

from ..conftest import SEED_TEXT

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_report_text", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_the_seed_text_as_a_draft_and_reports_what_it_found():
    out, _ = run(SEED_TEXT)
    assert "章节:一级 8 个,二级 32 个,三级 2 个" in out
    assert "数字(候选指标):60 个" in out
    assert "3万余人次" in out
    report = AnnualReport.objects.get(year=2017)
    assert report.status == "draft"
    assert report.issuing_office == "市政府法制办"
    assert report.government == "五常市人民政府"
    assert Section.objects.filter(report=report).count() == 42
    event = report.workflow_events.get()
    assert event.action == "created" and event.user is None  # run by the server's operator


def test_dry_run_prints_the_outline_and_saves_nothing():
    out, _ = run(SEED_TEXT, "--dry-run")
    assert "一、法治政府建设的组织领导和推进保障" in out
    assert "  1.加强法治政府建设的组织领导" in out
    assert "未保存任何内容" in out
    assert not AnnualReport.objects.exists()


def test_gb18030_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(
        "测试市2030年度法治政府建设情况报告\n一、加强领导\n1.健全机制。办理案件5件。\n".encode(
            "gb18030"
        )
    )
    out, _ = run(path)
    report = AnnualReport.objects.get(year=2030)
    assert report.title == "测试市2030年度法治政府建设情况报告"
    assert Section.objects.get(report=report, number="1.").body == "办理案件5件。"


def test_missing_file():
    with pytest.raises(CommandError, match="文件不存在"):
        run("/nonexistent/report.txt")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="文件为空"):
        run(path)


def test_binary_file(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03binary" * 20)
    with pytest.raises(CommandError, match="不是文本文件"):
        run(path)
    assert not AnnualReport.objects.exists()


def test_text_without_numbering_is_imported_as_one_section_with_a_warning(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(
        "测试市2030年度法治政府建设情况报告\n全年依法行政工作稳步推进。\n", encoding="utf-8"
    )
    _, err = run(path)
    assert "未识别到任何编号" in err
    assert Section.objects.get().title == "全年依法行政工作稳步推进。"


def test_a_year_that_already_has_a_report_is_refused_and_nothing_is_written():
    run(SEED_TEXT)
    before = Section.objects.count()
    with pytest.raises(CommandError, match="2017年度已有报告,未写入任何内容"):
        run(SEED_TEXT)
    assert AnnualReport.objects.count() == 1
    assert Section.objects.count() == before


def test_year_and_title_can_be_given(tmp_path):
    path = tmp_path / "untitled.txt"
    path.write_text("一、加强领导\n1.健全机制。\n", encoding="utf-8")
    with pytest.raises(CommandError, match="无法确定报告年度"):
        run(path)
    run(path, "--year", "2029", "--title", "测试市2029年度法治政府建设情况报告")
    assert AnnualReport.objects.get(year=2029).title == "测试市2029年度法治政府建设情况报告"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "0"], "报告年度0不在1949至2200之间"),
        (["--year", "1800"], "报告年度1800不在1949至2200之间"),
        (["--year", "99999"], "报告年度99999不在1949至2200之间"),
        (["--year", "二〇二一"], "--year 应为四位数的年度"),
        (["--title", "长" * 201], "标题有201个字,超过上限200个字"),
    ],
)
def test_bad_options_get_a_clear_message_and_nothing_is_written(args, message):
    with pytest.raises(CommandError, match=message):
        run(SEED_TEXT, *args)
    assert not AnnualReport.objects.exists()


def test_the_import_is_recorded_in_the_report_history():
    run(SEED_TEXT)
    event = WorkflowEvent.objects.get(report__year=2017)
    assert event.action == WorkflowAction.CREATED and event.user is None


def test_furniture_is_listed_as_removed(tmp_path):
    out, _ = run(SEED_TEXT, "--dry-run")
    assert "已删除的页面信息(栏目导航):您现在的位置" in out
    assert "已删除的页面信息(栏目名称):依法行政" in out


def test_an_implausibly_large_text_is_warned_about(tmp_path):
    path = tmp_path / "huge.txt"
    line = "全年依法办理各类行政复议案件,依法纠正违法或不当行政行为。\n"
    path.write_text(
        "测试市2030年度法治政府建设情况报告\n一、工作\n" + line * 8000, encoding="utf-8"
    )
    _, err = run(path, "--dry-run")
    assert "远超一份年度报告的常见篇幅" in err


def test_attachments_are_saved_after_the_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "测试市2030年度法治政府建设情况报告\n一、加强领导\n全年办理案件5件。\n测试市人民政府\n"
        "2031年1月5日\n附件1\n序号 单位 件数\n1 市司法局 5\n",
        encoding="utf-8",
    )
    run(path)
    report = AnnualReport.objects.get(year=2030)
    assert report.closing == "测试市人民政府\n2031年1月5日"
    last = Section.objects.filter(report=report, parent=None).order_by("position").last()
    assert (last.title, last.body) == ("附件1", "序号 单位 件数\n1 市司法局 5")
