"""`budgetlens check` and `budgetlens rules` from the command line."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from budgetlens.checks.report import CSV_HEADER
from budgetlens.cli.main import app

from conftest import EXAMPLES

runner = CliRunner()
S000 = str(EXAMPLES / "000_9131eab83374bb33.txt")
S001 = str(EXAMPLES / "001_bb7d043ad2da133b.txt")


def test_text_report_groups_by_severity_and_quotes_lines():
    result = runner.invoke(app, ["check", S001])
    assert result.exit_code == 1                      # errors found
    assert "【错误】" in result.output and "第 242 行" in result.output
    assert "ARITH-COLUMN-SUM" in result.output


def test_warnings_only_exit_zero():
    result = runner.invoke(app, ["check", S000])
    assert result.exit_code == 0 and "【警告】" in result.output and "【错误】" not in result.output


def test_json_report_has_outcomes_and_findings():
    result = runner.invoke(app, ["check", S001, "--format", "json"])
    data = json.loads(result.output)
    assert {o["status"] for o in data["outcomes"]} >= {"pass", "fail", "not_applicable"}
    finding = next(f for f in data["findings"] if f["rule"] == "N-CHANGE-RATE")
    assert finding["severity"] == "error" and finding["fingerprint"] and finding["evidence"]


def test_csv_report_in_broker_style():
    result = runner.invoke(app, ["check", S000, S001, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == CSV_HEADER
    assert {r[0].rsplit("/", 1)[-1][:3] for r in rows[1:]} == {"000", "001"}


def test_html_report_highlights_cells_and_sentences(tmp_path):
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", S001, "--format", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert 'class="num hit-error"' in page            # 表八 合计 cell
    assert '<mark class="error">' in page             # the 43.29% sentence
    assert "<script" not in page                       # standalone, nothing to load


def test_rules_catalogue_formats():
    md = runner.invoke(app, ["rules"]).output
    assert md.startswith("| 规则 |") and "T10-T6-LINES" in md
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["rules", "--format", "csv"]).output)))
    assert rows[0][:3] == ["id", "category", "severity"] and len(rows) > 40


def test_bad_input_and_bad_config_exit_2(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 2
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  NOPE: {enabled: false}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", S000, "--config", str(cfg)])
    assert result.exit_code == 2 and "未知规则" in result.output


def test_prior_option_runs_year_over_year():
    result = runner.invoke(app, ["check", S000, "--prior", S000, "--format", "json", "-v"])
    data = json.loads(result.output)
    outcome = next(o for o in data["outcomes"] if o["rule"] == "Y-PRIOR-FIGURE")
    assert outcome["status"] == "not_applicable" and "2025" in outcome["reason"]
