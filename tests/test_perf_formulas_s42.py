"""绩效目标表 values typed with a leading "=" on a workbook sheet ("=100%", "=8台"): Excel and
WPS take them for formulas. The probe county disclosure's project tables (tests/probes_s42/perf.py)
on sheets of their own, those two values written as formulas, in the forms a file holds them:

- as Excel saves them: "=100%" calculated (cached 1, shown 100% by its format 0%), "=8台" an
  invalid formula showing #NAME?;
- as a program writes them (openpyxl): formulas without a result.

What a reader of the printed sheet sees is read: 100% (the "=" was the typist's, not printed;
a bare figure is the value to reach, as "=100%" says). A value the sheet does not show, an error
or a formula never calculated, is not read and is said by sheet, cell and the formula as typed."""

from __future__ import annotations

import re
import zipfile

import pytest
from probes_s41 import gen
from probes_s42 import perf

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.readers.workbook import formula_cells


def written(folder) -> str:
    """The probe workbook as openpyxl writes it: "=100%" and "=8台" formulas without a result."""
    return gen.write_xlsx(perf.blocks("sheet-xlsx"), folder / "formulas.xlsx")


def excel_saved(path):
    """The workbook as Excel saves it once its cells are typed: "=100%" formatted 0% with its
    result 1, "=8台" an error cell showing #NAME?, nothing left to calculate on opening."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "=100%":
                    cell.number_format = "0%"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            data = data.replace(b"<f>100%</f><v></v>", b"<f>100%</f><v>1</v>")
            data = re.sub(rb'<c (r="[A-Z]+\d+")([^>]*)><f>8&#21488;</f><v></v>',
                          rb'<c \1\2 t="e"><f>8&#21488;</f><v>#NAME?</v>', data)
        parts[name] = data
    parts["xl/workbook.xml"] = re.sub(rb'\sfullCalcOnLoad="1"', b"", parts["xl/workbook.xml"])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def values(disc) -> list[list[str | None]]:
    return [[i.value for i in t.indicators] for t in disc.narrative.performance]


def built(*tables: perf.Table) -> list[list[str | None]]:
    return [[r.value for r in t.rows] for t in tables]


def unread_said(disc) -> list[tuple[str, str]]:
    return [(i.provenance.ref, i.message) for i in disc.issues if i.code == "performance-cell-unread"]


def test_values_typed_as_formulas_in_excel_read_as_the_sheet_shows(tmp_path):
    disc = parse(excel_saved(written(tmp_path)))
    plan, registry = built(perf.PLAN, perf.REGISTRY)
    # "=100%" shows 100%: read so, the value to reach; "=8台" shows #NAME?: not read, and said
    assert values(disc) == [[v if v != "=100%" else "100%" for v in plan], [None, *registry[1:]]]
    target = disc.narrative.performance[0].indicators[1].target
    assert (target.op, target.number, target.unit) == ("=", 100, "%")
    said = ("项目“不动产登记信息化运维项目”绩效目标表指标“运维服务器数量”的指标值（表10!D11）是公式 =8台，"
            "显示错误值 #NAME?，未读取；如 =8台 是要填写的内容，请将该单元格设为文本格式后重新录入")
    assert unread_said(disc) == [("表10!D11", said)]
    # the weights are read as ever: each table's sum checked
    report = check(disc)
    o = next(o for o in report.outcomes if o.rule == "P-WEIGHT-SUM")
    assert (o.status, o.checked) == ("pass", 2)


def test_values_written_as_formulas_without_results_are_said_not_read(tmp_path):
    disc = parse(written(tmp_path))
    plan, registry = built(perf.PLAN, perf.REGISTRY)
    assert values(disc) == [[v if v != "=100%" else None for v in plan], [None, *registry[1:]]]
    assert [ref for ref, _ in unread_said(disc)] == ["表9!D12", "表10!D11"]
    assert unread_said(disc)[0][1] == (
        "项目“国土空间规划编制项目”绩效目标表指标“规划成果审查通过率”的指标值（表9!D12）是公式 =100%，"
        "文件中没有保存其计算结果，未读取；如 =100% 是要填写的内容，请将该单元格设为文本格式后重新录入")


def test_values_stored_as_text_are_read_as_typed_and_not_said(tmp_path):
    # near miss: "=100%" and "=8台" typed as text (a leading ' or a cell formatted 文本)
    disc = parse(perf.as_text(written(tmp_path)))
    assert values(disc) == built(perf.PLAN, perf.REGISTRY)
    assert unread_said(disc) == []


def test_an_unread_value_in_the_last_column_keeps_the_row_in_its_columns(tmp_path):
    """A table printing 指标值 last: the unread cell is no empty one, so the row's cells are not
    shifted right under the header (its levels read as the value's column would be)."""
    import openpyxl
    path = written(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["表10"]
    ws.delete_cols(5, 2)                   # 依据 and 权重 gone: 指标值 is the last column
    wb.save(path)
    disc = parse(path)
    registry = disc.narrative.performance[1]
    first = registry.indicators[0]
    assert (first.level1, first.level2, first.level3, first.value) == ("产出指标", "数量指标", "运维服务器数量", None)
    assert [ref for ref, _ in unread_said(disc)] == ["表9!D12", "表10!D11"]


def test_a_workbook_after_another_file_of_the_bundle_keeps_its_formulas(tmp_path):
    # the workbook's lines numbered after the cover's: its formulas follow them
    cover = tmp_path / "封面.txt"
    cover.write_text("某县自然资源局\n2026年部门预算公开\n\n目录\n", encoding="utf-8")
    path = excel_saved(written(tmp_path))
    disc = parse(cover, path)
    [(ref, message)] = unread_said(disc)
    assert ref == "表10!D11" and "是公式 =8台，显示错误值 #NAME?，未读取" in message
    alone = next(i for i in parse(path).issues if i.code == "performance-cell-unread")
    said = next(i for i in disc.issues if i.code == "performance-cell-unread")
    assert (said.provenance.file, said.provenance.line) == (str(path), alone.provenance.line)


@pytest.mark.parametrize("xml, texts", [
    (b'<c r="D5" t="e"><f>8&#21488;</f><v>#NAME?</v></c>', {(4, 3): "=8台"}),
    (b'<c r="D5"><f>100%</f><v></v></c>', {(4, 3): "=100%"}),
    (b'<c r="D5" t="e"><f>&quot;&gt;=&quot;+1</f><v>#VALUE!</v></c>', {(4, 3): '=">="+1'}),
    # a shared formula's other cells hold no text of it; a calculated one is no unread cell
    (b'<c r="D6"><f t="shared" si="0"/><v></v></c>', {}),
    (b'<c r="D5" s="1"><f>100%</f><v>1</v></c>', {}),
    (b'<c r="B4"><f>SUM(B2:B3)</f><v>120.5</v></c>', {}),
])
def test_the_formula_of_an_unread_cell_is_kept(xml, texts):
    found = formula_cells(b"<sheetData><row>" + xml + b"</row></sheetData>", stale=False)
    assert (found.texts if found else {}) == texts
