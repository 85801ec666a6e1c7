"""A PDF file from its objects, written by hand for tests that need a drawing no tool makes."""

from __future__ import annotations

import io


def pdf_bytes(objects: list[bytes]) -> bytes:
    """The objects numbered from 1 (the first the catalog, /Root 1 0 R), with their xref table."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_packed(plain: dict[int, bytes], packed: dict[int, bytes], root: int, *, filters: bytes = b"/FlateDecode",
               packed_first: bool = True) -> bytes:
    """A PDF 1.5 file as Word, WPS and qpdf write them: the `packed` objects (dictionaries:
    pages, fonts, the page tree, the catalog) inside one object stream, the `plain` ones
    (content streams) as plain objects, and its index a cross-reference stream at the end.
    packed_first: the object stream before the plain objects (else after them)."""
    import zlib

    numbers = sorted(packed)
    bodies = [packed[n] for n in numbers]
    offsets, at = [], 0
    for body in bodies:
        offsets.append(at)
        at += len(body) + 1
    header = b" ".join(b"%d %d" % (n, o) for n, o in zip(numbers, offsets)) + b"\n"
    content = header + b"\n".join(bodies) + b"\n"
    data = zlib.compress(content) if filters == b"/FlateDecode" else content.hex().encode() + b">"
    stream_number = max([*plain, *packed]) + 1
    stream = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>\nstream\n" % (
        stream_number, len(numbers), len(header), filters, len(data)) + data + b"\nendstream\nendobj\n")
    out, where = io.BytesIO(), {}
    out.write(b"%PDF-1.5\n")
    if packed_first:
        where[stream_number] = out.tell()
        out.write(stream)
    for n in sorted(plain):
        where[n] = out.tell()
        out.write(b"%d 0 obj\n" % n + plain[n] + b"\nendobj\n")
    if not packed_first:
        where[stream_number] = out.tell()
        out.write(stream)
    index_number = stream_number + 1
    where[index_number] = out.tell()
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for n in range(1, index_number + 1):
        if n in packed:
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + numbers.index(n).to_bytes(2, "big"))
        elif n in where:
            rows.append(b"\x01" + where[n].to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x00" * 7)
    table = b"".join(rows)
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n" % (
        index_number, index_number + 1, root, len(table)) + table + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % where[index_number])
    return out.getvalue()
