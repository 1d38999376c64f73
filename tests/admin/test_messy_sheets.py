"""The import reads spreadsheets as departments really send them (see messy_sheets.py): each
file of the corpus is read right, or refused naming sheet, Excel row and column; none writes
wrong data. Also: ten departments' files round trip, and a corrected file re-imported."""

import time
import tracemalloc

import pytest

from reports.importexport.collection_sheet import collection_sheet_xlsx
from reports.importexport.reading import MAX_ROWS, SpreadsheetError, read_table
from reports.importexport.values import IndicatorValueResource
from reports.models import Department, IndicatorCategory, IndicatorDefinition, IndicatorValue

from .messy_sheets import HEADER, bomb, cases, row, xlsx

pytestmark = pytest.mark.django_db

CASES = cases()


@pytest.fixture
def synthetic_indicators(seed_report):
    category = IndicatorCategory.objects.first()
    IndicatorDefinition.objects.create(
        code="test.rate", name="测试比率", unit="%", category=category
    )
    IndicatorDefinition.objects.create(
        code="test.funds", name="测试经费", unit="万元", category=category
    )


def run_import(data, user, name="上报.xlsx"):
    """What the admin's confirm step does; returns (messages, warnings)."""
    try:
        dataset = read_table(data)
    except SpreadsheetError as error:
        return [str(error)], []
    result = IndicatorValueResource().import_data(
        dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
        file_name=name,
        note="",
    )
    return result.clerk_errors, getattr(result, "clerk_warnings", [])


def stored(report):
    return {
        (v.definition.code, v.department.name if v.department else None): (v.value, v.qualifier)
        for v in IndicatorValue.objects.filter(report=report).select_related(
            "definition", "department"
        )
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus(case, draft_2018, synthetic_indicators, editor, reviewer):
    if case.before:
        case.before(draft_2018, reviewer)
    before = stored(draft_2018)
    errors, warnings = run_import(case.data, editor)
    after = stored(draft_2018)
    if case.refused:
        for message in case.refused:
            assert any(message in line for line in errors), (message, errors)
        assert after == before  # nothing written
        for line in errors:
            assert "null" not in line and "Error" not in line
        return
    assert errors == []
    for key, expected in case.figures.items():
        if expected is None:
            assert key not in after or after[key] == before.get(key)
        else:
            assert after[key] == (expected[0], expected[1]), key
    for message in case.warned:
        assert any(message in line for line in warnings), (message, warnings)
    if not case.warned:
        assert warnings == []


def test_a_spreadsheet_bomb_is_refused_quickly_in_little_memory():
    data = bomb(4_000_000)
    assert len(data) < 512 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="文件解压后达.*超过上限"):
        read_table(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024 and time.perf_counter() - started < 30


def test_rows_beyond_the_cap_are_refused_before_they_are_parsed():
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="表格超过100,000行,请拆分后分批导入"):
        read_table(bomb(MAX_ROWS + 1, header=True))
    assert time.perf_counter() - started < 30


def test_ten_departments_round_trip_and_a_corrected_reimport(draft_2018, editor):
    names = ["市政府法制办", "住建局", "交通运输局", "市场监管局", "市政府办公室", "行政审批服务中心",
             "各乡镇人民政府", "测试一局", "测试二局", "测试三局"]  # fmt: skip
    for extra in names[7:]:
        Department.objects.create(name=extra, short_name=extra)
    codes = list(IndicatorDefinition.objects.filter(unit="件").values_list("code", flat=True)[:6])
    sheet = read_table(collection_sheet_xlsx(draft_2018))
    assert list(sheet.headers[:5]) == ["年度", "指标代码", "指标名称", "单位", "部门"]
    expected = {}
    for number, name in enumerate(names, start=1):
        rows = [HEADER] + [row(code, number * 10 + i, name) for i, code in enumerate(codes)]
        errors, _warnings = run_import(xlsx(("数据", rows)), editor, f"{name}.xlsx")
        assert errors == []
        expected.update({(code, name): number * 10 + i for i, code in enumerate(codes)})
    assert {k: v for k, (v, _q) in stored(draft_2018).items()} == expected
    # 住建局 corrects one figure and sends the whole file again.
    rows = [HEADER] + [row(code, 20 + i, "住建局") for i, code in enumerate(codes)]
    rows[1][5] = 99
    errors, warnings = run_import(xlsx(("数据", rows)), editor, "住建局-更正.xlsx")
    assert errors == [] and warnings == []
    value = IndicatorValue.objects.get(
        report=draft_2018, definition__code=codes[0], department__name="住建局"
    )
    assert value.value == 99
    assert [h.history_change_reason for h in value.history.all()] == [
        "导入文件“住建局-更正.xlsx”",
        "导入文件“住建局.xlsx”",
    ]
