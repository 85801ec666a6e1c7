"""Probe 38 of the standard document: drafts checked with their 【待填写】 items as warnings, an
empty numbered duty, the units' changes on last year, each region's section order as data, Word
column widths measured with the font, and a real 决算 rendered and read back."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED
from test_render_polish import wide  # noqa: F401  (the 24-column template, a fixture)
from typer.testing import CliRunner

from budgetlens.checks import check, load_config
from budgetlens.cli.main import app
from budgetlens.pipeline import parse

CENTRE = EXAMPLES / "000_9131eab83374bb33.txt"      # 部门 2026, 电子政务服务中心


def decided(disc) -> Counter:
    return Counter((f.coords.model_dump_json(), f.amount) for f in disc.facts if not f.ambiguous)


def narrative_errors(disc, prior=None) -> list[str]:
    return [f.message for f in check(disc, prior=prior).findings if f.severity == "error" and f.rule.startswith("N-")]


@pytest.fixture(scope="module")
def centre():
    return parse(CENTRE)


@pytest.fixture(scope="module")
def rendered(centre, tmp_path_factory):
    """The seed rendered without last year's figures: its changes are left 【待填写】."""
    from budgetlens.render import render

    out = tmp_path_factory.mktemp("draft") / "公开.docx"
    doc = render(centre, out)
    assert doc.placeholders
    return out


# ---- check --draft: placeholders are 待填写 items (warnings); published documents keep the error ----

def test_a_draft_lists_its_placeholders_as_items_to_write(rendered):
    result = CliRunner().invoke(app, ["check", "--draft", str(rendered)])
    assert result.exit_code == 0, result.output
    assert "待填写 【待填写：比上年预算增减情况（未提供上年数据）】" in result.output
    assert "遗留占位符" not in result.output
    config = load_config(None)
    config.params["draft"] = True
    report = check(parse(rendered), config=config)
    pending = [f for f in report.findings if f.rule == "C-PLACEHOLDER"]
    assert pending and {f.severity for f in pending} == {"warning"}
    assert not [f for f in report.findings if f.severity == "error"]


def test_without_draft_the_same_placeholders_are_errors(rendered):
    result = CliRunner().invoke(app, ["check", str(rendered)])
    assert result.exit_code == 1
    assert "遗留占位符" in result.output


def test_a_reason_left_to_write_is_a_placeholder_too(tmp_path):
    """【请说明增减变化的主要原因】 is what the renderer leaves for a reason: not publishable."""
    text = CENTRE.read_text(encoding="utf-8")
    marker = "按照全口径预算的原则"
    assert marker in text
    path = tmp_path / "reason.txt"
    path.write_text(text.replace(marker, "比上年预算增加1.00万元，主要原因是【请说明增减变化的主要原因】。" + marker, 1),
                    encoding="utf-8")
    found = [f for f in check(parse(path)).findings if f.rule == "C-PLACEHOLDER"]
    assert any("请说明" in (f.found or "") for f in found) and {f.severity for f in found} == {"error"}


def test_a_stored_draft_keeps_placeholders_as_warnings_until_published(rendered, tmp_path):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from budgetlens.store import Ingest, open_engine
    from budgetlens.store.drafts import publish
    from budgetlens.store.schema import Document, FindingRow

    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    Ingest(engine, workers=0, draft=True).run([rendered])
    with Session(engine) as s:
        doc = s.scalars(select(Document)).one()
        rows = s.scalars(select(FindingRow).where(FindingRow.rule == "C-PLACEHOLDER")).all()
        assert rows and {r.severity for r in rows} == {"warning"} and doc.errors == 0
        assert all("待填写" in r.message for r in rows)
        doc_id, count = doc.id, len(rows)
    publish(engine, doc_id)
    with Session(engine) as s:
        doc = s.get(Document, doc_id)
        rows = s.scalars(select(FindingRow).where(FindingRow.rule == "C-PLACEHOLDER")).all()
        assert {r.severity for r in rows} == {"error"} and doc.errors >= count and doc.status == "errors"
        assert all("遗留占位符" in r.message for r in rows)


# ---- an empty numbered duty ("3．" with nothing after it) is no duty -------------------------------

def seed_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CENTRE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "seed.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


DUTY = "（四）承担自治州人民政府机关网络安全和信息化相关工作。"


def test_an_empty_numbered_duty_is_not_read_as_a_function(centre, tmp_path):
    disc = parse(seed_with(tmp_path, DUTY, "（四）"))
    assert "" not in disc.overview.functions
    assert len(disc.overview.functions) == len(centre.overview.functions) - 1
    assert disc.overview.functions[-1] == centre.overview.functions[-1]


def test_a_duty_whose_text_follows_its_number_on_the_next_line_is_kept(centre, tmp_path):
    disc = parse(seed_with(tmp_path, DUTY, "（四）\n承担自治州人民政府机关网络安全和信息化相关工作。"))
    assert disc.overview.functions == centre.overview.functions


# ---- a department's units: their changes on last year ------------------------------------------

OFFICE_UNIT = "克孜勒苏柯尔克孜自治州人民政府办公室（本级）"
CENTRE_UNIT = "克孜勒苏柯尔克孜自治州机关事务服务中心"


@pytest.fixture(scope="module")
def department_disc(tmp_path_factory):
    from test_store_sets import unit_scaled
    from test_unit_tables import department, parse_text

    disc = parse_text(tmp_path_factory.mktemp("dept"), department(summary_scale=2, edit=unit_scaled(1, 3)))
    assert sorted({t.group for t in disc.tables}) == [0, 1, 2]
    return disc


def unit_last_year(disc, owner: str, basic: D):
    """Last year's disclosure: this one, but the unit's 支出总表 基本支出 as given."""
    prior = disc.model_copy(deep=True)
    table = next(t for t in prior.tables if t.unit_name == owner and t.kind == "expenditure")
    row = next(r for r in table.rows if not r.classified_code and not r.project)
    next(c for c in row.cells if c.column == "basic").amount = basic
    return prior


# By hand: the office's 基本支出 4,797.15 against last year's 4,000.00: +797.15, 797.15 / 4,000.00
# = 19.92875 % → 19.93 %; its 收支总计 and the centre's figures unchanged: 持平.
UNIT_CHANGES = [
    f"{OFFICE_UNIT}2026年收支总预算5277.15万元，与上年预算持平。",
    ("基本支出4797.15万元，占90.90%，比上年预算增加797.15万元，增长19.93%，主要原因是【请说明增减变化的主要原因】；"
     "项目支出480.00万元，占9.10%，与上年预算持平。"),
    f"{CENTRE_UNIT}2026年支出预算1759.05万元，其中：基本支出1599.05万元，占90.90%，与上年预算持平；",
]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_each_unit_states_its_change_on_its_own_last_year(department_disc, fmt, tmp_path):
    from test_render_more import document_text

    from budgetlens.render import render

    prior = unit_last_year(department_disc, OFFICE_UNIT, D("4000.00"))
    out = tmp_path / f"部门.{fmt}"
    render(department_disc, out, prior=prior)
    text = "".join(document_text(out).split())
    for sentence in UNIT_CHANGES:
        assert sentence in text, sentence
    back = parse(out)
    assert decided(back) == decided(department_disc)
    said = {(c.table_set, c.kind, c.subject.concept): c.value for c in back.narrative.claims if c.table_set}
    assert said[(1, "change", "nature:basic")] == D("797.15") and said[(1, "rate", "nature:basic")] == D("19.93")
    # (the fixture scales the department's projects but not their 资金分配 text: an input's error)
    wrong = [f.message for f in check(back, prior=prior).findings
             if f.severity == "error" and f.rule.startswith("N-") and f.rule != "N-ALLOCATION-SUM"]
    assert not wrong, wrong


def test_a_unit_last_years_disclosure_does_not_print_gets_no_invented_change(department_disc):
    from budgetlens.render import build_document

    prior = department_disc.model_copy(deep=True)
    prior.tables = [t for t in prior.tables if t.unit_name != CENTRE_UNIT]
    doc = build_document(department_disc, prior)
    text = "".join(b.text for b in doc.blocks if hasattr(b, "text"))
    assert f"{CENTRE_UNIT}2026年收支总预算1759.05万元，【待填写：比上年预算增减情况（未提供上年数据）】。" in text
    assert "比上年预算增减情况（未提供上年数据）" in doc.placeholders
    assert f"{OFFICE_UNIT}2026年收支总预算5277.15万元，与上年预算持平。" in text


# ---- each region's sections in its own order (render/data/*.yaml: order) --------------------------

def narrative_headings(doc) -> list[tuple[int, str]]:
    from budgetlens.render.document import Heading

    heads = [(b.level, b.text) for b in doc.blocks if isinstance(b, Heading)]
    start = next(i for i, (level, text) in enumerate(heads) if level == 1 and "第三部分" in text)
    return [h for h in heads[start + 1:] if h[0] > 1]


def position(heads, words: str) -> tuple[int, int]:
    """(index, level) of the first heading holding these words."""
    return next((i, level) for i, (level, text) in enumerate(heads) if words in text)


def real(name: str):
    path = SHARED / "real" / name
    if not path.exists():
        pytest.skip("../shared/real 不在本机")
    return parse(path)


def test_jiangsu_gives_admin_and_procurement_sections_of_their_own_after_the_funds():
    from budgetlens.render import build_document

    heads = narrative_headings(build_document(real("js-prov-jcy-2018-dept-budget.pdf")))
    three, fund = position(heads, "“三公”"), position(heads, "政府性基金")
    admin, buying, other = position(heads, "机关运行经费"), position(heads, "政府采购"), position(heads, "其他重要事项")
    assert [h[1] for h in (three, fund, admin, buying, other)] == [2] * 5
    assert three[0] < fund[0] < admin[0] < buying[0] < other[0]
    assert position(heads, "国有资产")[1] == 3 and position(heads, "国有资产")[0] > other[0]


def test_shanghai_puts_three_public_first_in_its_other_matters_and_projects_last():
    from budgetlens.render import build_document

    heads = narrative_headings(build_document(real("sh-putuo-wanli-2024-dept-budget.pdf")))
    other = position(heads, "其他相关情况说明")
    parts = [text for level, text in heads[other[0] + 1:] if level == 3][:5]
    assert parts == ["（一）2024年“三公”经费预算情况说明", "（二）机关运行经费预算", "（三）政府采购预算情况",
                     "（四）绩效目标设置情况", "（五）国有资产占有使用情况"]
    # (its template prints no 项目支出表: no 项目经费情况说明 after them)
    sections = [text for level, text in heads if level == 2]
    assert sections[-1] == "九、其他相关情况说明" and not any("项目" in s for s in sections)


def test_xinjiang_keeps_its_order(centre):
    from budgetlens.render import build_document

    sections = [text.split("、", 1)[1] for level, text in narrative_headings(build_document(centre)) if level == 2]
    words = ["收支预算情况的总体说明", "收入预算", "支出预算", "财政拨款收支", "一般公共预算当年拨款", "基本支出",
             "项目支出", "政府性基金", "国有资本经营", "“三公”", "上年结转结余", "其他重要事项"]
    assert len(sections) == len(words) and all(w in s for w, s in zip(words, sections)), sections


def test_an_order_naming_an_unknown_section_is_refused_by_name(centre, monkeypatch):
    from budgetlens.render import build, build_document
    from budgetlens.render.wording import Wording, wording_for

    words = wording_for("xj-dept-budget-2025")
    bad = Wording({**words.data, "order": ["overall", "budget_speech"]})
    monkeypatch.setattr(build, "wording_for", lambda _id: bad)
    with pytest.raises(ValueError, match="order 中有未知的部分“budget_speech”"):
        build_document(centre)


# ---- Word column widths measured with the fonts; LibreOffice sets no amount over two lines -------

def soffice_pdf(docx_path: Path) -> Path:
    import shutil
    import subprocess

    office = shutil.which("soffice")
    if office is None:
        pytest.skip("需要 LibreOffice（libreoffice-writer-nogui）")
    profile = docx_path.parent / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(docx_path.parent), str(docx_path)], check=True, capture_output=True, timeout=300)
    return docx_path.with_suffix(".pdf")


def test_a_wide_table_in_word_keeps_every_amount_on_one_line_in_libreoffice(wide, tmp_path):  # noqa: F811  (the fixture)
    from test_render_polish import expected_wide, filled_wide_form, wide_facts

    from budgetlens.render import render

    disc = parse(filled_wide_form(tmp_path))
    out = tmp_path / "公开.docx"
    render(disc, out)
    back = parse(soffice_pdf(out))
    assert wide_facts(back) == expected_wide()
    assert decided(back) == decided(disc)


def test_a_seed_rendered_to_word_reads_back_from_libreoffices_pdf(tmp_path):
    """The 上年结转结余表 names a project by a code (特定目标1210366P): a column too narrow broke
    the code over two lines, read back as 特定目标12103 66P."""
    from budgetlens.render import render

    disc = parse(EXAMPLES / "002_4e0ed6e09b019fe1.txt")
    out = tmp_path / "公开.docx"
    render(disc, out)
    back = parse(soffice_pdf(out))
    assert decided(back) == decided(disc)


def test_a_width_is_the_widest_fonts_and_the_estimate_without_fonts(monkeypatch):
    from budgetlens.render import measure

    narrow, wide_digits = {ord(c): 0.5 for c in "0123456789,."}, {ord(c): 0.64 for c in "0123456789,."}
    monkeypatch.setattr(measure, "fonts", lambda: ((narrow, 0.6), (wide_digits, 0.6)))
    assert measure.em("1,234.56") == pytest.approx(8 * 0.64)
    assert measure.em("中国") == 2.0                       # (a CJK character a font lacks: 1 em)
    monkeypatch.setattr(measure, "fonts", lambda: ())
    assert measure.em("1,234.56") == pytest.approx(8 * 0.6) and measure.em("支出") == 2.0
    assert measure.longest_token("特定目标1210366P（结转）") == "1210366P"


@pytest.mark.parametrize("seed", ["000_9131eab83374bb33", "002_4e0ed6e09b019fe1"])
def test_a_seed_rendered_to_a_workbook_reads_back_from_calcs_pdf(seed, tmp_path):
    """Calc prints a sheet as its columns and rows are set: with the default width, names were
    clipped (facts keyed by a cut project name), and a wrapped header, its row not heightened,
    ran over the 总计 row (whose amounts were read under “）”)."""
    from budgetlens.render import render

    disc = parse(EXAMPLES / f"{seed}.txt")
    out = tmp_path / "公开.xlsx"
    render(disc, out)
    back = parse(soffice_pdf(out))
    assert decided(back) == decided(disc)


def test_workbook_columns_fit_their_text_and_headers_their_lines():
    from budgetlens.render.document import Cell, TableBlock
    from budgetlens.render.xlsx import MAX_WIDTH, column_widths, header_lines, units

    name = "克州电子政务外网等级保护测评项目"
    block = TableBlock(label="表7", title="项目支出表", unit_line="单位：万元", unit_name="",
                       header=[["项目名称", "资本性支出（基本建设）"]],
                       body=[[Cell(text=name), Cell(text="", amount=D("1234567.89"))]])
    widths = column_widths(block)
    assert widths[0] >= units(name) and widths[1] >= units("1,234,567.89")
    assert widths[0] <= MAX_WIDTH + 2
    # a header three times its column's width needs three lines, or more
    block.header = [["项目名称", "资本性支出（基本建设）" * 3]]
    assert header_lines(block, column_widths(block))[0] >= 2


def test_a_font_without_a_unicode_map_is_measured_by_none(monkeypatch):
    from fontTools.ttLib import TTFont

    from budgetlens.render import measure

    found = measure.located("Noto Sans CJK SC")
    if found is None:
        pytest.skip("需要 fonts-noto-cjk")
    monkeypatch.setattr(TTFont, "getBestCmap", lambda self, *a, **k: None)
    assert measure.advances(*found) == {}
