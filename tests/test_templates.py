"""TemplateSpecs are data; every printed header of the seeds maps through them."""

import pytest

from budgetlens.templates import load_templates
from conftest import parsed


def test_templates_load_and_are_consistent():
    specs = load_templates()
    assert {s.id for s in specs} >= {"xj-dept-budget-2025", "xj-unit-budget-2022"}
    for spec in specs:
        for table in spec.tables:
            keys = {c.key for _, c in table.all_columns()}
            for s in table.sums:
                assert s.total in keys and set(s.parts) <= keys, (spec.id, table.kind, s)
            labels = [table.display_label(side, c) for side, c in table.all_columns()]
            assert len(labels) == len(set(labels)), (spec.id, table.kind, labels)


@pytest.mark.parametrize("stem", ["000_9131eab83374bb33", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3"])
def test_every_printed_header_maps(stem):
    disc = parsed(stem)
    for table in disc.tables:
        assert table.header, table.title
        assert table.header_unmapped == [], (table.title, table.header_unmapped)


def test_garbled_ocr_headers_are_reported_not_silently_used():
    disc = parsed("001_bb7d043ad2da133b")
    income = disc.table("income")
    assert income.header_unmapped
    assert any(i.code == "header-unmapped" and "单位收入总体情况表" in i.message for i in disc.issues)


def test_every_fact_has_coordinates_from_the_template(seed):
    disc = parsed(seed)
    for fact in disc.facts:
        c = fact.coords
        if fact.ambiguous:
            assert all(a.economic_code or a.budget_type for a in fact.alternatives)
            continue
        described = [c.side, c.source, c.nature, c.budget_type, c.economic_code, c.item]
        assert any(described), fact
        assert c.function_code or c.economic_code or c.item or c.source or c.label or c.project, fact


# ---- the national format, for regions without a template of their own ----------------------

NATIONAL_TITLES = {"部门收支总体情况表": "收支预算总表", "部门收入总体情况表": "收入预算总表",
                   "部门支出总体情况表": "支出预算总表", "财政拨款收支预算总体情况表": "财政拨款收支预算总表",
                   "一般公共预算支出情况表": "一般公共预算支出预算表",
                   "一般公共预算基本支出情况表": "一般公共预算基本支出预算表",
                   "一般公共预算项目支出情况表": "项目支出预算表", "政府性基金预算支出情况表": "政府性基金预算支出预算表",
                   "国有资本经营预算支出情况表": "国有资本经营预算支出预算表",
                   "财政拨款“三公”经费支出情况表": "一般公共预算“三公”经费支出预算表",
                   "上年结转结余情况明细表": "上年结转结余预算表", "克孜勒苏柯尔克孜自治州": "浙江省湖州市"}


def national(tmp_path, drop: str | None = None):
    """Seed 000 as another region would title it (the national wordings), optionally without
    one table (its title line)."""
    from conftest import EXAMPLES
    text = next(EXAMPLES.glob("000_*.txt")).read_text(encoding="utf-8")
    for old, new in NATIONAL_TITLES.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "national.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_national_titles_choose_the_national_template_and_read_as_the_seed(tmp_path):
    """A document of a region without a template, titled as the national format titles its
    tables, reads cell for cell as the seed it was made from (before: Jiangsu's 2018 template
    was chosen, six tables read, and its three-sided 收支总表 crashed the grid reader)."""
    from budgetlens.pipeline import parse
    from conftest import EXAMPLES

    def cells(disc):
        return sorted((t.kind, r.code, r.name, c.column, str(c.amount)) for t in disc.tables for r in t.rows
                      for c in r.cells if c.amount is not None)

    disc = parse(national(tmp_path))
    assert disc.meta.template == "cn-dept-budget-2018"
    seed = parse(next(EXAMPLES.glob("000_*.txt")))
    assert len(disc.tables) == 11 and disc.missing == []
    assert [c for c in cells(disc) if "湖州" not in c[2]] == [c for c in cells(seed) if "克孜勒苏" not in c[2]]


def test_extends_with_merge_changes_only_the_fields_given():
    specs = {s.id: s for s in load_templates()}
    base, national_spec = specs["xj-dept-budget-2025"], specs["cn-dept-budget-2018"]
    for kind in ("summary", "three_public", "carryover"):
        mine, theirs = national_spec.table(kind), base.table(kind)
        assert mine.titles != theirs.titles
        assert mine.columns == theirs.columns and mine.items == theirs.items and mine.sides == theirs.sides
    assert not national_spec.table("carryover").required and base.table("carryover").required


def test_a_table_not_every_region_prints_is_not_missing(tmp_path):
    """The national template does not require 上年结转结余表: a document without it lists nothing
    missing and C-TABLES passes."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse
    path = national(tmp_path)
    text = path.read_text(encoding="utf-8")
    at = text.index("上年结转结余预算表")
    start = text.rfind("\n", 0, at)
    path.write_text(text[:start] + "\n" + text[at:].split("\n", 1)[1].replace("上年结转结余预算表", ""), encoding="utf-8")
    disc = parse(path)
    assert "carryover" not in {t.kind for t in disc.tables}
    assert disc.missing == []
    assert not [f for f in check(disc).findings if f.rule == "C-TABLES"]


def test_a_merge_entry_needs_the_table_in_the_base():
    from budgetlens.templates import resolve_extends
    raw = {"base": {"id": "base", "tables": [{"kind": "summary", "number": 1, "titles": ["收支总表"]}]},
           "child": {"id": "child", "extends": "base", "tables": [{"kind": "income", "merge": True, "titles": ["收入总表"]}]}}
    with pytest.raises(ValueError, match="merge"):
        resolve_extends(raw["child"], raw)
    raw["child"]["tables"] = [{"kind": "summary", "merge": True, "titles": ["部门收支总表"]}]
    assert resolve_extends(raw["child"], raw)["tables"] == [{"kind": "summary", "number": 1, "titles": ["部门收支总表"]}]
