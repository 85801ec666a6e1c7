"""A PDF cut short (a download or copy interrupted) made readable again.

A PDF's index of objects (the cross-reference table) and its trailer, which names the
document's root, are written at its end: the first bytes lost take them, and pdfium refuses
the whole file, though most pages may be there intact. pdfium rebuilds a lost index by
scanning the objects when a trailer names a root; so the repair keeps the objects that are
complete (an object cut in the middle is dropped: its stream would be read as garbage) and
appends a page tree listing every page object found, a catalog and a trailer. Pages go in the
order their objects stand in the file, which is the order writers (Word, WPS, Excel,
LibreOffice) write them in; the document's own page tree is usually written last and lost
first, so it is not relied on, and the repair says the order was inferred.

What is lost stays lost: pages whose objects were cut off, and pages whose content, fonts
or other resources were (fonts are often written at the end): such a page would read as
figures without their words, which no table can be read from safely, so the repair names it
damaged and the reader leaves it unread and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
END_OBJECT = re.compile(rb"\bendobj\b")
PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")       # a page, not the /Pages tree
REFERENCE = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+R\b")
# what a page needs to be read: its content streams and its resources (fonts, forms, images)
PAGE_NEEDS = re.compile(rb"/(?:Contents|Resources)\s*(\[[^\]]*\]|<<|\d+\s+\d+\s+R)")
UP = re.compile(rb"/Parent\s+\d+\s+\d+\s+R")     # a resource's way back up the page tree


@dataclass
class Repair:
    data: bytes            # the complete objects, then the new page tree, catalog and trailer
    pages: int             # page objects found
    kept: int              # bytes of the file kept (the rest was a cut object)
    damaged: list[int]     # pages (0-based, in the repaired order) something they need was lost from


def complete_objects(data: bytes) -> dict[int, tuple[int, int]]:
    """Object number → (start, end) of each object whose `endobj` is there; an object defined
    again later (an incremental update) is its last definition."""
    out: dict[int, tuple[int, int]] = {}
    marks = list(OBJECT.finditer(data))
    for i, m in enumerate(marks):
        limit = marks[i + 1].start() if i + 1 < len(marks) else len(data)
        end = END_OBJECT.search(data, m.end(), limit)
        if end is not None:
            out[int(m.group(1))] = (m.start(), end.end())
    return out


def repaired(data: bytes) -> Repair | None:
    """The file's complete objects with a new page tree and trailer; None when it holds no
    page object (nothing a reader could show)."""
    if not data.startswith(b"%PDF"):
        return None
    objects = complete_objects(data)
    in_order = sorted(objects.items(), key=lambda item: item[1][0])
    pages = [number for number, (start, end) in in_order if PAGE_TYPE.search(data, start, end)]
    if not pages:
        return None
    kept = max(end for _, end in objects.values())
    damaged = [i for i, number in enumerate(pages) if not page_complete(data, objects, objects[number])]
    tree, root = max(objects) + 1, max(objects) + 2
    kids = " ".join(f"{n} 0 R" for n in pages)
    tail = (f"\n{tree} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>\nendobj\n"
            f"{root} 0 obj\n<< /Type /Catalog /Pages {tree} 0 R >>\nendobj\n"
            f"trailer\n<< /Root {root} 0 R /Size {root + 1} >>\nstartxref\n0\n%%EOF\n")
    return Repair(data=data[:kept] + tail.encode("ascii"), pages=len(pages), kept=kept, damaged=damaged)


def page_complete(data: bytes, objects: dict[int, tuple[int, int]], span: tuple[int, int]) -> bool:
    """Every object the page's contents and resources reach is there (followed through their
    dictionaries, not their stream data, and not back up to the page tree)."""
    head = dictionary(data, span)
    todo = []
    for m in PAGE_NEEDS.finditer(head):
        value = m.group(1)
        if value == b"<<":
            value = inline_dictionary(head, m.start(1))
        todo += [int(r.group(1)) for r in REFERENCE.finditer(value)]
    seen: set[int] = set()
    while todo:
        number = todo.pop()
        if number in seen:
            continue
        seen.add(number)
        if number not in objects:
            return False
        todo += [int(r.group(1)) for r in REFERENCE.finditer(UP.sub(b"", dictionary(data, objects[number])))]
    return True


def dictionary(data: bytes, span: tuple[int, int]) -> bytes:
    """An object's text before its stream data, if it has any."""
    start, end = span
    at = data.find(b"stream", start, end)
    return data[start:at if at >= 0 else end]


def inline_dictionary(text: bytes, at: int) -> bytes:
    """The << … >> that opens at `at`, nested ones included."""
    depth, i = 0, at
    while i < len(text) - 1:
        pair = text[i:i + 2]
        if pair == b"<<":
            depth, i = depth + 1, i + 2
            continue
        if pair == b">>":
            depth, i = depth - 1, i + 2
            if depth == 0:
                return text[at:i]
            continue
        i += 1
    return text[at:]
