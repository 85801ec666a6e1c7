"""One document in, one Disclosure out: readers → segment → extract → model."""

from __future__ import annotations

from pathlib import Path

from .extract.meta import extract_meta
from .extract.narrative import extract_narrative
from .extract.overview import extract_overview
from .extract.tables import build_tables
from .model import Disclosure, ParseIssue, Part, SourceFile
from .readers import ReadError, read_document
from .segment import segment


class NotADisclosure(ReadError):
    """The file was read but holds no budget disclosure."""


def parse(path: str | Path) -> Disclosure:
    doc = read_document(path)
    seg = segment(doc)
    if not seg.tables and not seg.parts:
        raise NotADisclosure(
            f"{Path(path).name} 不是预算公开文件：未找到“第一部分 概况 / 第二部分 预算公开表”等部分，"
            "也未找到任何标准表（如“部门收支总体情况表”“一般公共预算支出情况表”）")
    disc = Disclosure()
    disc.sources.append(SourceFile(path=str(path), sha256=doc.sha256, format=doc.format,
                                   encoding=doc.encoding, lines=len(doc.lines)))
    for p in seg.parts:
        disc.parts.append(Part(key=p.key, title=p.title, line=doc.lines[p.start].no,
                               line_end=doc.lines[p.end - 1].no))
    for result in build_tables(doc, seg.tables, seg.template.unit if seg.template else "万元"):
        disc.tables.append(result.table)
        disc.facts.extend(result.facts)
        disc.issues.extend(result.issues)
    extract_meta(doc, seg, disc)
    extract_overview(doc, seg, disc)
    extract_narrative(doc, seg, disc)
    report_missing(seg, disc)
    return disc


def report_missing(seg, disc: Disclosure) -> None:
    if seg.template is None:
        disc.issues.append(ParseIssue(level="warning", code="no-template",
                                      message="未能识别公开模板（地区/层级/年度），按通用表名识别各表"))
        return
    found = {t.kind for t in disc.tables}
    for spec in seg.template.tables:
        if spec.kind not in found:
            disc.missing.append(f"表{spec.number} {spec.titles[0]}")
    for part in seg.template.parts:
        if part["key"] not in {p.key for p in disc.parts}:
            disc.missing.append(f"{part['title']}部分")
    for item in disc.missing:
        disc.issues.append(ParseIssue(level="warning", code="missing", message=f"缺少：{item}"))
