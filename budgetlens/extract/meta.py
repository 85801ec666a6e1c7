"""Document meta: unit name, year, scope, phase, template, signature date."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import Disclosure, Provenance
from ..readers import SourceDocument
from ..segment import Segmentation
from ..text import compact

DATE = re.compile(r"^(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def extract_meta(doc: SourceDocument, seg: Segmentation, disc: Disclosure) -> None:
    meta = disc.meta
    meta.year, meta.scope = seg.year, seg.scope
    if seg.template:
        meta.template, meta.region = seg.template.id, seg.template.region
        meta.phase = seg.template.phase
        meta.scope = meta.scope or seg.template.scope
    names = Counter(t.unit_name for t in disc.tables if t.unit_name)
    if names:
        meta.unit_name = names.most_common(1)[0][0]
    else:
        meta.unit_name = title_unit(doc)
    if meta.phase is None:
        text = "".join(ln.text for ln in doc.lines[:80])
        meta.phase = "决算" if "决算" in text else "预算" if "预算" in text else None
    for line in reversed(doc.lines[-40:]):
        m = DATE.match(compact(line.text))
        if m:
            try:
                meta.signature_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                meta.signature_provenance = Provenance(file=doc.path, line=line.no)
            except ValueError:
                pass
            break


def title_unit(doc: SourceDocument) -> str | None:
    for line in doc.lines[:15]:
        text = compact(line.text)
        m = re.match(r"^(.{4,40}?)(20\d\d年)?(部门|单位)(预算|决算)", text)
        if m and not text.startswith("第"):
            return m.group(1)
        if text and not text.startswith(("目录", "第")) and len(text) <= 40 and "年" not in text:
            return text
    return None
