"""The 政府收支分类科目 registry: packaged data, year-aware names, official-list import, CLI."""

from __future__ import annotations

import filecmp

import openpyxl
import pytest
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.codes import CodeImportError, import_official, load_registry, normalize_name
from budgetlens.codes.build_seed import ECONOMIC_TABLES, FUNCTION_TABLES, OBSERVED, build
from budgetlens.codes.registry import PACKAGE_DATA, classify_code
from conftest import parsed

# Names in the seeds that conversion damaged; the registry must NOT accept them.
DAMAGED = {("001_bb7d043ad2da133b", "20105", "统信息务")}  # OCR lost 计 and 事


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test gets an empty user data directory (no real user lists leak in)."""
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


# -- lookups -----------------------------------------------------------------------------

def test_lookup_function_codes():
    reg = load_registry(2025)
    entry = reg.lookup("function", "2010301")
    assert (entry.name, entry.level, entry.classification) == ("行政运行", "项", "function")
    assert reg.lookup("function", "20141").name == "数据事务"
    assert reg.lookup("function", "201").level == "类"
    assert reg.lookup("function", "201 03 01").code == "2010301"   # split cells
    assert reg.lookup("function", "2010301.0").code == "2010301"   # Excel number


def test_lookup_economic_codes():
    reg = load_registry(2026)
    assert reg.lookup("economic", "30211").name == "差旅费"
    assert reg.lookup("economic", "30211").level == "款"
    assert reg.lookup("economic", "301").name == "工资福利支出"
    undated = reg.lookup("economic", "399")            # from the primer, never printed
    assert undated.name == "其他支出" and undated.years == ()


def test_unknown_code_is_none():
    reg = load_registry(2025)
    assert reg.lookup("function", "2999999") is None
    assert reg.lookup("economic", "2010301") is None   # right code, wrong classification
    assert not reg.name_matches("function", "2999999", "行政运行")


def test_a_code_of_any_year_is_known():
    assert load_registry(2026).lookup("function", "234").name == "抗疫特别国债还本支出"  # 2022 only


def test_name_of_the_nearest_year():
    code = "20805"   # 行政事业单位离退休 in 2018/2019, 行政事业单位养老支出 from 2023
    assert load_registry(2019).lookup("function", code).name == "行政事业单位离退休"
    assert load_registry(2025).lookup("function", code).name == "行政事业单位养老支出"
    assert load_registry(2021).lookup("function", code).name == "行政事业单位离退休"   # earlier first
    assert load_registry(2010).lookup("function", code).name == "行政事业单位离退休"   # then later
    assert load_registry().lookup("function", code).name == "行政事业单位养老支出"     # latest
    entry = load_registry(2025).lookup("function", code)
    assert set(entry.names) == {"行政事业单位离退休", "行政事业单位养老支出"}
    assert entry.years[0] == 2018 and 2026 in entry.years


def test_name_normalisation_passes():
    reg = load_registry(2025)
    assert reg.name_matches("function", "20103", "政府办公厅（室）及相关机构事务")
    assert reg.name_matches("function", "20103", "政府办公厅(室)及相关机构事务")
    assert reg.name_matches("function", "20103", " 政府办公厅（室） 及相关\n机构事务 ")
    assert reg.name_matches("economic", "30212", "因公出国(境)费用")
    assert normalize_name("“三公”经费") == normalize_name('"三公"经费') == normalize_name("＂三公＂经费")


def test_a_different_name_fails():
    reg = load_registry(2025)
    assert not reg.name_matches("function", "2010301", "一般行政管理事务")
    assert not reg.name_matches("function", "20103", "政府办公厅（室）")     # a piece is not the name
    assert not reg.name_matches("function", "20105", "统信息务")             # OCR damage
    assert not reg.name_matches("economic", "30211", "差旅")


def test_parent_and_level():
    reg = load_registry(2025)
    assert reg.parent("2010301") == "20103" and reg.parent("20103") == "201"
    assert reg.parent("201") is None and reg.parent("30211") == "302"
    assert [reg.level_of(c) for c in ("201", "20103", "2010301", "30211")] == ["类", "款", "项", "款"]


# -- the packaged data -------------------------------------------------------------------

def printed_codes(stem):
    disc = parsed(stem)
    for table in disc.tables:
        kind = "function" if table.kind in FUNCTION_TABLES else "economic" if table.kind in ECONOMIC_TABLES else None
        for row in table.rows:
            if kind and row.code and classify_code(row.code) == kind:
                yield disc.meta.year, kind, row.code, row.name


def test_every_seed_code_is_known_with_its_printed_name(seed):
    for year, kind, code, name in printed_codes(seed):
        entry = load_registry(year).lookup(kind, code)
        assert entry is not None, f"{seed}: {code} {name} 不在科目表中"
        assert year in entry.years, f"{seed}: {code} 未记录 {year} 年"
        if (seed, code, name) in DAMAGED:
            assert not load_registry(year).name_matches(kind, code, name)
            continue
        assert load_registry(year).name_matches(kind, code, name), f"{seed}: {code} 印作“{name}”，科目表为“{entry.name}”"
    assert len(list(printed_codes(seed))) > 10


def test_seed_data_is_reproducible(tmp_path):
    if not OBSERVED.exists():
        pytest.skip("shared/codes/codes_observed.csv is not next to the repository")
    notes = build(out=tmp_path)
    packaged = sorted(p.name for p in PACKAGE_DATA.glob("*.csv"))
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == packaged
    match, mismatch, errors = filecmp.cmpfiles(tmp_path, PACKAGE_DATA, packaged, shallow=False)
    assert not mismatch and not errors
    assert any("统信息务" in n for n in notes) and any("费支出" in n for n in notes)


def test_packaged_rows_are_well_formed():
    for entry in load_registry().entries():
        assert classify_code(entry.code) == entry.classification
        assert entry.name and entry.level
        parent = load_registry().parent(entry.code)
        assert parent is None or load_registry().lookup(entry.classification, parent), entry.code


# -- importing an official list ----------------------------------------------------------

def single_column_book(path):
    """One 科目编码 column, one 科目名称 column, a title above, numbers and text codes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2027年支出功能分类科目"
    sheet["A1"] = "2027年政府收支分类科目（支出功能分类）"
    sheet.merge_cells("A1:C1")
    sheet["A2"] = "单位：无"
    sheet.append(["科目编码", "科目名称", "说明"])
    sheet.append([201, "一般公共服务支出", ""])
    sheet.append([20141.0, "数据事务", "新设"])
    sheet.append(["2014101", "  行政运行", ""])
    sheet.append([2014150.0, "事业运行", ""])
    sheet.append([None, None, None])
    econ = book.create_sheet("经济分类")
    econ.append(["科目编码", "科目名称"])
    econ.append([302, "商品和服务支出"])
    econ.append(["30211", "差旅费（测试用名）"])
    book.save(path)


def split_columns_book(path):
    """类/款/项 columns under a merged 科目编码 header, child rows print their own digits."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet["A1"] = "政府收支分类科目表"
    sheet.merge_cells("A1:D1")
    sheet["A3"] = "科目编码"
    sheet.merge_cells("A3:C3")
    sheet["D3"] = "科目名称"
    sheet.merge_cells("D3:D4")
    sheet["A4"], sheet["B4"], sheet["C4"] = "类", "款", "项"
    rows = [
        (201, None, None, "一般公共服务支出"),
        (None, 41, None, "数据事务"),
        (None, None, 1, "行政运行"),
        (None, None, 50.0, "事业运行"),
        (208, None, None, "社会保障和就业支出"),
        (None, 5, None, "行政事业单位养老支出"),
        (None, None, 5, "机关事业单位基本养老保险缴费支出"),
        (None, 99, None, "其他社会保障和就业支出"),
        (None, None, 99, "其他社会保障和就业支出"),
    ]
    for row in rows:
        sheet.append(row)
    # A class cell merged down over its rows, as some bureaus print it.
    sheet.append((221, None, None, "住房保障支出"))
    sheet.append((None, 2, None, "住房改革支出"))
    sheet.append((None, None, 1, "住房公积金"))
    last = sheet.max_row
    sheet.merge_cells(f"A{last - 2}:A{last}")
    book.save(path)


def test_import_single_code_column(tmp_path, home):
    path = tmp_path / "official.xlsx"
    single_column_book(path)
    entries = import_official(path, 2027)
    assert {(e.classification, e.code) for e in entries} == {
        ("function", "201"), ("function", "20141"), ("function", "2014101"), ("function", "2014150"),
        ("economic", "302"), ("economic", "30211")}
    assert (home / "codes" / "2027-official-function.csv").exists()
    assert (home / "codes" / "2027-official-economic.csv").exists()
    reg = load_registry(2027)
    assert reg.lookup("function", "2014101").name == "行政运行"
    assert 2027 in reg.lookup("function", "20141").years
    assert reg.lookup("economic", "30211").name == "差旅费（测试用名）"   # the official list wins for 2027
    assert load_registry(2026).lookup("economic", "30211").name == "差旅费"
    assert reg.name_matches("economic", "30211", "差旅费")                  # the older name is still accepted


def test_import_split_columns_with_merged_cells(tmp_path):
    path = tmp_path / "official.xlsx"
    split_columns_book(path)
    entries = import_official(path, 2027, classification="function")
    codes = {e.code: (e.level, e.name) for e in entries}
    assert codes == {
        "201": ("类", "一般公共服务支出"), "20141": ("款", "数据事务"),
        "2014101": ("项", "行政运行"), "2014150": ("项", "事业运行"),
        "208": ("类", "社会保障和就业支出"), "20805": ("款", "行政事业单位养老支出"),
        "2080505": ("项", "机关事业单位基本养老保险缴费支出"),
        "20899": ("款", "其他社会保障和就业支出"), "2089999": ("项", "其他社会保障和就业支出"),
        "221": ("类", "住房保障支出"), "22102": ("款", "住房改革支出"), "2210201": ("项", "住房公积金"),
    }
    assert load_registry(2027).lookup("function", "20805").name == "行政事业单位养老支出"


def test_import_an_xlsx_saved_under_an_xls_name(tmp_path):
    path = tmp_path / "official.xls"
    single_column_book(path)
    assert len(import_official(path, 2027)) == 6


def test_import_only_the_requested_classification(tmp_path, home):
    path = tmp_path / "official.xlsx"
    single_column_book(path)
    entries = import_official(path, 2027, classification="economic")
    assert {e.classification for e in entries} == {"economic"}
    assert not (home / "codes" / "2027-official-function.csv").exists()
    split = tmp_path / "split.xlsx"
    split_columns_book(split)
    with pytest.raises(CodeImportError, match="未找到部门预算支出经济分类科目编码"):
        import_official(split, 2027, classification="economic")


def test_import_rejects_what_is_not_a_workbook(tmp_path):
    text = tmp_path / "list.txt"
    text.write_text("201 一般公共服务支出\n", encoding="utf-8")
    with pytest.raises(CodeImportError, match="不是 Excel 工作簿"):
        import_official(text, 2027)
    renamed = tmp_path / "list.xlsx"
    renamed.write_text("201 一般公共服务支出\n", encoding="utf-8")
    with pytest.raises(CodeImportError, match="内容不是 Excel 工作簿"):
        import_official(renamed, 2027)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(CodeImportError, match="无法读取"):
        import_official(broken, 2027)
    with pytest.raises(CodeImportError, match="文件不存在"):
        import_official(tmp_path / "missing.xlsx", 2027)


# -- the command line ----------------------------------------------------------------------

runner = CliRunner()


def test_cli_import_of_a_non_excel_file_exits_2(tmp_path):
    text = tmp_path / "list.txt"
    text.write_text("not a workbook", encoding="utf-8")
    result = runner.invoke(app, ["codes", "import", str(text), "--year", "2027"])
    assert result.exit_code == 2
    assert "错误" in result.output and "不是 Excel 工作簿" in result.output
    missing = runner.invoke(app, ["codes", "import", str(tmp_path / "none.xlsx"), "--year", "2027"])
    assert missing.exit_code == 2 and "文件不存在" in missing.output


def test_cli_import_show_list(tmp_path):
    path = tmp_path / "official.xlsx"
    split_columns_book(path)
    result = runner.invoke(app, ["codes", "import", str(path), "--year", "2027"])
    assert result.exit_code == 0, result.output
    assert "已导入 2027 年支出功能分类科目 12 个：类 3 个，款 4 个，项 5 个" in result.output
    shown = runner.invoke(app, ["codes", "show", "2080505", "--year", "2019"])
    assert shown.exit_code == 0
    assert "机关事业单位基本养老保险缴费支出" in shown.output and "20805 行政事业单位离退休" in shown.output
    listed = runner.invoke(app, ["codes", "list", "--classification", "economic", "--format", "csv"])
    assert listed.output.splitlines()[0] == "code,classification,level,name,years,aliases"
    assert any(line.startswith("30211,economic,款,差旅费,") for line in listed.output.splitlines())
    assert runner.invoke(app, ["codes", "show", "2999999"]).exit_code == 1


def test_repeated_loads_look_at_the_data_files_once(monkeypatch, home):
    # a parse asks for the registry at every candidate split of a wrapped name: the files are
    # listed and stat'ed once, not on every call; a new user directory or clear_cache looks again
    from budgetlens.codes import registry

    registry.clear_cache()
    looks = []
    listed = registry.data_files
    monkeypatch.setattr(registry, "data_files", lambda: looks.append(1) or listed())
    first = load_registry(2025)
    for _ in range(50):
        assert load_registry(2025) is first
    assert len(looks) == 1
    registry.clear_cache()
    load_registry(2025)
    assert len(looks) == 2
    monkeypatch.setenv("BUDGETLENS_HOME", str(home.parent / "other"))
    load_registry(2025)
    assert len(looks) == 3
