"""第一部分 概况: functions, offices and staffing."""

from __future__ import annotations

import re

from ..model import Disclosure, Overview, Provenance, StaffCount, Staffing
from ..readers import SourceDocument
from ..segment import Segmentation
from ..text import compact

FUNCTION_ITEM = re.compile(r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[、.．])\s*")


def extract_overview(doc: SourceDocument, seg: Segmentation, disc: Disclosure) -> None:
    part = seg.part("overview")
    if part is None:
        return
    lines = doc.lines[part.start:part.end]
    text = "".join(compact(ln.text) for ln in lines)
    ov = Overview()
    ov.functions = functions(lines)
    m = re.search(r"下设([\d一二三四五六七八九十]+)个(?:科室|处室|内设机构|部门)[，,]?分别(?:是|为)[:：](.*?)。", text)
    if m:
        ov.offices = [o for o in re.split(r"[、,，]", m.group(2)) if o]
    m = re.search(r"(?:下属|所属)(?:预算)?单位(\d+)个", text)
    ov.subunits = int(m.group(1)) if m else (0 if "无下属预算单位" in text else None)
    ov.staffing = staffing(text, lines, doc)
    disc.overview = ov


def functions(lines) -> list[str]:
    items: list[str] = []
    started = False
    for ln in lines:
        t = compact(ln.text)
        if "机构设置" in t:
            break
        if "主要职能" in t or "主要职责" in t:
            started = True
            continue
        if not started or not t:
            continue
        if FUNCTION_ITEM.match(t):
            items.append(FUNCTION_ITEM.sub("", t))
        elif items:
            items[-1] += t
    return items


def staffing(text: str, lines, doc: SourceDocument) -> Staffing | None:
    def num(pattern: str) -> int | None:
        m = re.search(pattern, text)
        return int(m.group(1)) if m else None

    def count(word: str) -> StaffCount | None:
        m = re.search(word + r"(?:人员|人数)?(\d+)人[，,]?(?:比上年|较上年)?(增加|减少)(\d+)人", text)
        if not m:
            n = num(word + r"(?:人员|人数)?(\d+)人")
            return StaffCount(count=n) if n is not None else None
        change = int(m.group(3)) * (1 if m.group(2) == "增加" else -1)
        return StaffCount(count=int(m.group(1)), change=change)

    st = Staffing(authorized=num(r"编制数(\d+)"), actual=num(r"实有人数(\d+)"),
                  in_service=count("在职"), retired=count("退休"), pre_retired=count("离休"))
    if st.authorized is None and st.actual is None:
        return None
    line = next((ln.no for ln in lines if "编制数" in ln.text), None)
    st.provenance = Provenance(file=doc.path, line=line)
    return st
