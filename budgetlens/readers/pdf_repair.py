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

Writers that pack objects into object streams (PDF 1.5+: Word, WPS and qpdf put page
dictionaries, fonts' dictionaries and the page tree there; streams of content stay plain
objects) leave no page object a scan of the file can see: each complete object stream is
unpacked and the objects it holds are written out as plain objects after the kept bytes, so
that pdfium's scan finds them as it finds the others.

What is lost stays lost: pages whose objects were cut off, and pages whose content, fonts
or other resources were (fonts are often written at the end): such a page would read as
figures without their words, which no table can be read from safely, so the repair names it
damaged and the reader leaves it unread and says so.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
END_OBJECT = re.compile(rb"\bendobj\b")
PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")       # a page, not the /Pages tree
REFERENCE = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+R\b")
# what a page needs to be read: its content streams and its resources (fonts, forms, images)
PAGE_NEEDS = re.compile(rb"/(?:Contents|Resources)\s*(\[[^\]]*\]|<<|\d+\s+\d+\s+R)")
UP = re.compile(rb"/Parent\s+\d+\s+\d+\s+R")     # a resource's way back up the page tree
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm(?![A-Za-z])")
# an object stream's count and first offset are direct integers (never references)
COUNT = re.compile(rb"/N\s+(\d+)(?!\s+\d+\s+R)")
FIRST = re.compile(rb"/First\s+(\d+)(?!\s+\d+\s+R)")
FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
STREAM_START = re.compile(rb"stream\r?\n")


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
    if not objects:
        return None
    heads = {number: (start, dictionary(data, (start, end))) for number, (start, end) in objects.items()}
    unpacked = packed_objects(data, objects)
    for number, (place, text) in unpacked.items():
        if number not in heads or heads[number][0] < place:     # the later definition is the object
            heads[number] = (place, text)
    in_order = sorted(heads.items(), key=lambda item: item[1][0])
    pages = [number for number, (_, head) in in_order if PAGE_TYPE.search(head)]
    if not pages:
        return None
    kept = max(end for _, end in objects.values())
    damaged = [i for i, number in enumerate(pages) if not page_complete(heads, number)]
    # the packed objects that are their number's definition, written out as plain objects
    written = b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, text) for number, (place, text) in in_order
                       if unpacked.get(number, (None,))[0] == place)
    tree, root = max(heads) + 1, max(heads) + 2
    kids = " ".join(f"{n} 0 R" for n in pages)
    tail = (f"\n{tree} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>\nendobj\n"
            f"{root} 0 obj\n<< /Type /Catalog /Pages {tree} 0 R >>\nendobj\n"
            f"trailer\n<< /Root {root} 0 R /Size {root + 1} >>\nstartxref\n0\n%%EOF\n")
    return Repair(data=data[:kept] + b"\n" * bool(written) + written + tail.encode("ascii"),
                  pages=len(pages), kept=kept, damaged=damaged)


def packed_objects(data: bytes, objects: dict[int, tuple[int, int]]) -> dict[int, tuple[float, bytes]]:
    """Object number → (place, text) of each object held in a complete object stream; its
    place is its stream's in the file, then its own in the stream (the order pages are
    taken in). A stream whose data cannot be unpacked (a filter other than Flate, data cut
    or damaged) gives nothing: its objects are lost as a cut object is."""
    out: dict[int, tuple[float, bytes]] = {}
    for start, end in sorted(objects.values()):
        head = dictionary(data, (start, end))
        if OBJECT_STREAM.search(head) is None:
            continue
        content = stream_data(data, head, start, end)
        count, first = COUNT.search(head), FIRST.search(head)
        if content is None or count is None or first is None:
            continue
        for k, (number, text) in enumerate(stream_objects(content, int(count.group(1)), int(first.group(1)))):
            out[number] = (start + (k + 1) / (len(content) + 2), text)
    return out


def stream_data(data: bytes, head: bytes, start: int, end: int) -> bytes | None:
    """An object's stream data unpacked (none or FlateDecode only); None when it cannot be."""
    opened = STREAM_START.search(data, start + len(head), end)
    if opened is None:
        return None
    raw = data[opened.end():data.rfind(b"endstream", opened.end(), end)]
    filters = FILTER.search(head)
    names = re.findall(rb"/([A-Za-z0-9]+)", filters.group(1)) if filters else []
    if names == [b"FlateDecode"] and b"/DecodeParms" not in head:
        try:
            return zlib.decompressobj().decompress(raw)     # (the stream's end found by the data itself)
        except zlib.error:
            return None
    return raw if not names else None


def stream_objects(content: bytes, count: int, first: int) -> list[tuple[int, bytes]]:
    """The (number, text) of the objects an object stream's unpacked data holds: its header
    is `count` pairs of number and offset (from `first`)."""
    numbers = content[:first].split()
    if len(numbers) < 2 * count or not all(n.isdigit() for n in numbers[:2 * count]):
        return []
    pairs = sorted((int(numbers[2 * k + 1]), int(numbers[2 * k])) for k in range(count))
    out = []
    for k, (offset, number) in enumerate(pairs):
        stop = pairs[k + 1][0] if k + 1 < len(pairs) else len(content) - first
        text = content[first + offset:first + stop].strip()
        if text:
            out.append((number, text))
    return out


def page_complete(heads: dict[int, tuple[float, bytes]], number: int) -> bool:
    """Every object the page's contents and resources reach is there (followed through their
    dictionaries, not their stream data, and not back up to the page tree). heads: each
    object's place and text before its stream data."""
    head = heads[number][1]
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
        if number not in heads:
            return False
        todo += [int(r.group(1)) for r in REFERENCE.finditer(UP.sub(b"", heads[number][1]))]
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
