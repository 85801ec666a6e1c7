"""Check reports for people (text, HTML) and machines (JSON, CSV in the DATA Act Broker style)."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

from ..model.findings import CheckReport, Finding
from ..readers import ReadError, read_document
from .catalogue import RuleSpec
from .context import describe

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"pass": "通过", "fail": "未通过", "not_applicable": "不适用", "insufficient_data": "数据不足"}
READING_SHOWN = 8          # reading warnings printed before the findings
CSV_HEADER = ["file", "rule", "severity", "category", "location", "expected", "found", "difference",
              "message", "lines", "fingerprint"]


def source_lines(path: str) -> dict[int, str]:
    return _source(path)[0]


def source_pages(path: str) -> dict[int, int]:
    """A PDF's lines → the page each is printed on (other forms' pages are sheets or none)."""
    return _source(path)[1]


def _source(path: str) -> tuple[dict[int, str], dict[int, int]]:
    try:
        stat = Path(path).stat()
    except OSError:
        return {}, {}
    return _read_lines(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_lines(path: str, mtime_ns: int, size: int) -> tuple[dict[int, str], dict[int, int]]:
    """The file's lines and, a PDF's, their pages: read once per file and version (a report
    quotes many findings, each asking for both; a PDF takes seconds to read, a scan minutes),
    again when the file changed."""
    try:
        doc = read_document(path)
    except (ReadError, OSError):
        return {}, {}
    pdf = Path(path).suffix.lower() == ".pdf"
    return ({line.no: line.text for line in doc.lines},
            {line.no: line.page for line in doc.lines if pdf and line.page})


def quote(finding: Finding, path: str | None, limit: int = 4) -> list[tuple[int, str]]:
    """The source lines a finding points at, as printed. Each line is read from the file its
    evidence names (a bundle's narrative file is not its tables file); a line of another file
    than `path` is marked with that file's name."""
    return [(n, text) for _, n, text in _quoted(finding, path, limit)]


def _quoted(finding: Finding, path: str | None, limit: int) -> list[tuple[str, int, str]]:
    wanted: dict[tuple[str, int], None] = {}
    for ev in finding.evidence:
        p = ev.provenance
        file = (p.file if p and p.file else None) or path
        if p and p.line and file:
            for n in range(p.line, (p.line_end or p.line) + 1):
                wanted[(file, n)] = None
    order = {path: 0}
    keys = sorted(wanted, key=lambda k: (order.setdefault(k[0], len(order)), k[1]))
    out = []
    for file, n in keys[:limit]:
        lines = source_lines(file)
        if n in lines:
            mark = "" if file == path else f"（{Path(file).name}）"
            out.append((file, n, mark + lines[n]))
    return out


def placed_quotes(finding: Finding, path: str | None, limit: int = 4) -> list[tuple[str, str]]:
    """quote()'s lines, each named as a reader of the original finds it: a PDF's page first,
    then the line of the document's text (the `line` of `parse --format cells`)."""
    out = []
    for file, n, text in _quoted(finding, path, limit):
        page = source_pages(file).get(n)
        out.append((f"第 {page} 页第 {n} 行" if page else f"第 {n} 行", text))
    return out


def to_text(report: CheckReport, verbose: bool = False) -> str:
    out = io.StringIO()
    title = report.unit_name or report.file or ""
    out.write(f"检查报告：{title}（{report.year or '年度未知'}，模板 {report.template or '未识别'}）\n")
    counts = "，".join(f"{SEVERITY_NAMES[s]} {report.count(s)} 项" for s in ("error", "warning", "info"))
    statuses = {k: sum(1 for o in report.outcomes if o.status == k) for k in STATUS_NAMES}
    out.write(f"发现：{counts}；规则：" + "，".join(f"{STATUS_NAMES[k]} {v}" for k, v in statuses.items()) + "\n")
    if report.reading:
        out.write("\n【读取】\n")
        for note in report.reading[:READING_SHOWN]:
            out.write(f"- {note}\n")
        if len(report.reading) > READING_SHOWN:
            out.write(f"- （另有 {len(report.reading) - READING_SHOWN} 条读取警告，见 budgetlens parse）\n")
    for severity in ("error", "warning", "info"):
        found = [f for f in report.findings if f.severity == severity]
        if not found or (severity == "info" and not verbose):
            continue
        out.write(f"\n【{SEVERITY_NAMES[severity]}】\n")
        for f in found:
            out.write(f"- [{f.rule}] {f.message}\n")
            for where, text in placed_quotes(f, report.file):
                out.write(f"    {where}：{text.strip()[:160]}\n")
    if not verbose and report.count("info"):
        out.write(f"\n（另有 {report.count('info')} 项提示，多为舍入误差；加 --verbose 显示）\n")
    skipped = [o for o in report.outcomes if o.status in ("not_applicable", "insufficient_data")]
    if verbose and skipped:
        out.write("\n【未检查的规则】\n")
        for o in skipped:
            out.write(f"- {o.rule}：{STATUS_NAMES[o.status]}（{o.reason}）\n")
    return out.getvalue()


def to_json(reports: list[CheckReport]) -> str:
    data = [r.model_dump(mode="json") for r in reports]
    return json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, indent=2)


def to_csv(reports: list[CheckReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in reports:
        for f in r.findings:
            writer.writerow([r.file or "", f.rule, f.severity, f.category, describe(f.location),
                             f.expected or "", f.found or "", "" if f.difference is None else str(f.difference),
                             f.message, ";".join(str(n) for n in sorted(f.lines)), f.fingerprint])
    return out.getvalue()


def rules_markdown(rules: list[RuleSpec]) -> str:
    lines = ["| 规则 | 类别 | 级别 | 检查内容 | 依据 |", "|---|---|---|---|---|"]
    for r in rules:
        state = "" if r.enabled else "（已停用）"
        lines.append(f"| {r.id} | {r.category} | {SEVERITY_NAMES[r.severity]}{state} | {r.title} | {r.basis} |")
    return "\n".join(lines) + "\n"


def rules_csv(rules: list[RuleSpec]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "category", "severity", "enabled", "title", "message", "basis"])
    for r in rules:
        writer.writerow([r.id, r.category, r.severity, r.enabled, r.title, r.message, r.basis])
    return out.getvalue()
