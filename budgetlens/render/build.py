"""A Disclosure → the standard Document: cover, 目录, 概况, the tables, 情况说明, 名词解释."""

from __future__ import annotations

from ..model import Disclosure
from ..templates import TemplateSpec, load_templates
from .document import Document, Heading, Paragraph
from .final import FinalNarrative
from .narrative import Narrative, numeral
from .tables import table_block
from .wording import Wording, wording_for


class RenderError(Exception):
    """Input the standard document cannot be written from (message in Chinese)."""


def template_of(disc: Disclosure) -> TemplateSpec:
    template = next((t for t in load_templates() if t.id == disc.meta.template), None)
    if template is None:
        raise RenderError("无法识别文件所用的公开模板（不是部门/单位预算公开文件，或格式未知），无法生成标准文件")
    return template


def build_document(disc: Disclosure, prior: Disclosure | None = None, form=None) -> Document:
    """form: what a filled officer's form (render/form.py: FormData) says beside its tables."""
    if not any(t.rows for t in disc.tables):
        raise RenderError("输入中没有读到任何公开表的数据，无法生成标准文件")
    if form is not None:
        disc = with_form(disc, form)
    template = template_of(disc)
    words = wording_for(template.id)
    fields = {"unit": disc.meta.unit_name or "", "year": disc.meta.year or "", "scope": template.scope,
              "phase": template.phase}
    doc = Document(title=f"{fields['unit']}{fields['year']}年{template.scope}{template.phase}公开")
    if not disc.meta.unit_name:
        fields["unit"] = doc.placeholder("单位名称")
    cover(doc, words, fields)
    toc(doc, words, fields, template)
    overview(doc, disc, words, fields)
    doc.blocks.append(Heading(words.text("parts", "tables").format(**fields), 1, "tables"))
    for spec in template.tables:
        doc.blocks.append(table_block(doc, disc, template, spec))
    further_sets(doc, disc, template)
    doc.blocks.append(Heading(words.text("parts", "narrative").format(**fields), 1, "narrative"))
    # (a 决算 states what was spent against the year's budget: its own sentences)
    kind = FinalNarrative if template.phase == "决算" else Narrative
    kind(doc, disc, template, words, prior, form and form.current, form and form.prior,
         form and form.targets).build()
    glossary(doc, words, fields)
    return doc


def further_sets(doc: Document, disc: Disclosure, template: TemplateSpec) -> None:
    """The tables a department prints for each of its units after its own (sets 1, 2 …) and
    those whose set could not be told: printed as the input prints them, each set under its
    unit's name, never left out in silence."""
    groups = sorted({t.group for t in disc.tables if t.group != 0 and t.rows}, key=lambda g: (g is None, g or 0))
    for group in groups:
        printed = [t for t in disc.tables if t.group == group]
        owner = next((t.unit_name for t in printed if t.unit_name), None)
        doc.blocks.append(Heading(f"{owner}公开表" if group is not None and owner else "未能判断所属单位的公开表", 2))
        for spec in template.tables:
            for table in (t for t in printed if t.kind == spec.kind):
                doc.blocks.append(table_block(doc, disc, template, spec, table))


def with_form(disc: Disclosure, form) -> Disclosure:
    """A copy with the form's 概况: read by its labels, it is exact where the reading of the
    sheet as prose is not (a numbered row left empty reads as an empty function)."""
    disc = disc.model_copy(deep=True)
    ov = disc.overview
    ov.functions = form.functions or [f for f in ov.functions if f]
    ov.offices = form.offices or ov.offices
    ov.staffing = form.staffing or ov.staffing
    disc.meta.unit_name = disc.meta.unit_name or form.unit or None
    disc.meta.year = disc.meta.year or form.year
    return with_targets(disc, form)


def with_targets(disc: Disclosure, form) -> Disclosure:
    """The form's 绩效目标表 in place of what the workbook reader made of its sheet (a copy)."""
    if form is None or not form.targets.performance:
        return disc
    narrative = disc.narrative.model_copy(update={"performance": form.targets.performance})
    return disc.model_copy(update={"narrative": narrative})


def cover(doc: Document, words: Wording, fields: dict) -> None:
    doc.blocks.append(Heading(words.text("cover", "title").format(**fields), 1))
    doc.blocks.append(Heading(words.text("cover", "subtitle").format(**fields), 2))


def toc(doc: Document, words: Wording, fields: dict, template: TemplateSpec) -> None:
    doc.blocks.append(Heading(words.data["toc"], 1))
    # (each entry points at its part or table: the PDF prints its page, Word's TOC field its own)
    for key in ("overview", "tables", "narrative", "glossary"):
        doc.blocks.append(Paragraph(words.text("parts", key).format(**fields), "toc", key))
        if key == "tables":
            for spec in template.tables:
                title = next((t for t in spec.titles if t.startswith(template.scope)), spec.titles[0])
                doc.blocks.append(Paragraph(f"  {spec.number}. {title}", "toc", f"table-{spec.kind}"))


def overview(doc: Document, disc: Disclosure, words: Wording, fields: dict) -> None:
    doc.blocks.append(Heading(words.text("parts", "overview").format(**fields), 1, "overview"))
    doc.blocks.append(Heading(words.text("overview", "functions"), 2))
    if disc.overview.functions:
        doc.blocks.extend(Paragraph(f"{n}．{f}") for n, f in enumerate(disc.overview.functions, 1))
    else:
        doc.blocks.append(Paragraph(doc.placeholder(words.text("placeholders", "functions"))))
    doc.blocks.append(Heading(words.text("overview", "offices"), 2))
    offices = disc.overview.offices
    if offices:
        doc.blocks.append(Paragraph(words.text("overview", "offices_text").format(
            **fields, count=len(offices), names="、".join(offices))))
    else:
        doc.blocks.append(Paragraph(doc.placeholder(words.text("placeholders", "offices"))))
    staff = disc.overview.staffing
    if staff and staff.authorized is not None and staff.actual is not None:
        count = lambda s: s.count if s else 0
        doc.blocks.append(Paragraph(words.text("overview", "staffing_text").format(
            **fields, authorized=staff.authorized, actual=staff.actual, in_service=count(staff.in_service),
            retired=count(staff.retired), pre_retired=count(staff.pre_retired))))
    else:
        doc.blocks.append(Paragraph(doc.placeholder(words.text("placeholders", "staffing"))))


def glossary(doc: Document, words: Wording, fields: dict) -> None:
    doc.blocks.append(Heading(words.text("parts", "glossary").format(**fields), 1, "glossary"))
    for n, (term, definition) in enumerate(words.data["glossary"], 1):
        doc.blocks.append(Paragraph(f"{numeral(n)}、{term}：{definition}"))
