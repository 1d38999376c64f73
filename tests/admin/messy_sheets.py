"""A corpus of spreadsheets made the way departments really fill them in, each with the outcome
the import must give: the figures read, or the refusal naming sheet, Excel row and column.

Every file is generated here (synthetic 测试 figures), so the corpus needs no binary fixtures.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

HEADER = ["年度", "指标代码", "指标名称", "单位", "部门", "数值", "限定", "原文数字"]
LAW = "市政府法制办"


@dataclass
class Case:
    name: str
    data: bytes
    figures: dict = field(default_factory=dict)  # (code, department or None) → (value, qualifier)
    refused: tuple[str, ...] = ()  # each must appear among the messages
    warned: tuple[str, ...] = ()
    before: object = None  # callable run before the import (another user's figure...)


def row(code, value, department=LAW, unit="件", qualifier="", source=""):
    return [2018, code, "", unit, department, value, qualifier, source]


def xlsx(*sheets, merges=(), percent_cells=(), formulas=()):
    """sheets: (title, rows) pairs; merges: ranges on the last sheet like "E2:E6"."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for coordinate in percent_cells:
        sheet[coordinate].number_format = "0%"
    for coordinate, formula in formulas:
        sheet[coordinate] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(rows, delimiter=",", encoding="utf-8-sig"):
    lines = [delimiter.join("" if c is None else str(c) for c in values) for values in rows]
    return "\r\n".join(lines).encode(encoding)


def xls(rows, merges=()):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("数据")
    merged = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in merges}
    skip = {(r, c) for (r0, c0), (r1, c1) in merged.items() for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)} - set(merged)  # fmt: skip
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if (r, c) in merged:
                r1, c1 = merged[(r, c)]
                sheet.write_merge(r, r1, c, c1, value)
            elif (r, c) not in skip and value not in (None, ""):
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(rows: int, header=False) -> bytes:
    """A small XLSX whose one sheet unpacks to ``rows`` one-cell rows (rows without numbers,
    as Excel allows, so that they compress to almost nothing)."""
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info, source.read(info))
                continue
            with zf.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                if header:
                    sheet.write(
                        (
                            "<row>"
                            + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
                            + "</row>"
                        ).encode()
                    )
                chunk = []
                for _number in range(rows):
                    chunk.append(b"<row><c><v>1</v></c></row>")
                    if len(chunk) == 10000:
                        sheet.write(b"".join(chunk))
                        chunk = []
                sheet.write(b"".join(chunk) + b"</sheetData></worksheet>")
    return out.getvalue()


def cases() -> list[Case]:
    filler = [row("review.accepted", 6), row("review.closed", 5), row("review.pending", 1)]
    corpus = [
        Case(
            "same figure twice with different values: both rows named",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        *filler,
                        row("normative.filed", 60),
                        row("contracts.reviewed", 23),
                        row("review.applications", 705),
                        row("review.mediated", 4),
                        row("decisions.legality-reviews", 47),
                        [],
                        row("review.closed", 5),
                        row("review.applications", 777),
                    ],
                )
            ),  # fmt: skip
            refused=("工作表“数据”第12行与第7行是同一指标同一部门(705/777)",),
        ),
        Case(
            "identical copies count once",
            xlsx(
                ("数据", [HEADER, row("review.applications", 12), row("review.applications", 12)])
            ),
            figures={("review.applications", LAW): (Decimal(12), "exact")},
        ),
        Case(
            "部门 merged over five rows fills each row",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("review.applications", 10),
                        row("review.mediated", 4, ""),
                        row("review.accepted", 6, ""),
                        row("review.closed", 5, ""),
                        row("review.pending", 1, ""),
                    ],
                ),
                merges=["E2:E6"],
            ),  # fmt: skip
            figures={
                ("review.applications", LAW): (Decimal(10), "exact"),
                ("review.pending", LAW): (Decimal(1), "exact"),
            },
        ),
        Case(
            "300余个 in 原文数字 with 数值 empty",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row(
                            "approval.center-departments",
                            "",
                            "行政审批服务中心",
                            "个",
                            "",
                            "300余个",
                        ),
                    ],
                )
            ),
            figures={
                ("approval.center-departments", "行政审批服务中心"): (Decimal(300), "more_than")
            },
        ),
        Case(
            "95% and a 0%-formatted 0.95 for a % indicator",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("test.rate", "95%", LAW, "%"),
                        row("test.rate", 0.95, "住建局", "%"),
                    ],
                ),
                percent_cells=["F3"],
            ),  # fmt: skip
            figures={
                ("test.rate", LAW): (Decimal(95), "exact"),
                ("test.rate", "住建局"): (Decimal(95), "exact"),
            },
        ),
        Case(
            "a fraction on a count unit",
            xlsx(("数据", [HEADER, row("review.applications", "12.5件")])),
            refused=("工作表“数据”第2行 F列“数值”:“12.5件”不是整数",),
        ),
        Case(
            "0.3个 refused",
            text([HEADER, row("approval.center-departments", "0.3", "行政审批服务中心", "个")]),
            refused=("第2行 F列“数值”:“0.3”不是整数",),
        ),
        Case(
            "rows counted as Excel counts them, blank rows included",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        *filler,
                        row("review.applications", 3),
                        [],
                        [],
                        *[
                            row(c, 1, LAW, unit)
                            for c, unit in (
                                ("normative.filed", "件"),
                                ("contracts.reviewed", "件"),
                                ("decisions.legality-reviews", "件"),
                                ("staffing.legal-office-staff", "人"),
                                ("approval.center-items", "项"),
                            )
                        ],
                        row("review.mediated", -1),
                    ],
                )
            ),  # fmt: skip
            refused=("工作表“数据”第13行 F列“数值”:数值不能为负数(-1)",),
        ),
        Case(
            "a title row above the header, 填表说明 and 填表人 below the data",
            xlsx(
                (
                    "Sheet1",
                    [
                        ["2018年度法治政府建设数据采集表(市司法局)"],
                        HEADER,
                        row("review.applications", 12),
                        [],
                        ["填表说明:数值请填写阿拉伯数字"],
                        ["1.如无此项请留空"],
                        ["填表人:张三", None, None, None, "联系电话:1234"],
                    ],
                )
            ),  # fmt: skip
            figures={("review.applications", LAW): (Decimal(12), "exact")},
        ),
        Case(
            "an instructions sheet before the data sheet; messages name the data sheet",
            xlsx(
                ("填表说明", [["请按下列要求填写"], ["数值填阿拉伯数字"]]),
                ("数据", [HEADER, row("review.applications", 12), row("review.mediated", "很多")]),
            ),
            refused=("工作表“数据”第3行 F列“数值”:“很多”不是数字",),
        ),
        Case(
            "a two-row header under merged cells",
            xlsx(
                (
                    "数据",
                    [
                        ["年度", "指标", None, "单位", "部门", "填报", None, None],
                        [None, "指标代码", "指标名称", None, None, "数值", "限定", "原文数字"],
                        row("review.applications", 12),
                    ],
                ),
                merges=["A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:H1"],
            ),  # fmt: skip
            figures={("review.applications", LAW): (Decimal(12), "exact")},
        ),
        Case(
            "a tab-separated .csv",
            text([HEADER, row("review.applications", 12)], delimiter="\t"),
            figures={("review.applications", LAW): (Decimal(12), "exact")},
        ),
        Case(
            "Excel's Unicode text (UTF-16 with tabs)",
            text([HEADER, row("review.applications", "约12")], delimiter="\t", encoding="utf-16"),
            figures={("review.applications", LAW): (Decimal(12), "about")},
        ),
        Case(
            "GB18030 CSV with * and (必填) in the column names, a 合计 row",
            text(
                [
                    ["*年度", "指标代码(必填)", "指标名称", "单位", "部门", "数值(必填)"],
                    [2018, "review.applications", "", "件", LAW, 3],
                    [2018, "review.mediated", "", "件", LAW, 4],
                    ["", "", "合计", "", "", 7],
                ],
                encoding="gb18030",
            ),  # fmt: skip
            figures={("review.applications", LAW): (Decimal(3), "exact")},
        ),
        Case(
            "a formula in 指标名称 is fine, in 数值 it is refused with its cell",
            xlsx(
                ("数据", [HEADER, row("review.applications", 12), row("review.mediated", 1)]),
                formulas=[("C2", "=VLOOKUP(B2,Sheet2!A:B,2,0)"), ("F3", "=SUM(F2:F2)")],
            ),
            refused=("工作表“数据”第3行 F列“数值”是公式(=SUM(F2:F2))",),
        ),
        Case(
            "numbers as people write them",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("review.applications", "１，２３４"),
                        row("review.mediated", "10件"),
                        row("review.accepted", "近3万"),
                        row("review.closed", "—"),
                        row("review.pending", "无"),
                        row("normative.filed", "50左右"),
                        row("test.funds", "3.2万", LAW, "万元"),
                        row("contracts.reviewed", 7, LAW, "件", "余(多于)"),
                        [
                            datetime(2018, 1, 1),
                            "decisions.legality-reviews",
                            "",
                            "件",
                            LAW,
                            "3.2万",
                        ],
                    ],
                )
            ),  # fmt: skip
            figures={
                ("review.applications", LAW): (Decimal(1234), "exact"),
                ("review.mediated", LAW): (Decimal(10), "exact"),
                ("review.accepted", LAW): (Decimal(30000), "nearly"),
                ("review.closed", LAW): None,  # — is blank: nothing written
                ("review.pending", LAW): None,
                ("normative.filed", LAW): (Decimal(50), "about"),
                ("test.funds", LAW): (Decimal("3.2"), "exact"),
                ("contracts.reviewed", LAW): (Decimal(7), "more_than"),
                ("decisions.legality-reviews", LAW): (Decimal(32000), "exact"),
            },
        ),
        Case(
            "too many decimals, a wrong unit, a percent on a count",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("test.funds", "1.234", LAW, "万元"),
                        row("review.mediated", "10人"),
                        row("review.accepted", "95%"),
                    ],
                )
            ),  # fmt: skip
            refused=(
                "第2行 F列“数值”:“1.234”的小数超过2位",
                "第3行 F列“数值”:“10人”的单位“人”与指标的单位“件”不一致",
                "第4行 F列“数值”:“95%”是百分数,而该指标的单位是“件”",
            ),
        ),
        Case(
            "a department's 简称 is accepted; an unknown name gets the closest",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("review.applications", 12, "法制办"),
                        row("review.mediated", 4, "市法制办"),
                    ],
                )
            ),
            refused=("第3行 E列“部门”:部门“市法制办”不存在,是否为“市政府法制办”?",),
        ),
        Case(
            "a whole sheet sent back with only the department's rows filled",
            xlsx(
                (
                    "数据",
                    [
                        HEADER,
                        row("review.applications", 12),
                        row("review.mediated", "", "住建局"),
                        row("review.accepted", "", "不存在的部门"),
                        row("review.closed", "", LAW),
                    ],
                )
            ),  # fmt: skip
            figures={
                ("review.applications", LAW): (Decimal(12), "exact"),
                ("review.closed", LAW): None,
            },
        ),
        Case(
            "a department writes its name on a whole-government row",
            xlsx(
                (
                    "数据",
                    [HEADER, row("leadership.party-committee-sessions", 2, "市政府办公室", "次")],
                )
            ),
            figures={
                ("leadership.party-committee-sessions", "市政府办公室"): (Decimal(2), "exact")
            },
            warned=("第2行 E列“部门”:该指标是全市合计数(部门为空)",),
        ),
        Case(
            "a second department adds a figure another already gave",
            xlsx(("数据", [HEADER, row("review.applications", 9, "住建局")])),
            before=lambda report, other: _stored(report, "review.applications", LAW, 10, other),
            figures={("review.applications", "住建局"): (Decimal(9), "exact")},
            warned=("可能重复计算",),
        ),
        Case(
            "overwriting a figure someone else set shows who set it",
            xlsx(("数据", [HEADER, row("review.applications", 11)])),
            before=lambda report, other: _stored(report, "review.applications", LAW, 10, other),
            figures={("review.applications", LAW): (Decimal(11), "exact")},
            warned=("将把“市政府法制办”的“行政复议申请”由“10件”改为“11件”;原值由reviewer于",),
        ),
        Case(
            "an Excel 97-2003 file with merged 部门",
            xls(
                [HEADER, row("review.applications", 10), row("review.mediated", 4, "")],
                merges=[(1, 2, 4, 4)],
            ),
            figures={("review.mediated", LAW): (Decimal(4), "exact")},
        ),
        Case(
            "an OLE2 file that is not a readable workbook",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            refused=("这是Excel 97-2003或WPS表格文件,但无法读取",),
        ),
        Case(
            "no header anywhere",
            xlsx(("说明", [["请填写"]]), ("Sheet2", [["a", "b"], [1, 2]])),
            refused=("找不到列名行", "说明、Sheet2"),
        ),
    ]
    return corpus


def _stored(report, code, department, value, user):
    from reports.models import Department, IndicatorDefinition, IndicatorValue

    figure = IndicatorValue(
        report=report,
        definition=IndicatorDefinition.objects.get(code=code),
        department=Department.objects.get(name=department),
        value=value,
        qualifier="exact",
    )
    figure._history_user = user
    figure.save()
