"""One document in, one Disclosure out: readers → segment → extract → model."""

from __future__ import annotations

import gc
import threading
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel

from . import guard
from .extract.claim_sets import assign_claim_sets
from .extract.layout import cells_one_per_line
from .extract.meta import extract_meta
from .extract.narrative import extract_narrative
from .extract.overview import extract_overview
from .extract.points import mend_points
from .extract.rebuilt import (
    LAYOUT_LOST,
    LAYOUT_LOST_TABLE,
    LAYOUT_REBUILT,
    labelled,
    unconfirmed,
)
from .extract.tables import build_tables
from .extract.units import check_assumed_units
from .extract.unknown import read_unknown
from .model import Disclosure, ParseIssue, Part, PrintedTable, Provenance, SourceFile
from .model.disclosure import file_role
from .readers import ReadError, SourceDocument, read_document
from .readers.base import pictures_said, sha256_bytes
from .readers.pictures import PICTURED_FORMATS
from .segment import Headings, second_disclosure, segment
from .segment.sets import printed_elsewhere, set_name, set_names, settle_own_set


class NotADisclosure(ReadError):
    """The file was read but holds no budget disclosure."""


def parse(path: str | Path, *more: str | Path) -> Disclosure:
    """One disclosure from one file, or from several files of one disclosure (tables and
    narrative published as separate PDFs, attachments): they are read in the order given."""
    if more:
        return parse_bundle([path, *more])
    with collector_paused():      # (the lines read live as long as the extraction: see there)
        return parse_document(read_document(path), path)


def parse_bundle(paths: list[str | Path]) -> Disclosure:
    with collector_paused():
        docs = [read_document(p) for p in paths]
        merged = merge_documents(docs)
        disc = parse_document(merged, paths[0], sources=docs)
        relocate(disc, docs)
        assign_roles(disc)
    return disc


def assign_roles(disc: Disclosure) -> None:
    """The bundle's manifest: what each file holds (tables, narrative, both, or neither)."""
    with_tables = {t.provenance.file for t in disc.tables if t.provenance}
    with_text = {s.provenance.file for s in disc.narrative.sections if s.provenance}
    for source in disc.sources:
        source.role = file_role(source.path in with_tables, source.path in with_text)


def merge_documents(docs: list[SourceDocument]) -> SourceDocument:
    """The files' lines one after another, renumbered; each file's first line is remembered
    (relocate maps numbers back to the file and its own line)."""
    formats = {d.format for d in docs}
    merged = SourceDocument(path=" + ".join(d.path for d in docs),
                            format=formats.pop() if len(formats) == 1 else "bundle", encoding=None,
                            sha256=sha256_bytes("".join(d.sha256 for d in docs).encode()))
    merged.title = next((d.title for d in docs if d.title), None)
    for d in docs:
        merged.parts.append(d.path)
        merged.file_starts.append(len(merged.lines))
        merged.warnings.extend(f"{Path(d.path).name}：{w}" for w in d.warnings)
        merged.notes.extend(f"{Path(d.path).name}：{n}" for n in d.notes)
        merged.pictures.extend(f"{Path(d.path).name} {p}" for p in d.pictures)
        merged.folds.update((no + len(merged.lines), joins) for no, joins in d.folds.items())
        merged.formulas.update(((no + len(merged.lines), i), text) for (no, i), text in d.formulas.items())
        for line in d.lines:
            merged.lines.append(replace(line, no=len(merged.lines) + 1))
    return merged


def relocate(disc: Disclosure, docs: list[SourceDocument]) -> None:
    """Every provenance of a bundle names the file its line came from and the line in it."""
    starts, first = [], 1
    for d in docs:
        starts.append((first, d.path))
        first += len(d.lines)

    firsts = [s for s, _ in starts]

    def fix(prov: Provenance) -> None:
        if prov.line is None:
            return
        k = bisect_right(firsts, prov.line) - 1
        offset, prov.file = starts[k][0] - 1, starts[k][1]
        prov.line -= offset
        if prov.line_end is not None:
            prov.line_end -= offset

    for prov in walk_provenance(disc):
        fix(prov)


def walk_provenance(obj):
    """Every Provenance inside a model (tables, cells, facts, claims …), each once."""
    seen: set[int] = set()
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, Provenance):
            if id(item) not in seen:
                seen.add(id(item))
                yield item
        elif isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


_pause_lock = threading.Lock()
_paused = False            # an extraction has paused the collector and will resume it


@contextmanager
def collector_paused():
    """The cyclic garbage collector paused while one document is extracted, resumed after.

    Extraction allocates tens of thousands of containers that all live until it returns (the
    Disclosure holds them): the collector's passes during it free nothing and cost about a
    tenth of the time (measured: 8.5 → 4 ms per seed). parse() pauses it over the reading as
    well: the lines read live as long, and a pass right after reading would walk them all
    (seed 003: 4 % of its instructions). Reading a PDF paused leaves its cyclic garbage to the
    end of the parse (the largest real PDF: 3 MB more at the peak). Only the extraction that
    paused the collector resumes it, so in a threaded batch a pause never outlasts one extraction and
    other threads' garbage waits at most that long. A collector the application disabled is
    left alone.

    On resuming, what the extraction made (the Disclosure the caller keeps) goes to the oldest
    generation at once (promote_young) instead of being walked by the young pass the next
    allocation would start (seed 003: 0.35 of 21 ms); garbage cycles among it, if any, wait for
    the next full pass."""
    global _paused
    with _pause_lock:
        owner = not _paused and gc.isenabled()
        if owner:
            gc.disable()
            _paused = True
    try:
        yield
    finally:
        if owner:
            with _pause_lock:
                _paused = False
                promote_young()
                gc.enable()


def promote_young() -> None:
    """Every object the collector tracks into its oldest generation, unwalked: gc.freeze then
    gc.unfreeze, two list splices. Not where the application froze objects itself (a server
    forking its workers after gc.freeze): unfreeze would hand them back to the collector."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def parse_document(doc: SourceDocument, path: str | Path, sources: list[SourceDocument] | None = None) -> Disclosure:
    with collector_paused():
        return extract_document(doc, path, sources)


def extract_document(doc: SourceDocument, path: str | Path, sources: list[SourceDocument] | None) -> Disclosure:
    sources = sources or [doc]
    heads = Headings(doc)
    doc, rest = first_disclosure(doc, heads)
    mended = mend_points(doc) if doc.format in OCR_FORMATS else []
    seg = segment(doc, heads if heads.doc is doc else None)     # (a document cut short: its own)
    if not seg.tables and not seg.parts:
        raise NotADisclosure(
            f"{Path(path).name} 不是预算公开文件：未找到“第一部分 概况 / 第二部分 预算公开表”等部分，"
            "也未找到任何标准表（如“部门收支总体情况表”“一般公共预算支出情况表”）"
            + (f"；文件中有 {pictures_said(doc.pictures)}，未读取（{PICTURES_UNREAD}），"
               "表格可能以图片形式粘贴" if doc.pictures else ""))
    disc = Disclosure()
    disc.issues.extend(rest)
    for d in sources:
        disc.sources.append(SourceFile(path=str(d.path), sha256=d.sha256, format=d.format,
                                       encoding=d.encoding, lines=len(d.lines), pages=d.pages))
    for warning in doc.warnings:
        disc.issues.append(ParseIssue(level="warning", code="reader", message=warning))
    for note in doc.notes:
        disc.issues.append(ParseIssue(level="info", code="reader", message=note))
    disc.issues.extend(ocr_doubts(doc))
    disc.issues.extend(misread_title_notes(doc, seg))
    strangers, unread = read_strangers(doc, seg)
    disc.issues.extend(unknown_table_notes(doc, seg, strangers))
    disc.issues.extend(unread)
    for p in seg.parts:
        disc.parts.append(Part(key=p.key, title=p.title, line=doc.lines[p.start].no,
                               line_end=doc.lines[p.end - 1].no))
    for result in build_tables(doc, seg.tables, seg.template.unit if seg.template else "万元"):
        disc.tables.append(result.table)
        disc.facts.extend(result.facts)
        disc.issues.extend(result.issues)
    disc.tables.extend(strangers)          # after the template's: their indices stay the blocks'
    disc.issues.extend(point_issues(doc, disc, mended))
    if not seg.own_set_told:
        issue = settle_own_set(disc.tables)
        if issue is not None:
            disc.issues.append(issue)
    if doc.format in ("plain", "bundle") and cells_one_per_line(
            [ln for b in seg.tables for ln in doc.lines[b.title_index:b.end]]):
        disc.issues.extend(rebuilt_issues(doc, seg, disc))
    elif doc.format in ("plain", "bundle"):
        disc.issues.extend(rebuilt_issues(doc, seg, disc, interleaved=True))
    contained(disc, "读取封面与单位信息", extract_meta, doc, seg, disc)
    contained(disc, "读取部门概况", extract_overview, doc, seg, disc)
    contained(disc, "读取情况说明", extract_narrative, doc, seg, disc)
    contained(disc, "归属情况说明所述单位", assign_claim_sets, disc)
    check_assumed_units(disc)
    report_missing(seg, disc, doc.pictures)
    return disc


def contained(disc: Disclosure, what: str, stage, *args) -> None:
    """A stage run so that a defect in it costs its own part only: said as an error of the parse
    (guard.py), what the other stages read is kept."""
    try:
        stage(*args)
    except Exception as exc:       # (contained: guard.py)
        if guard.strict():
            raise
        disc.issues.append(ParseIssue(level="error", code=guard.CODE, message=guard.failure_message(what, exc)))


SECOND_DISCLOSURE = "second-disclosure"


def first_disclosure(doc: SourceDocument, heads: Headings | None = None) -> tuple[SourceDocument, list[ParseIssue]]:
    """A file holding two whole disclosures one after the other: its first, and the warning that
    the rest was not read (a disclosure holds one unit's budget). heads: doc's (segment.Headings)."""
    end = second_disclosure(doc, heads)
    if end is None:
        return doc, []
    line = doc.lines[end]
    first = replace(doc, lines=doc.lines[:end], file_starts=[s for s in doc.file_starts if s < end])
    return first, [ParseIssue(
        level="warning", code=SECOND_DISCLOSURE, provenance=Provenance(file=doc.path, line=line.no, page=line.page),
        message=f"文件从第 {line.no} 行起是另一份完整的预算公开（其概况、预算公开表等部分又从头印起），"
                f"只读取了此前的第一份（第 1–{doc.lines[end - 1].no} 行），其后的内容未读取；"
                "请将各份预算公开分成单独的文件再分别读取")]


def misread_title_notes(doc: SourceDocument, seg) -> list[ParseIssue]:
    """The tables whose title OCR misread by a character, taken for the template's title: said,
    as a reading to check (segment.misread_titles)."""
    out = []
    for i, printed, official in seg.misread_titles:
        line = doc.lines[i]
        out.append(ParseIssue(
            level="info", code=TITLE_MISREAD, provenance=Provenance(file=doc.path, line=line.no, page=line.page),
            message=f"第 {line.no} 行的表名“{printed}”是扫描件 OCR 识别的，与模板的表名“{official}”只差一个字，"
                    "按该表读取，请核对"))
    return out


TITLE_MISREAD = "title-misread"


def read_strangers(doc: SourceDocument, seg) -> tuple[list[PrintedTable], list[ParseIssue]]:
    """The tables the template does not know, kept as printed (extract.unknown), indexed after
    the template's; and a warning for each figure one prints that was not read, on its line
    in its table, as the template's tables say theirs (extract.tables.build_one)."""
    tables, issues = [], []
    for n, stranger in enumerate(seg.unknown):
        notes: list[tuple] = []
        table = read_unknown(doc, stranger, len(seg.tables) + n, group_before(seg, stranger.title_index), notes)
        tables.append(table)
        issues += [ParseIssue(level="warning", code=code, message=f"表「{table.title}」{message}",
                              provenance=table.provenance.model_copy(update={"line": line, "line_end": None}))
                   for code, message, line in notes]
    return tables, issues


def unknown_table_notes(doc: SourceDocument, seg, read: list[PrintedTable]) -> list[ParseIssue]:
    """The tables the template does not know (segment.unknown): kept as printed (`read`,
    extract.unknown), not taken for rows of the table before them, not checked."""
    out = []
    name = f"模板“{seg.template.name}”" if seg.template else "已知模板"
    for table, kept in zip(seg.unknown, read):
        i, title = table.title_index, f"{table.label or '表'}“{table.title}”"
        first, last = doc.lines[table.start], doc.lines[max(table.end - 1, i)]
        figures = sum(1 for r in kept.rows for c in r.cells if c.amount is not None)
        unread = sum(1 for r in kept.rows for c in r.cells if c.unread)
        unsaid = f"，另有 {unread} 处可能是数字而未读取（原因见各单元格）" if unread else ""
        out.append(ParseIssue(
            level="warning", code=TABLE_UNKNOWN,
            provenance=Provenance(file=doc.path, line=first.no, line_end=last.no, page=first.page, table=kept.index),
            message=f"{lines_said(doc, first, last)}的{title}不是{name}中的表，"
                    f"已按原样保留（{len(kept.rows)} 行，{figures} 个数字{unsaid}），但不知其各列的含义，未生成数据项，未作核对"
                    + ("；这些行也未并入它前面的表" if any(b.title_index < i for b in seg.tables) else "")
                    + "，请另行核对"))
    return out


def group_before(seg, i: int) -> int | None:
    """The set of tables a table the template does not know belongs to: that of the table
    printed before it (the document's own where none is)."""
    before = [b for b in seg.tables if b.title_index < i]
    return max(before, key=lambda b: b.title_index).group if before else 0


TABLE_UNKNOWN = "table-unknown"


def lines_said(doc: SourceDocument, first, last) -> str:
    """"第 86–115 行", and of a PDF its pages: "第 4–5 页（第 86–115 行）" (other readers' pages
    may number tables or pictures)."""
    lines = f"第 {first.no}–{last.no} 行"
    if doc.format != "pdf" or first.page is None:
        return lines
    pages = f"第 {first.page} 页" if last.page in (None, first.page) else f"第 {first.page}–{last.page} 页"
    return f"{pages}（{lines}）"


def rebuilt_issues(doc: SourceDocument, seg, disc: Disclosure, interleaved: bool = False) -> list[ParseIssue]:
    """The tables' text lost the page's layout and their rows were rebuilt: for each table,
    whether its own identities confirm the reading (extract/rebuilt.py); a warning naming those
    they do not (the checks only tell what they find there). The text came one cell a line,
    or (interleaved) it writes a side-by-side table's cells in runs that mix its two sides
    (pdftotext -raw: a line holding an amount alone, under a label cut into pieces, tells
    neither its row nor its side, and the reader puts it on the first): then only such tables
    are judged, and only those not confirmed are said (a false finding would blame the
    document for the text's loss)."""
    how, warning = LOST_WORDS[interleaved]
    out, lost = [], []
    for table, block in zip(disc.tables, seg.tables):
        if interleaved and not interleaves_sides(table):
            continue
        why = unconfirmed(table, block.spec.named(table.template_variant), disc.issues)
        prov = Provenance(file=doc.path, line=table.line, page=table.provenance.page, table=table.index)
        if why is None:
            if not interleaved:
                out.append(ParseIssue(level="info", code=LAYOUT_REBUILT, provenance=prov,
                                      message=f"表「{table.title}」{how}，已按本表的勾稽关系印证重建的行与列"))
            continue
        lost.append(table.title)
        out.append(ParseIssue(level="info", code=LAYOUT_LOST_TABLE, provenance=prov,
                              message=f"表「{table.title}」{how}，重建的行与列未得印证（{why}），表格数字未作核对"))
    if lost:
        out.append(ParseIssue(level="warning", code=LAYOUT_LOST,
                              message=warning.format(tables="、".join(f"「{t}」" for t in dict.fromkeys(lost)))))
    return out


# per way the layout was lost (interleaved sides or not): what a table's message says of its
# text, and the document's warning naming the tables not confirmed
LOST_WORDS = {
    False: ("的文字是逐格输出的",
            ("公开表的文字是逐格输出的（如未加 -layout 的 pdftotext 转换），行与列的对应已丢失；"
             "{tables}重建的行与列未能由本表的勾稽关系印证：这些表读出的金额可能对错行、列，科目编码可能不全，"
             "其数字未作核对。请改用原 PDF，或保留版式的文本（pdftotext -layout）")),
    True: ("两侧的格子在文本中相互穿插（有金额单独成行，不知属于哪一行、哪一侧）",
           ("{tables}的文字未保留版式（如未加 -layout 的 pdftotext 转换），收入、支出两侧的格子相互穿插，"
            "行与列的对应已无法可靠重建：读出的金额可能对错行、列或侧，其数字未作核对。"
            "请改用原 PDF，或保留版式的文本（pdftotext -layout）")),
}


def interleaves_sides(table: PrintedTable) -> bool:
    """A side-by-side table with an amount in a row that has no label, its 行次 alone at most
    (rebuilt_issues)."""
    return len({r.side for r in table.rows} - {None}) > 1 and any(
        r.cells and not labelled(r) for r in table.rows)


# why a picture's content is not read: pictures are read where tesseract is installed
# (readers/pictures.py; not an .xls's), and may hold no text it can read
PICTURES_UNREAD = "未做文字识别，或识别不出文字"
# the forms whose lines OCR may have read (Line.ocr): scanned pages, and pictures in a document
OCR_FORMATS = ("ocr", "pdf", "bundle", *PICTURED_FORMATS)


def point_issues(doc: SourceDocument, disc: Disclosure, mended: list[tuple[str, str, int]]) -> list[ParseIssue]:
    """The figures mend_points read or left unread, each on its line, in the table holding it
    where one does (the checks then leave that row's sums unjudged)."""
    out = []
    for code, message, no in mended:
        table = next((t for t in disc.tables if t.line is not None and t.line <= no <= (t.line_end or t.line)), None)
        page = doc.lines[no - 1].page if 0 < no <= len(doc.lines) else None
        prov = Provenance(file=doc.path, line=no, page=page, table=table.index if table else None)
        out.append(ParseIssue(level="warning", code=code, message=(f"表「{table.title}」" if table else "") + message,
                              provenance=prov))
    return out


def unknown_in_place(seg, spec) -> str:
    """Where the one table the template does not know (segment.unknown) stands where the missing
    table `spec` would, between the tables numbered before and after it: said as what it may
    be ("" otherwise)."""
    if not seg.unknown or spec.number is None:
        return ""
    numbered = [b for b in seg.tables if b.group == 0 and b.spec.number is not None]
    lo = max((b.title_index for b in numbered if b.spec.number < spec.number), default=-1)
    hi = min((b.title_index for b in numbered if b.spec.number > spec.number), default=float("inf"))
    there = [table.title for table in seg.unknown if lo < table.title_index < hi]
    return f"（该位置印有模板之外的表“{there[0]}”，如即此表，则其表名与模板不同，未按模板读入，只按原样保留）" if len(there) == 1 else ""


def ocr_doubts(doc: SourceDocument) -> list[ParseIssue]:
    """A warning for each line of text (not of a table: the table reader says those) with
    words OCR was not sure of (Line.unsure): the checks do not judge what cites it."""
    if doc.format not in OCR_FORMATS:
        return []          # (no line of other forms was read by OCR: no pass over them all)
    out = []
    for ln in [ln for ln in doc.lines if ln.unsure and ln.cells is None]:    # (most documents: none)
        words = ln.text.split()
        doubts = "".join(f"“{words[i]}”" for i in ln.unsure if i < len(words))
        out.append(ParseIssue(level="warning", code="ocr-unsure",
                              message=f"第 {ln.no} 行（{ln.ref or f'第 {ln.page} 页'}）的 {doubts} 是扫描件 OCR 识别的，识别结果没有把握，"
                                      "此行文字未作核对，请对照原件",
                              provenance=Provenance(file=doc.path, line=ln.no, page=ln.page)))
    return out


def report_missing(seg, disc: Disclosure, pictures: list[str] = ()) -> None:
    """The template's tables and parts the document lacks; where a table is missing and the
    file shows pictures (pictures: the reader's SourceDocument.pictures), a warning that they
    are not read: a table pasted as a picture is why it is missing."""
    if seg.template is None:
        disc.issues.append(ParseIssue(level="warning", code="no-template",
                                      message="未能识别公开模板（地区/层级/年度），按通用表名识别各表"))
        return
    found = {t.kind for t in disc.tables if t.group == 0}      # the document's own set's (its 汇总)
    for spec in seg.template.tables:
        if spec.kind not in found and spec.required:
            disc.missing.append(f"表{spec.number} {spec.titles[0]}{printed_elsewhere(disc.tables, spec.kind)}"
                                f"{unknown_in_place(seg, spec)}")
    disc.missing.extend(units_missing(seg.template, disc.tables))
    for part in seg.template.parts:
        if part["key"] not in {p.key for p in disc.parts}:
            disc.missing.append(f"{part['title']}部分")
    for item in disc.missing:
        disc.issues.append(ParseIssue(level="warning", code="missing", message=f"缺少：{item}"))
    if pictures:
        picture_warning(disc, pictures)


def units_missing(template, tables) -> list[str]:
    """The required tables each unit's set printed after the department's own lacks (as
    C-TABLES finds them): "表3 …（所属单位“X”的表）"."""
    kinds: dict[int, set[str]] = {}
    for t in tables:
        if t.group:
            kinds.setdefault(t.group, set()).add(t.kind)
    names = set_names(tables)
    out = []
    for group, printed in sorted(kinds.items()):
        unit = set_name(names, group)
        out.extend(f"表{spec.number} {spec.titles[0]}（所属单位{unit}的表）" for spec in template.lacking(printed))
    return out


def picture_warning(disc: Disclosure, pictures: list[str]) -> None:
    """Pictures where a table is missing, or printed with its title only (no header, no row:
    a table pasted as a picture under its title in text), are why: said, the pictures named."""
    titled = [t.title for t in disc.tables if t.group == 0 and not t.rows and not t.header]
    lacking = (["缺少的表"] if any(item.startswith("表") for item in disc.missing) else []) + \
        ([f"只有标题、没有表格内容的表（{'、'.join(titled)}）"] if titled else [])
    if lacking:
        disc.issues.append(ParseIssue(
            level="warning", code="reader",
            message=f"文件中有 {pictures_said(pictures)}，其中的内容未读取（{PICTURES_UNREAD}）；"
                    f"{'和'.join(lacking)}如以图片形式粘贴在文件中，请改用含表格文字的原文件"
                    "（Excel/Word 表格或可复制文字的 PDF）后再读取"))
