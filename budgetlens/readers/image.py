"""Pictures of pages (a scan saved as PNG/JPEG/TIFF, a photo, a screenshot of a table) → the
PDF reader's OCR of scanned pages: each picture (each frame of a multi-page TIFF) becomes one
page of an image-only PDF (Pillow), which is read as a scanned PDF is. Provenance names the
picture file and the page (its frame)."""

from __future__ import annotations

import io
from pathlib import Path

from .base import ReadError, SourceDocument, sha256_bytes

# first bytes → the picture's format
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
              (b"GIF87a", "GIF"), (b"GIF89a", "GIF"))
LARGE = 2000                # pixels along the longer side: a scan at print resolution


def image_kind(head: bytes) -> str | None:
    """The picture format the first bytes announce, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[:2] == b"BM" and head[6:10] == bytes(4):      # (the reserved fields: no text has them)
        return "BMP"
    return next((kind for sig, kind in SIGNATURES if head.startswith(sig)), None)


def read_image(path: str, data: bytes) -> SourceDocument:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from .pdf import MAX_PAGES, read_pdf

    name, kind = Path(path).name, image_kind(data[:16]) or "图片"
    try:
        with Image.open(io.BytesIO(data)) as picture:
            count = getattr(picture, "n_frames", 1)
            frames = [page_of(frame) for frame, _ in zip(ImageSequence.Iterator(picture), range(MAX_PAGES))]
    except Image.DecompressionBombError as exc:
        raise ReadError(f"{name} 是 {kind} 图片，但尺寸过大（{exc}），未读取") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ReadError(f"{name} 是 {kind} 图片，但无法打开（文件损坏或不完整：{exc}）") from exc
    if not frames:
        raise ReadError(f"{name} 是 {kind} 图片，但其中没有图像")
    pdf = io.BytesIO()
    # a small picture (a screenshot) is read twice its size (the OCR renders a page at 200 dpi
    # at least): OCR wants characters some 30 pixels tall, a screen prints them at 12 to 16.
    # (Pillow writes the pages as JPEG: at a quality that keeps the strokes)
    resolution = 300 if max(frames[0].size) >= LARGE else 100
    frames[0].save(pdf, "PDF", save_all=True, append_images=frames[1:], resolution=resolution, quality=95)
    complete = is_complete(kind, data)
    try:
        doc = read_pdf(path, pdf.getvalue())
    except ReadError as exc:
        if complete:
            raise
        raise ReadError(f"{name} 是 {kind} 图片，但文件不完整（下载中断或截断）：{exc}") from exc
    doc.sha256 = sha256_bytes(data)           # the picture's own, not the PDF made of it
    doc.notes.append(f"{name} 是 {kind} 图片（{len(frames)} 页），已按扫描件用 OCR 识别其文字")
    if count > len(frames):
        doc.warnings.append(f"{name} 共 {count} 页，只读取前 {len(frames)} 页")
    if not complete:
        doc.warnings.append(f"{name} 是 {kind} 图片，但文件不完整（下载中断或截断），只读取了其中完整的部分，请核对")
    return doc


def is_complete(kind: str, data: bytes) -> bool:
    """Whether a PNG or JPEG holds its end (a picture cut short still opens where Pillow is set
    to load truncated pictures, as WeasyPrint sets it for the whole process); other formats:
    taken as whole."""
    if kind == "PNG":
        return b"IEND" in data             # (anywhere: bytes may follow it)
    if kind == "JPEG":
        # the end marker after the last scan's start (a phone may append a video after it)
        return data.find(b"\xff\xd9", max(data.rfind(b"\xff\xda"), 0)) >= 0
    return True


def page_of(frame):
    """A frame as a page Pillow writes into a PDF: grey or RGB (no palette, no alpha: a
    transparent background becomes white, as on paper)."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "P", "PA"):
        frame = frame.convert("RGBA")
        page = Image.new("RGB", frame.size, "white")
        page.paste(frame, mask=frame.getchannel("A"))
        return page
    return frame.convert("L" if frame.mode in ("1", "L", "I", "I;16", "F") else "RGB")
