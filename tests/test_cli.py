"""The command line: parse formats, schema, demo."""

import csv
import io
import json
import os
import subprocess
import sys

from conftest import EXAMPLES, ROOT

from budgetlens.model import json_schema

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "budgetlens.cli.main", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def test_parse_summary_is_chinese():
    out = cli("parse", SEED)
    assert out.returncode == 0
    assert "克孜勒苏柯尔克孜自治州人民政府办公室" in out.stdout and "公开表" in out.stdout
    assert "收入总计：1,759.05 万元" in out.stdout


def test_parse_summary_shows_empty_only_for_tables_without_amounts(tmp_path):
    """The seed's 表8 and 表9 print no amounts and say they are empty: 空表. Its 三公 table prints
    8 amounts; a note under it about one line ("本部门2026年无因公出国（境）费支出") does not make
    it one (before: 空表)."""
    text = SEED.read_text(encoding="utf-8")
    line = "公务用车运行费\t78.00\t78.00\t\t\n"
    assert text.count(line) == 1
    path = tmp_path / "note.txt"
    path.write_text(text.replace(line, line + "\n注：本部门2026年无因公出国（境）费支出。\n"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "budgetlens.cli.main", "parse", str(path), "--format", "summary"],
                         capture_output=True, text=True, encoding="utf-8", env={**os.environ, "COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    rows = {cells[1]: cells for line in out.stdout.splitlines()
            if len(cells := [c.strip() for c in line.split("│")[1:-1]]) == 7}
    assert rows["“三公”经费支出表"][5:] == ["8", ""]
    assert rows["政府性基金预算支出表"][5:] == ["0", "空表"]
    assert rows["国有资本经营预算支出表"][5:] == ["0", "空表"]


def test_parse_json_is_the_full_model():
    out = cli("parse", SEED, "--format", "json")
    data = json.loads(out.stdout)
    assert data["meta"]["year"] == 2026 and len(data["tables"]) == 11
    fact = data["facts"][0]
    assert fact["provenance"]["file"].endswith(SEED.name) and fact["provenance"]["line"]


def test_parse_cells_csv():
    out = cli("parse", SEED, "--format", "cells")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["table", "kind", "title", "code", "name", "project", "column", "amount", "line"]
    row = next(r for r in rows if r["table"] == "2" and r["name"] == "总计" and r["column"] == "单位资金")
    assert row["amount"] == "30.00"
    assert any(r["column"] == "收入/预算数" for r in rows) and any(r["column"] == "支出/一般公共预算" for r in rows)


def _without_decimal_patterns(node):
    """pydantic versions differ in whether a Decimal string carries a regex pattern; that is the
    library's detail, not our model's."""
    if isinstance(node, dict):
        return {k: _without_decimal_patterns(v) for k, v in node.items()
                if not (k == "pattern" and "\\d*\\.?\\d*" in str(v))}
    if isinstance(node, list):
        return [_without_decimal_patterns(v) for v in node]
    return node


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "schema" / "disclosure.schema.json").read_text(encoding="utf-8"))
    assert _without_decimal_patterns(committed) == _without_decimal_patterns(json_schema())


def test_schema_command_writes_file(tmp_path):
    out = cli("schema", "--output", tmp_path / "s.json")
    assert out.returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["title"] == "Disclosure"


def test_demo_runs_on_bundled_examples():
    out = cli("demo")
    assert out.returncode == 0
    assert out.stdout.count("公开表") == 4


def test_summary_names_kinds_in_chinese_and_a_yuan_total_in_wan():
    import re
    from decimal import Decimal

    import pytest
    from conftest import SHARED

    from budgetlens.model.tables import KIND_NAMES
    from budgetlens.templates import load_templates
    # every kind a template declares has its Chinese name (the summary and reports print it)
    kinds = {t.kind for spec in load_templates() for t in spec.tables}
    assert kinds <= set(KIND_NAMES), kinds - set(KIND_NAMES)
    pdf = SHARED / "real" / "sh-city-czj-2025-unit-budget.pdf"
    if not pdf.exists():
        pytest.skip("../shared/real is absent")
    out = cli("parse", pdf)
    assert "一般公共预算支出表" in out.stdout and "gpb_expenditure" not in out.stdout
    total = re.search(r"收入总计：([\d,]+) 元（([\d,.]+) 万元）", out.stdout)
    assert total, out.stdout[-600:]
    yuan, wan = (Decimal(g.replace(",", "")) for g in total.groups())
    assert abs(yuan / 10000 - wan) <= Decimal("0.005")
