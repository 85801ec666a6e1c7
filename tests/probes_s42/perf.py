"""Probe disclosures printing 绩效目标表 (performance target tables) as ruled grids, the way
offices lay them out under 财预〔2020〕10号: a 项目资金 block merged down its label, level cells
merged down their rows, a 指标性质 | 指标值 | 度量单位 split, values without a comparison sign,
one table listing several projects, a 部门整体 table. Each document is the county disclosure of
probes_s41 (its tables hold by construction) with the performance tables after its tables.

`TABLES[name]` gives what each table prints by construction: project, amounts and indicators
(level1, level2, level3, value as read, basis, weight)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from probes_s41 import figures as F
from probes_s41 import gen, probes
from probes_s41.gen import Grid, Para

D = Decimal


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    level3: str
    value: str          # as the table prints it (a split table: op | figure | unit joined)
    basis: str
    weight: Decimal


@dataclass(frozen=True)
class Table:
    kind: str           # project / department
    project: str | None
    amount: Decimal
    fiscal: Decimal
    other: Decimal
    goal: str
    rows: tuple[Row, ...]


PLAN = Table("project", "国土空间规划编制项目", D("90.00"), D("90.00"), D("0.00"),
             "完成全县12个乡镇国土空间规划编制并通过审查，优化国土空间开发保护格局。", (
                 Row("产出指标", "数量指标", "完成乡镇国土空间规划编制数量", "≥12个", "年度工作计划", D(20)),
                 Row("产出指标", "质量指标", "规划成果审查通过率", "=100%", "规划编制技术规程", D(20)),
                 Row("产出指标", "时效指标", "规划编制完成时限", "≤12月", "年度工作计划", D(10)),
                 Row("产出指标", "成本指标", "单个乡镇规划编制成本", "≤7.5万元", "市场询价", D(10)),
                 Row("效益指标", "社会效益指标", "国土空间开发保护格局", "显著优化", "上级工作要求", D(20)),
                 Row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "历年满意度调查", D(20))))

# the same project's values printed without a comparison sign, as many counties print them
PLAN_BARE = Table("project", "国土空间规划编制项目", D("90.00"), D("90.00"), D("0.00"), PLAN.goal, (
    Row("产出指标", "数量指标", "完成乡镇国土空间规划编制数量", "12个", "年度工作计划", D(20)),
    Row("产出指标", "质量指标", "规划成果审查通过率", "100%", "规划编制技术规程", D(20)),
    Row("产出指标", "时效指标", "规划编制完成时限", "12月底前", "年度工作计划", D(10)),
    Row("产出指标", "成本指标", "单个乡镇规划编制成本", "7.5万元", "市场询价", D(10)),
    Row("效益指标", "社会效益指标", "国土空间开发保护格局", "优", "上级工作要求", D(20)),
    Row("满意度指标", "服务对象满意度指标", "群众满意度", "95%", "历年满意度调查", D(20))))

REGISTRY = Table("project", "不动产登记信息化运维项目", D("60.00"), D("30.00"), D("30.00"),
                 "保障不动产登记信息平台全年稳定运行，提升登记办理效率。", (
                     Row("产出指标", "数量指标", "运维服务器数量", "=8台", "运维合同", D(15)),
                     Row("产出指标", "数量指标", "登记窗口终端数量", "≥20台", "运维合同", D(15)),
                     Row("产出指标", "质量指标", "系统正常运行率", "≥99%", "运维合同", D(20)),
                     Row("产出指标", "时效指标", "故障响应时间", "≤2小时", "运维合同", D(10)),
                     Row("效益指标", "社会效益指标", "登记办理时限压缩", "≤5个工作日", "营商环境要求", D(20)),
                     Row("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%", "满意度调查", D(20))))

DEPARTMENT = Table("department", None, F.ALL, F.ALL - F.BUSINESS, F.BUSINESS,
                   "履行自然资源管理职责，完成国土空间规划、不动产登记和耕地保护年度任务。", (
                       Row("履职效能", "重点工作履行情况", "耕地保护目标完成率", "=100%", "上级考核要求", D(20)),
                       Row("履职效能", "重点工作履行情况", "不动产登记按时办结率", "≥98%", "年度工作计划", D(20)),
                       Row("履职效能", "社会效应", "违法用地案件查处率", "=100%", "执法工作要求", D(10)),
                       Row("管理效率", "预算执行", "预算执行率", "≥95%", "预算管理办法", D(15)),
                       Row("管理效率", "预算管理", "“三公”经费控制率", "≤100%", "预算管理办法", D(10)),
                       Row("管理效率", "资产管理", "固定资产利用率", "≥90%", "资产管理办法", D(5)),
                       Row("满意度", "服务对象满意度", "服务对象满意度", "≥90%", "满意度调查", D(20))))


def _levels(r: Row, level: int) -> tuple[str, ...]:
    return (r.level1, r.level2)[:level + 1]


def _level_merges(rows: list[Row], top: int, cols: tuple[int, int]) -> tuple[list[list[str | None]], list]:
    """Indicator rows with each level printed once, its cell merged down the rows it heads."""
    out, merges = [], []
    for level, col in zip((0, 1), cols):
        start = 0
        for k in range(1, len(rows) + 1):
            if k == len(rows) or _levels(rows[k], level) != _levels(rows[start], level):
                if k - start > 1:
                    merges.append((top + start, col, k - start, 1))
                start = k
    for k, r in enumerate(rows):
        first1 = k == 0 or rows[k - 1].level1 != r.level1
        first2 = first1 or rows[k - 1].level2 != r.level2
        out.append([r.level1 if first1 else None, r.level2 if first2 else None])
    return out, merges


def project_grid(t: Table, split: bool = False, across: bool = False) -> Grid:
    """The national project table: 项目名称, 主管部门 | 实施单位, 项目资金 merged over its three
    amounts, 年度目标, then the indicators under 一级 | 二级 | 三级 | 指标值 | 依据 | 权重.
    split: the value printed as 指标性质 | 指标值 | 度量单位 ("≥ | 95 | %"); across: the three
    amounts' labels side by side, the amounts in the row under them."""
    head = (["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值设定依据", "权重（%）"] if split
            else ["一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "权重（%）"])
    w = len(head)
    pad = [None] * (w - 3)
    meta = [["项目名称", t.project] + [None] * (w - 2),
            ["主管部门", "某县自然资源局", None, "实施单位", "某县自然资源局"] + [None] * (w - 5),
            ["项目资金（万元）", "年度资金总额", f"{t.amount:,.2f}"] + pad,
            [None, "其中：财政拨款", f"{t.fiscal:,.2f}"] + pad,
            [None, "其他资金", f"{t.other:,.2f}"] + pad,
            ["年度目标", t.goal] + [None] * (w - 2)]
    merges = [(0, 1, 1, w - 1), (1, 1, 1, 2), (1, 4, 1, w - 4), (2, 0, 3, 1),
              (2, 2, 1, w - 2), (3, 2, 1, w - 2), (4, 2, 1, w - 2), (5, 1, 1, w - 1)]
    if across:
        meta[2:5] = [["项目资金（万元）", "年度资金总额", "其中：财政拨款", None, "其他资金"] + [None] * (w - 5),
                     [None, f"{t.amount:,.2f}", f"{t.fiscal:,.2f}", None, f"{t.other:,.2f}"] + [None] * (w - 5)]
        merges = [(0, 1, 1, w - 1), (1, 1, 1, 2), (1, 4, 1, w - 4), (2, 0, 2, 1), (2, 2, 1, 2), (3, 2, 1, 2),
                  (2, 4, 1, w - 4), (3, 4, 1, w - 4), (4, 1, 1, w - 1)]
    top = len(meta) + 1
    levels, level_merges = _level_merges(list(t.rows), top, (0, 1))
    body = []
    for lv, r in zip(levels, t.rows):
        if split:
            op, figure, unit = split_value(r.value)
            body.append(lv + [r.level3, op, figure, unit, r.basis, f"{r.weight}"])
        else:
            body.append(lv + [r.level3, r.value, r.basis, f"{r.weight}"])
    return Grid("项目支出绩效目标表", "单位：万元", meta + [head] + body, 0, merges + level_merges)


def split_value(value: str) -> tuple[str | None, str, str | None]:
    """"≥95%" → ("≥", "95", "%"); "显著优化" → (None, "显著优化", None)."""
    m = re.match(r"^([=≥≤><]?)(\d[\d.]*)(.*)$", value)
    if m is None:
        return None, value, None
    return m.group(1) or None, m.group(2), m.group(3) or None


def department_grid(t: Table) -> Grid:
    """The 部门整体支出绩效目标表: 部门名称, 年度预算 with its sources, 年度总体目标, then the
    indicators under 一级 (履职效能, 管理效率 …) | 二级 | 三级 | 指标值 | 依据 | 权重."""
    head = ["一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "权重（%）"]
    w = len(head)
    meta = [["部门名称", "某县自然资源局"] + [None] * (w - 2),
            ["年度预算（万元）", "资金总额", f"{t.amount:,.2f}"] + [None] * (w - 3),
            [None, "其中：财政拨款", f"{t.fiscal:,.2f}"] + [None] * (w - 3),
            [None, "其他资金", f"{t.other:,.2f}"] + [None] * (w - 3),
            ["年度总体目标", t.goal] + [None] * (w - 2)]
    merges = [(0, 1, 1, w - 1), (1, 0, 3, 1), (1, 2, 1, w - 2), (2, 2, 1, w - 2), (3, 2, 1, w - 2),
              (4, 1, 1, w - 1)]
    top = len(meta) + 1
    levels, level_merges = _level_merges(list(t.rows), top, (0, 1))
    body = [lv + [r.level3, r.value, r.basis, f"{r.weight}"] for lv, r in zip(levels, t.rows)]
    return Grid("部门整体支出绩效目标表", "单位：万元", meta + [head] + body, 0, merges + level_merges)


def list_grid(tables: list[Table], repeat: bool = False) -> Grid:
    """One table listing every project: 项目名称 | 资金 | 年度目标 | 一级 | 二级 | 三级 | 指标值 |
    权重, the project's cells merged down its rows (repeat: printed again on each row, unmerged);
    its header row first (repeated on each page)."""
    head = ["项目名称", "项目资金（万元）", "年度目标", "一级指标", "二级指标", "三级指标", "指标值", "权重（%）"]
    rows, merges = [head], []
    for t in tables:
        top = len(rows)
        levels, level_merges = _level_merges(list(t.rows), top, (3, 4))
        for k, (lv, r) in enumerate(zip(levels, t.rows)):
            lead = [t.project, f"{t.amount:,.2f}", t.goal] if k == 0 or repeat else [None, None, None]
            rows.append(lead + lv + [r.level3, r.value, f"{r.weight}"])
        merges += [] if repeat else [(top, c, len(t.rows), 1) for c in range(3)]
        merges += level_merges
    return Grid("项目支出绩效目标表", "单位：万元", rows, 1, merges)


# a long list of projects: the table runs over a page break under its repeated header
MANY = [REGISTRY, PLAN, Table("project", "耕地保护监督检查项目", D("0.00"), D("0.00"), D("0.00"),
                               "完成全县耕地卫片执法检查，耕地保有量不低于上级下达任务。", tuple(
                                   Row("产出指标", "数量指标", f"第{n}片区卫片图斑核查数量", f"≥{100 + n}个",
                                       "年度工作计划", D(10)) for n in range(1, 11)))]

DOCS = {
    # Word with merged 项目资金 and level cells, printed to PDF by LibreOffice
    "merged-pdf": ([PLAN, REGISTRY], "pdf"),
    "merged-docx": ([PLAN, REGISTRY], "docx"),
    # values printed as 指标性质 | 指标值 | 度量单位
    "split-pdf": ([PLAN], "pdf-split"),
    "split-docx": ([PLAN], "docx-split"),
    # 年度资金总额 | 其中：财政拨款 | 其他资金 side by side, the amounts under them
    "across-pdf": ([PLAN, REGISTRY], "pdf-across"),
    "across-docx": ([PLAN, REGISTRY], "docx-across"),
    # values without a comparison sign
    "bare-pdf": ([PLAN_BARE], "pdf"),
    # one table listing several projects, over two pages, its header repeated
    "list-pdf": (MANY, "pdf-list"),
    "list-docx": ([PLAN, REGISTRY], "docx-list"),
    "list-repeated-docx": ([PLAN, REGISTRY], "docx-list-repeated"),
    # a workbook with the project tables on their own sheets
    "sheet-xlsx": ([PLAN, REGISTRY], "xlsx"),
    # the 部门整体 table
    "department-pdf": ([DEPARTMENT], "pdf"),
}


def blocks(name: str, part: bool = False) -> list:
    """part: the performance tables under a part heading of their own (第四部分 绩效目标表),
    else right after the budget tables, in their part."""
    tables, form = DOCS[name]
    out = probes.blocks("county-docx")
    if part:
        out.append(Para("第四部分 绩效目标表", heading=True))
    if "-list" in form:
        return out + [list_grid(tables, repeat=form.endswith("repeated"))]
    for t in tables:
        out.append(department_grid(t) if t.kind == "department" else
                   project_grid(t, split=form.endswith("split"), across=form.endswith("across")))
    return out


def build(name: str, folder: Path, part: bool = False) -> Path:
    form = DOCS[name][1]
    b = blocks(name, part)
    stem = f"{name}-part" if part else name
    if form == "xlsx":
        return as_text(gen.write_xlsx(b, folder / f"{stem}.xlsx"))
    docx = gen.write_docx(b, folder / f"{stem}.docx", repeat_header="-list" in form)
    return gen.to_pdf(docx, folder) if form.startswith("pdf") else docx


def as_text(path: Path) -> Path:
    """The workbook with its values that start with "=" ("=100%") stored as text, as a cell typed
    so prints them (openpyxl writes them as formulas)."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(path)
    return path
