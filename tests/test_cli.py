"""The command line: parse formats, schema, demo."""

import csv
import io
import json
import subprocess
import sys

from budgetlens.model import json_schema
from conftest import EXAMPLES, ROOT

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "budgetlens.cli.main", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def test_parse_summary_is_chinese():
    out = cli("parse", SEED)
    assert out.returncode == 0
    assert "克孜勒苏柯尔克孜自治州人民政府办公室" in out.stdout and "公开表" in out.stdout
    assert "收入总计：1759.05 万元" in out.stdout


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
