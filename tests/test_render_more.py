"""The finance officer's form (`budgetlens form`), filled and rendered; `--prior` through the
CLI; read back with the project's own readers and checked. Every expected figure is written
here by hand, never taken from the parser."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.checks import check
from budgetlens.cli.main import app
from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.render.form import read_form

FORMATS = ["html", "docx", "xlsx", "pdf"]
TEMPLATE = "xj-dept-budget-2025"
UNIT, YEAR = "示例县数据管理局", 2026

# A small budget whose sums are right, in 万元. Function rows: code, name, basic, project.
FUNCTIONS = [("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
             ("2010301", "行政运行", D("80.00"), D(0)), ("2010302", "一般行政管理事务", D(0), D("20.00")),
             ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金", D("10.00"), D(0))]
# economic rows of the basic spending: code, name, 人员经费, 公用经费 (total 90.00 = 70.00 + 20.00)
ECONOMIC = [("301", "工资福利支出"), ("30101", "基本工资", D("50.00"), D(0)), ("30102", "津贴补贴", D("10.00"), D(0)),
            ("30113", "住房公积金", D("10.00"), D(0)), ("302", "商品和服务支出"),
            ("30201", "办公费", D(0), D("15.00")), ("30217", "公务接待费", D(0), D("5.00"))]
PROJECT = ("2010302", "一般行政管理事务", "政务数据平台运行维护", D("20.00"))   # all 商品和服务支出
THREE_PUBLIC = {"合计": D("5.00"), "因公出国（境）费": D(0), "公务接待费": D("5.00"), "公务用车购置及运行费": D(0),
                "公务用车购置费": D(0), "公务用车运行费": D(0)}
FUNCTIONS_TEXT = ["负责全县政务数据资源的统筹管理和共享开放。", "承担电子政务基础设施的建设和运行维护工作。"]
OFFICES = ["综合办公室", "数据资源科", "信息安全科"]
STAFF = [12, 11, 9, 2, 0]          # 编制数, 实有人数, 在职, 退休, 离休
ADMIN = D("20.00")                 # 机关运行经费 = 公用经费 of an administrative unit
PROCUREMENT = [D("12.00"), D("8.00"), D(0), D("4.00")]       # 合计, 货物, 工程, 服务


def rolled(col: int) -> dict[str, D]:
    """Every 类/款/项 code's sum of column col (2 basic, 3 project) over the 项 rows."""
    out: dict[str, D] = {}
    for row in FUNCTIONS:
        if len(row) == 4:
            for code in (row[0][:3], row[0][:5], row[0]):
                out[code] = out.get(code, D(0)) + row[col]
    return out


BASIC, PROJ = rolled(2), rolled(3)
TOTAL = {code: BASIC[code] + PROJ[code] for code in BASIC}
ALL_BASIC, ALL_PROJECT = D("90.00"), D("20.00")
ALL = ALL_BASIC + ALL_PROJECT                                  # 110.00, all 一般公共预算


def column(ws, label: str) -> int:
    """The column (1-based) whose header cell (sheet rows 4–5) reads label; the lower row first."""
    for r in (5, 4):
        for c in range(2, ws.max_column + 1):         # (column A holds the body's 合计 label)
            if ws.cell(r, c).value == label:
                return c
    raise KeyError(label)


def row_of(ws, col: int, label: str) -> int:
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, col).value == label:
            return r
    raise KeyError(label)


def free_row(ws, col: int, label: str) -> int:
    """The first body row whose label cell is empty, above the side's closing rows."""
    start = row_of(ws, 1, "合计") + 1 if col == 1 and any(ws.cell(r, 1).value == "合计" for r in range(4, 8)) else 6
    for r in range(start, ws.max_row + 1):
        if ws.cell(r, col).value in (None, ""):
            ws.cell(r, col).value = label
            return r
    raise AssertionError("no free row")


def sheet(wb, number: int):
    return next(ws for ws in wb.worksheets if ws.title.startswith(f"表{number}") and not ws.title[len(f"表{number}")].isdigit())


def put(ws, r: int, values: dict[str, D]) -> None:
    for label, amount in values.items():
        ws.cell(r, column(ws, label)).value = float(amount)


def coded(ws, code: str, name: str) -> int:
    r = free_row(ws, 1, code)
    ws.cell(r, 2).value = name
    return r


def fill(path: Path, out: Path, total_error: D = D(0), prior_sheet: bool = True, edit=None) -> None:
    """The blank form filled with the budget above; total_error is added to 表3's 合计 row;
    edit(workbook) changes it before it is saved."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    overview(wb["概况"])
    prior = wb["上年数"]
    for r in range(1, prior.max_row + 1):
        value = PRIOR.get(prior.cell(r, 1).value)
        if value is not None and prior_sheet:
            prior.cell(r, 2).value = float(value)
    summary(sheet(wb, 1))
    for n in (2, 3, 5):
        ws = sheet(wb, n)
        cols = {2: lambda c: {"总计": TOTAL[c], "财政拨款（补助）小计": TOTAL[c], "一般公共预算": TOTAL[c]},
                3: lambda c: {"合计": TOTAL[c], "基本支出": BASIC[c], "项目支出": PROJ[c]},
                5: lambda c: {"合计": TOTAL[c], "基本支出": BASIC[c], "项目支出": PROJ[c]}}[n]
        put(ws, row_of(ws, 1, "合计"), {k: sum(v, D(0)) for k, v in totals(cols).items()})
        for code, name, *_ in FUNCTIONS:
            put(ws, coded(ws, code, name), cols(code))
    if total_error:
        ws = sheet(wb, 3)
        ws.cell(row_of(ws, 1, "合计"), column(ws, "合计")).value = float(ALL + total_error)
    fiscal_summary(sheet(wb, 4))
    basic = sheet(wb, 6)
    put(basic, row_of(basic, 1, "合计"), {"合计": ALL_BASIC, "人员经费": D("70.00"), "公用经费": D("20.00")})
    for code, name, *amounts in ECONOMIC:
        personnel = sum((r[2] for r in ECONOMIC if len(r) == 4 and r[0].startswith(code)), D(0))
        public = sum((r[3] for r in ECONOMIC if len(r) == 4 and r[0].startswith(code)), D(0))
        put(basic, coded(basic, code, name), {"合计": personnel + public, "人员经费": personnel, "公用经费": public})
    project = sheet(wb, 7)
    put(project, row_of(project, 1, "合计"), {"项目支出合计": ALL_PROJECT, "商品和服务支出": ALL_PROJECT})
    r = coded(project, PROJECT[0], PROJECT[1])
    project.cell(r, 3).value = PROJECT[2]
    put(project, r, {"项目支出合计": PROJECT[3], "商品和服务支出": PROJECT[3]})
    three = sheet(wb, 10)
    for label, amount in THREE_PUBLIC.items():
        put(three, row_of(three, 1, label), {"合计": amount, "一般公共预算": amount})
    if edit is not None:
        edit(wb)
    wb.save(out)


def totals(cols) -> dict[str, list[D]]:
    classes = [c for c, *_ in FUNCTIONS if len(c) == 3]
    out: dict[str, list[D]] = {}
    for c in classes:
        for k, v in cols(c).items():
            out.setdefault(k, []).append(v)
    return out


def overview(ws) -> None:
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for n, text in enumerate(FUNCTIONS_TEXT, 1):
        ws.cell(rows[f"{n}．"], 2).value = text
    ws.cell(rows["内设机构（用“、”分隔）"], 2).value = "、".join(OFFICES)
    staff = rows["编制数"] + 1
    for c, n in enumerate(STAFF, 1):
        ws.cell(staff, c).value = n
    for label, amount in zip(["机关运行经费", "政府采购预算合计", "其中：货物", "其中：工程", "其中：服务"], [ADMIN, *PROCUREMENT]):
        ws.cell(rows[label], 2).value = float(amount)


def summary(ws) -> None:
    for label in ("一、本年收入", "一般公共预算拨款收入", "收入总计"):
        ws.cell(row_of(ws, 1, label), 2).value = float(ALL)
    for code, name, *_ in FUNCTIONS:
        if len(code) == 3:
            r = free_row(ws, 3, f"{code} {name}")
            ws.cell(r, 4).value = float(TOTAL[code])
    for label in ("本年支出合计", "支出总计"):
        ws.cell(row_of(ws, 3, label), 4).value = float(ALL)


def fiscal_summary(ws) -> None:
    for label in ("一、本年收入", "一般公共预算拨款", "收入总计"):
        ws.cell(row_of(ws, 1, label), 2).value = float(ALL)
    for code, name, *_ in FUNCTIONS:
        if len(code) == 3:
            r = free_row(ws, 3, f"{code} {name}")
            ws.cell(r, 4).value = ws.cell(r, 5).value = float(TOTAL[code])
    for label in ("本年支出合计", "支出总计"):
        r = row_of(ws, 3, label)
        ws.cell(r, 4).value = ws.cell(r, 5).value = float(ALL)


# last year's figures as the 上年数 sheet labels them; the changes worked out by hand:
# 基本支出 90.00 − 100.00 = −10.00, 10.00 / 100.00 = 10.00 % (下降);
# 项目支出 20.00 − 16.00 = 4.00, 4.00 / 16.00 = 25.00 % (增长); 机关运行经费 20.00 − 25.00 = −5.00, 20.00 %
PRIOR = {"基本支出": D("100.00"), "项目支出": D("16.00"), "一般公共预算基本支出": D("100.00"),
         "一般公共预算项目支出": D("16.00"), "机关运行经费": D("25.00")}


def expected_cells() -> set[tuple[str, str, str, D]]:
    """(table kind, code, column key, amount) of every nonzero amount the form was filled with."""
    out = set()
    for kind in ("expenditure", "gpb_expenditure"):
        for code, total in TOTAL.items():
            out |= {(kind, code, "total", total), (kind, code, "basic", BASIC[code]), (kind, code, "project", PROJ[code])}
        out |= {(kind, "", "total", ALL), (kind, "", "basic", ALL_BASIC), (kind, "", "project", ALL_PROJECT)}
    for code, total in TOTAL.items():
        out |= {("income", code, k, total) for k in ("total", "fiscal", "gpb")}
    out |= {("income", "", k, ALL) for k in ("total", "fiscal", "gpb")}
    return {c for c in out if c[3]}


def cells(disc) -> set[tuple[str, str, str, D]]:
    out = set()
    for t in disc.tables:
        if t.kind in ("expenditure", "gpb_expenditure", "income"):
            for r in t.rows:
                out |= {(t.kind, r.classified_code, c.column, c.amount) for c in r.cells if c.amount}
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("form")
    blank = folder / "blank.xlsx"
    result = CliRunner().invoke(app, ["form", TEMPLATE, "-o", str(blank), "--unit", UNIT, "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    filled, wrong = folder / "filled.xlsx", folder / "wrong.xlsx"
    fill(blank, filled)
    fill(blank, wrong, total_error=D("1.00"))
    return blank, filled, wrong


def test_the_filled_form_reads_as_the_figures_written(forms):
    _, filled, _ = forms
    disc = parse(filled)
    assert (disc.meta.unit_name, disc.meta.year, disc.meta.template) == (UNIT, YEAR, TEMPLATE)
    assert cells(disc) == expected_cells()
    errors = [f for f in check(disc).findings if f.severity == "error"]
    assert not [f for f in errors if f.rule.startswith(("ARITH", "T"))], [f.message for f in errors]
    form = read_form(filled)
    assert form.functions == FUNCTIONS_TEXT and form.offices == OFFICES and not form.problems
    assert (form.staffing.authorized, form.staffing.actual, form.staffing.retired.count) == (12, 11, 2)
    assert form.current["admin_operating"] == ADMIN and form.prior["expenditure:basic"] == D("100.00")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_filled_form_renders_in_every_format_and_reads_back(forms, fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    _, filled, _ = forms
    out = tmp_path / f"公开.{fmt}"
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "输入数据不一致" not in result.output
    back = parse(out)
    assert cells(back) == expected_cells()
    assert (back.meta.unit_name, back.meta.year) == (UNIT, YEAR)
    # the 概况 as filled: no placeholder for it
    assert back.overview.functions == FUNCTIONS_TEXT
    assert back.overview.offices == OFFICES
    assert (back.overview.staffing.authorized, back.overview.staffing.actual) == (12, 11)
    for what in ("主要职能", "机构设置", "人员情况", "机关运行经费预算", "政府采购预算"):
        assert f"待填写：{what}\n" not in result.output
    report = check(back)
    bad = [f for f in report.findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"]
    assert not bad, [f.message for f in bad]
    # the changes on the form's 上年数, as worked out by hand above
    text = Path(out).read_text(encoding="utf-8") if fmt == "html" else None
    if text is not None:
        assert "基本支出90.00万元，占81.82%，比上年预算减少10.00万元，下降10.00%" in text
        assert "项目支出20.00万元，占18.18%，比上年预算增加4.00万元，增长25.00%" in text
        assert "机关运行经费财政拨款预算20.00万元，比上年预算减少5.00万元，下降20.00%" in text
        assert "政府采购预算12.00万元，其中：政府采购货物预算8.00万元，政府采购工程预算0.00万元，政府采购服务预算4.00万元" in text


def test_an_inconsistent_form_is_rendered_as_filled_and_said_inconsistent(forms, tmp_path):
    _, _, wrong = forms
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(wrong), "-o", str(out)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")        # (the console wraps long lines)
    assert "输入数据不一致" in said and "ARITH" in said and "111.00" in said
    # printed as filled, never mended: 111.00 in 表3's 合计
    back = parse(out)
    table = back.table("expenditure")
    total = next(r for r in table.rows if not r.classified_code)
    assert next(c.amount for c in total.cells if c.column == "total") == ALL + 1


def test_a_form_cell_that_is_no_amount_is_named_not_taken_for_zero(forms, tmp_path):
    from openpyxl import load_workbook

    _, filled, _ = forms
    wb = load_workbook(filled)
    ws = wb["上年数"]
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "项目支出")
    ws.cell(r, 2).value = "约十六万"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    form = read_form(bad)
    assert "expenditure:project" not in form.prior
    assert any("约十六万" in p and "不是金额" in p for p in form.problems)


def test_form_refuses_an_unknown_template_or_a_year_it_does_not_cover(tmp_path):
    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(app, ["form", "xx-nowhere", "-o", str(out)])
    assert result.exit_code == 2 and "没有模板" in result.output and TEMPLATE in result.output.replace("\n", "")
    result = CliRunner().invoke(app, ["form", TEMPLATE, "-o", str(out), "--year", "2019"])
    assert result.exit_code == 2 and "不适用于2019年" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


# ---- --prior through the CLI -------------------------------------------------------------------

def last_year_edits(wb) -> None:
    """Last year's books (2025): 基本支出 100.00 and 项目支出 16.00 (total 116.00, all 一般公共
    预算), 公务接待费 8.00, 机关运行经费 25.00; the 项 rows of 2010301 as this year."""
    for n, cols in ((2, {"总计": "116", "财政拨款（补助）小计": "116", "一般公共预算": "116"}),
                    (3, {"合计": "116", "基本支出": "100", "项目支出": "16"}),
                    (5, {"合计": "116", "基本支出": "100", "项目支出": "16"})):
        put(sheet(wb, n), row_of(sheet(wb, n), 1, "合计"), {k: D(v) for k, v in cols.items()})
    three = sheet(wb, 10)
    for label in ("合计", "公务接待费"):
        put(three, row_of(three, 1, label), {"合计": D("8.00"), "一般公共预算": D("8.00")})
    ws = wb["概况"]
    ws.cell(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "机关运行经费"), 2).value = 25.0


# By hand, this year against last year's file:
#   一般公共预算 110.00 − 116.00 = −6.00; 6.00 / 116.00 = 5.1724…% → 5.17%
#   基本支出 90.00 − 100.00 = −10.00; 10.00 %;  项目支出 20.00 − 16.00 = 4.00; 4 / 16 = 25.00%
#   “三公” 5.00 − 8.00 = −3.00; 3 / 8 = 37.50%;  机关运行经费 20.00 − 25.00 = −5.00; 20.00%
PRIOR_SENTENCES = [
    "一般公共预算110.00万元，占100.00%，比上年预算减少6.00万元，下降5.17%",
    "基本支出90.00万元，占81.82%，比上年预算减少10.00万元，下降10.00%",
    "项目支出20.00万元，占18.18%，比上年预算增加4.00万元，增长25.00%",
    "财政拨款“三公”经费预算比上年预算减少3.00万元，下降37.50%",
    "公务接待费比上年预算减少3.00万元，下降37.50%",
    "机关运行经费财政拨款预算20.00万元，比上年预算减少5.00万元，下降20.00%",
]


@pytest.fixture(scope="module")
def with_last_year(tmp_path_factory, forms):
    folder = tmp_path_factory.mktemp("prior")
    blank, _, _ = forms
    last_blank = folder / "blank2025.xlsx"
    result = CliRunner().invoke(app, ["form", TEMPLATE, "-o", str(last_blank), "--unit", UNIT, "--year", "2025"])
    assert result.exit_code == 0, result.output
    this, last = folder / "2026.xlsx", folder / "2025.xlsx"
    fill(blank, this, prior_sheet=False)
    fill(last_blank, last, prior_sheet=False, edit=last_year_edits)
    return this, last


def document_text(out: Path) -> str:
    """The text of a rendered document, as its own format holds it."""
    if out.suffix == ".html":
        return out.read_text(encoding="utf-8")
    if out.suffix == ".docx":
        import docx
        return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    if out.suffix == ".xlsx":
        from openpyxl import load_workbook
        return "\n".join(str(c.value) for c in load_workbook(out)["说明"]["A"] if c.value)
    return "\n".join(ln.text for ln in read_document(out).lines)


@pytest.mark.parametrize("fmt", FORMATS)
def test_prior_through_the_cli_states_the_changes_worked_out_by_hand(with_last_year, fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    this, last = with_last_year
    out = tmp_path / f"公开.{fmt}"
    result = CliRunner().invoke(app, ["render", str(this), "--prior", str(last), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "".join(document_text(out).split())
    for sentence in PRIOR_SENTENCES:
        assert sentence in text, sentence
    # read back, each change implies last year's figure as the file gave it
    back = parse(out)
    implied = {c.implied_prior for c in back.narrative.claims if c.kind == "change"}
    # (the 三公 sentence's change is not read back as a claim by the narrative reader: its text
    # is asserted above)
    assert {D("116.00"), D("100.00"), D("16.00"), D("25.00")} <= implied
    assert not [f for f in check(back).findings if f.severity == "error" and f.rule.startswith("N-")]


def test_without_prior_the_same_form_leaves_the_changes_to_be_written(with_last_year, tmp_path):
    this, _ = with_last_year
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(this), "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "比上年预算减少10.00万元" not in text and "未提供上年数据" in text


# ---- 决算 (final accounts) -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def final(tmp_path_factory):
    from finals import final_accounts

    path = tmp_path_factory.mktemp("final") / "决算.txt"
    path.write_text(final_accounts(), encoding="utf-8")
    disc = parse(path)
    assert disc.meta.template == "cn-dept-final-2018"
    return disc


def decided(disc) -> Counter:
    return Counter((f.coords.model_dump_json(), f.amount) for f in disc.facts if not f.ambiguous)


# The 决算 sentences worked out by hand from tests/finals.py's books: 2010301 spent 520.36 of a
# 年初预算 of 500.00 → 104.072 % → 104.07 %; 2101101 30.12 of 32.50 → 92.677 % → 92.68 %;
# “三公” 25.00 of a budget of 35.00 → 71.43 %; 公务用车 20.00 of 30.00 → 66.67 %;
# income 830.00 of 850.00 → 97.647 % → 97.65 %; 基本支出 660.88 of 846.28 → 78.093 % → 78.09 %;
# last year's 总计 800.00: 860.00 − 800.00 = 60.00, 60 / 800 = 7.50 %
FINAL_SENTENCES = [
    "收入、支出决算总计各860.00万元，与上年相比增加60.00万元，增长7.50%",
    "财政拨款收入830.00万元，占97.65%；其他收入20.00万元，占2.35%。",
    "基本支出660.88万元，占78.09%；项目支出185.40万元，占21.91%。",
    "年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%。决算数大于年初预算数的主要原因是",
    "年初预算为32.50万元，支出决算为30.12万元，完成年初预算的92.68%。决算数小于年初预算数的主要原因是",
    "“三公”经费财政拨款支出决算为25.00万元，完成预算的71.43%",
    "公务用车购置及运行费支出决算为20.00万元，完成预算的66.67%",
    "人员经费530.52万元，主要包括：基本工资、津贴补贴、奖金",
    "机关运行经费支出130.36万元",
    "政府采购支出总额50.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0.00万元、政府采购服务支出40.00万元。",
]


def last_years_final(disc):
    prior = disc.model_copy(deep=True)
    row = next(r for r in prior.table("summary").rows if r.side == "income" and r.coords.get("source") == "total")
    next(c for c in row.cells if c.amount is not None).amount = D("800.00")
    return prior


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_final_accounts_document_states_what_a_final_says(final, fmt, tmp_path):
    from budgetlens.render import render

    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    out = tmp_path / f"决算.{fmt}"
    render(final, out, prior=last_years_final(final))
    text = "".join(document_text(out).split())
    for sentence in FINAL_SENTENCES:
        assert sentence in text, sentence
    assert "比上年预算" not in text and "预算情况说明" not in text
    back = parse(out)
    assert back.meta.template == "cn-dept-final-2018" and back.meta.phase == "决算"
    assert decided(back) == decided(final)
    completion = {c.subject.concept: c.value for c in back.narrative.claims if c.kind == "completion"}
    assert completion["function:2010301"] == D("104.07") and completion["three_public:total"] == D("71.43")
    bad = [f for f in check(back).findings if f.severity == "error" and f.rule.startswith("N-")]
    assert not bad, [f.message for f in bad]


def test_a_final_without_its_initial_budget_leaves_it_to_be_written(final):
    from budgetlens.render import build_document

    disc = final.model_copy(deep=True)
    disc.narrative.claims = []
    doc = build_document(disc)
    assert "年初预算数（2010301 行政运行）" in doc.placeholders
    assert "与上年决算相比的增减情况（未提供上年决算）" in doc.placeholders
    assert not any("完成年初预算" in b.text for b in doc.blocks if hasattr(b, "text") and "2010301" in b.text)


# ---- 目录 with page numbers ----------------------------------------------------------------------

def pdf_pages(path: Path) -> list[list[str]]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    pages = [[ln.strip() for ln in page.get_textpage().get_text_range().splitlines() if ln.strip()] for page in pdf]
    pdf.close()
    return pages


def test_the_pdf_contents_give_the_page_each_part_and_table_starts_on(tmp_path):
    pytest.importorskip("weasyprint")
    from conftest import parsed

    from budgetlens.render import render

    disc = parsed("000_9131eab83374bb33")
    out = tmp_path / "公开.pdf"
    render(disc, out)
    pages = pdf_pages(out)
    contents = next(i for i, p in enumerate(pages) if "目 录" in p)
    entries = {}
    for line in pages[contents]:
        head, dots, number = line.rpartition(".")
        if dots and number.strip().isdigit():
            entries[head.rstrip(". ")] = int(number)
    assert len(entries) == 4 + len(disc.tables), entries
    # each part's heading and each table's label stand first on the page the contents give
    where = {"第二部分 2026年部门预算公开表": "第二部分 2026年部门预算公开表", "3. 部门支出总体情况表": "表3",
             "11. 上年结转结余情况明细表": "表11", "第四部分 名词解释": "第四部分 名词解释"}
    for entry, printed in where.items():
        page = entries[entry]
        assert printed in pages[page - 1] and all(printed not in p for p in pages[contents + 1:page - 1]), entry
    # the entries in the document's order: their pages never go back (the 第一部分 before the tables)
    pages_in_order = [entries[e] for e in entries]
    assert pages_in_order == sorted(pages_in_order)


def test_the_docx_contents_are_a_toc_field_word_updates_on_opening(tmp_path):
    import zipfile

    from conftest import parsed

    from budgetlens.render import render

    out = tmp_path / "公开.docx"
    render(parsed("000_9131eab83374bb33"), out)
    with zipfile.ZipFile(out) as z:
        body, settings = z.read("word/document.xml").decode(), z.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in body and 'w:updateFields w:val="true"' in settings
    begin, end = body.index('w:fldCharType="begin"'), body.index('w:fldCharType="end"')
    # the field's result until Word updates it: the entries, in order
    assert body.index("第一部分 2026年部门概况") > begin and body.index("第四部分 名词解释") < end
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"') == 1


# ---- region wording: a real Shanghai and a real Jiangsu PDF --------------------------------------

def with_basic_last_year(disc, amount: D):
    """Last year's disclosure as this one, but its 支出总表 基本支出 total as given."""
    prior = disc.model_copy(deep=True)
    row = next(r for r in prior.table("expenditure").rows if not r.classified_code and not r.project)
    next(c for c in row.cells if c.column == "basic").amount = amount
    return prior


# By hand: Shanghai 基本支出 9,970.60 of 15,621.11 → 63.8277 % → 63.83 %; last year 10,000.00:
# 9,970.60 − 10,000.00 = −29.40. Jiangsu 13,994.31 of 21,955.35 → 63.739 % → 63.74 %; last year
# 13,000.00: +994.31, 994.31 / 13,000.00 = 7.6485 % → 7.65 %.
REGIONS = {
    "sh-putuo-wanli-2024-dept-budget.pdf": (D("100000000.00"), [       # (its tables are in 元)
        "基本支出9970.60万元，占63.83%，比2023年预算减少29.40万元，主要原因是：【请说明增减变化的主要原因】。",
        "项目支出5650.51万元，占36.17%，比2023年预算持平。",
        "“城乡社区支出（类）城乡社区管理事务（款）行政运行（项）”1660.32万元，主要用于行政运行，比2023年预算持平。",
        "2024年“三公”经费预算数为47.91万元。其中：因公出国（境）费0.00万元；",
        "2024年本部门政府采购预算1662.44万元，其中：政府采购货物预算93.98万元、",
        # (its order: 其他相关情况说明 opens with “三公”; 项目经费情况说明 last: render/data/sh.yaml)
        "九、其他相关情况说明", "（一）2024年“三公”经费预算情况说明", "（二）机关运行经费预算"],
        ["比上年预算", "与上年相比", "关于上海市普陀区"]),
    "js-prov-jcy-2018-dept-budget.pdf": (D("13000.00"), [
        "江苏省人民检察院2018年收、支预算总计各21955.35万元。",
        "基本支出13994.31万元，占63.74%。与上年相比增加994.31万元，增长7.65%。主要原因是【请说明增减变化的主要原因】。",
        "项目支出5573.00万元，占25.38%。与上年持平。",
        "因公出国（境）费支出100.00万元，占“三公”经费的20.65%",
        "第三部分江苏省人民检察院2018年部门预算情况说明"],
        ["比上年预算", "比2017年预算", "关于江苏省人民检察院"]),
}


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("name", list(REGIONS))
def test_a_real_pdf_is_rendered_in_its_regions_wording_and_reads_back(name, fmt, tmp_path):
    from conftest import SHARED

    from budgetlens.render import render

    path = SHARED / "real" / name
    if not path.exists():
        pytest.skip("../shared/real 不在本机")
    disc = parse(path)
    last_basic, said, unsaid = REGIONS[name]
    out = tmp_path / f"公开.{fmt}"
    doc = render(disc, out, prior=with_basic_last_year(disc, last_basic))
    text = "".join(document_text(out).split())
    for sentence in said:
        assert sentence in text, sentence
    for words in unsaid:
        assert words not in text, words
    # a column the input's table does not print is stated as no figure (Jiangsu's 一般公共预算
    # 支出表 prints a total only: no "基本支出0.00万元")
    assert "基本支出0.00万元" not in text and "人员经费0.00万元" not in text
    back = parse(out)
    assert decided(back) == decided(disc) and not doc.undecided
    assert back.meta.template == disc.meta.template
    before = {f.fingerprint for f in check(disc).findings if f.severity == "error"}
    new = [f for f in check(back).findings if f.severity == "error" and f.fingerprint not in before
           and f.rule != "C-PLACEHOLDER"]
    assert not new, [f.message for f in new]


@pytest.mark.parametrize("template", sorted(t.id for t in __import__("budgetlens.templates", fromlist=["x"]).load_templates()))
def test_every_templates_blank_form_reads_as_that_template(template, tmp_path):
    from openpyxl import load_workbook

    from budgetlens.render.form import write_form
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == template)
    out = tmp_path / "form.xlsx"
    write_form(template, out, unit="示例单位", year=spec.years[-1])
    disc = parse(out)
    assert (disc.meta.template, disc.meta.unit_name, disc.meta.year) == (template, "示例单位", spec.years[-1])
    assert sorted(t.kind for t in disc.tables) == sorted(t.kind for t in spec.tables)
    # each table's body as wide as its header (科目编码 | 科目名称 under a side of economic rows too)
    book = load_workbook(out)
    for ws in book.worksheets[2:]:
        spans = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
        header_end = max(spans.get((c.row, c.column), c.column) for r in (4, 5) for c in ws[r] if c.value is not None)
        assert ws.max_column == header_end, ws.title
    if template == "cn-dept-final-2018":
        basic = next(ws for ws in book.worksheets if "基本支出" in ws.title)
        assert [c.value for c in basic[5]] == ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]
        # the amount cells the officer fills stand under 决算数, the labels under 科目编码/科目名称
        assert [basic.cell(6, c).number_format == "#,##0.00" for c in range(1, 7)] == [False, False, True] * 2


# ---- a 决算 form, filled and rendered ------------------------------------------------------------
# One 项: 2010301 行政运行, spent 100.00 (基本支出: 人员经费 80.00 = 30101 基本工资, 公用经费 20.00 =
# 30201 办公费) of a 年初预算 of 120.00 → 完成年初预算的 83.33 % (100 / 120 = 83.333…); all of it
# 一般公共预算财政拨款. “三公”: 公务接待费 budget 4.00, spent 3.00 → 75.00 %.

def fill_final(path: Path, out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["概况"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["1．"], 2).value = FUNCTIONS_TEXT[0]
    ws.cell(rows["机关运行经费"], 2).value = 20.0
    hundred = 100.0
    summary = sheet(wb, 1)
    for label in ("一般公共预算财政拨款收入", "本年收入合计", "收入总计"):
        summary.cell(row_of(summary, 1, label), 2).value = hundred
    summary.cell(free_row(summary, 3, "201 一般公共服务支出"), 4).value = hundred
    for label in ("本年支出合计", "支出总计"):
        summary.cell(row_of(summary, 3, label), 4).value = hundred
    for n, cols in ((2, {"本年收入合计": hundred, "财政拨款收入": hundred}),
                    (3, {"本年支出合计": hundred, "基本支出": hundred})):
        ws = sheet(wb, n)
        for r, (code, name) in enumerate([("", "合计"), ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
                                          ("2010301", "行政运行")]):
            row = row_of(ws, 1, "合计") if not code else coded(ws, code, name)
            for label, value in cols.items():
                ws.cell(row, column(ws, label)).value = value
    fiscal = sheet(wb, 4)
    for label in ("一、一般公共预算财政拨款", "本年收入合计", "收入总计"):
        fiscal.cell(row_of(fiscal, 1, label), 2).value = hundred
    r = free_row(fiscal, 3, "201 一般公共服务支出")
    fiscal.cell(r, 4).value = fiscal.cell(r, 5).value = hundred
    for label in ("本年支出合计", "支出总计"):
        r = row_of(fiscal, 3, label)
        fiscal.cell(r, 4).value = fiscal.cell(r, 5).value = hundred
    gpb = sheet(wb, 5)      # 年初预算 合计 | 基本 | 项目, then 本年支出 小计 | 基本 | 项目
    for code, name in [("", "合计"), ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行")]:
        row = row_of(gpb, 1, "合计") if not code else coded(gpb, code, name)
        for c, value in zip(range(3, 9), (120.0, 120.0, None, hundred, hundred, None)):
            gpb.cell(row, c).value = value
    basic = sheet(wb, 6)
    for side, items in ((1, [("301", "工资福利支出", 80.0), ("30101", "基本工资", 80.0)]),
                        (4, [("302", "商品和服务支出", 20.0), ("30201", "办公费", 20.0)])):
        for code, name, value in items:
            r = next(r for r in range(6, basic.max_row + 1) if not basic.cell(r, side + 1).value)
            basic.cell(r, side).value, basic.cell(r, side + 1).value, basic.cell(r, side + 2).value = code, name, value
    basic.cell(row_of(basic, 2, "人员经费合计"), 3).value = 80.0
    basic.cell(row_of(basic, 5, "公用经费合计"), 6).value = 20.0
    three = sheet(wb, 7)    # 预算数 6 columns, then 决算数 6 columns; one row
    for c, value in zip(range(2, 14), (4.0, 0.0, 0.0, 0.0, 0.0, 4.0, 3.0, 0.0, 0.0, 0.0, 0.0, 3.0)):
        three.cell(6, c).value = value
    wb.save(out)


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_filled_final_accounts_form_renders_as_a_final(fmt, tmp_path):
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    result = CliRunner().invoke(app, ["form", "cn-dept-final-2018", "-o", str(blank), "--unit", UNIT, "--year", "2024"])
    assert result.exit_code == 0, result.output
    fill_final(blank, filled)
    disc = parse(filled)
    assert disc.meta.template == "cn-dept-final-2018"
    out = tmp_path / f"决算.{fmt}"
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "输入数据不一致" not in result.output, result.output
    text = "".join(document_text(out).split())
    for sentence in ("年初预算为120.00万元，支出决算为100.00万元，完成年初预算的83.33%。决算数小于年初预算数的主要原因是",
                     "人员经费80.00万元，主要包括：基本工资。", "公用经费20.00万元，主要包括：办公费。",
                     "“三公”经费财政拨款支出决算为3.00万元，完成预算的75.00%",
                     "机关运行经费支出20.00万元", "1．负责全县政务数据资源的统筹管理和共享开放。"):
        assert sentence in text, sentence
    back = parse(out)
    assert decided(back) == decided(disc)
    bad = [f for f in check(back).findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"]
    assert not bad, [f.message for f in bad]
