"""HTML → lines: text outside tables as lines in document order, tables as grids (lxml.html).

Block elements (p, div, h1…, li, …) and <br> end a line outside tables; inside a cell they
are wrapped text, joined (grid.join_wrapped). rowspan and colspan keep a merged cell's text
once, in its top-left slot. A table holding other tables, or only one column, is layout:
its cells are read as blocks of text. The charset comes from a BOM or the <meta> tag
(GBK and GB2312 decoded as GB18030), else as the text readers guess it.

Line.page is the table's number (1-based) for table rows and None for text; Line.ref is
'表格2 第3行' and Line.cell_refs '表格2 第3行第4列' (row and grid column as laid out).

A picture the page shows (sites often put a table on the page as a picture) is read by OCR in
its place where tesseract is installed (readers/pictures.py), from a data: URL or from its
file beside the page (a page saved with its pictures); a picture on the network is not
fetched. Its lines' page is the picture's number counted after the tables, Line.ref
'网页的图片2'. A picture in a table's cell, or not read, is told (SourceDocument.pictures).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..text import quoted
from .base import Line, ReadError, SourceDocument, first_few, sha256_bytes, shortened
from .grid import (
    CONTINUED,
    cell_text,
    continued_part,
    grid_lines,
    join_wrapped,
    joined_wraps,
    merged_figures,
    misaligned_note,
    separate,
    span_grid,
    table_end,
    unstacked_from,
)
from .pictures import PictureReader, PicturesPlaced
from .positioned import laid_out_text
from .text import decode, decoded_mostly

CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
GB_NAMES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "csgb2312", "windows-936",
            "gb18030"}
SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg", "select",
        "button", "textarea", "map", "audio", "video", "canvas"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "address", "center",
          "form", "fieldset", "figure", "figcaption", "hr", "caption", "tr", "td", "th", "table", "body",
          "html", "thead", "tbody", "tfoot", "legend", "details", "summary"}
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534        # the HTML standard's limits
# an inline style that keeps an element off the page (and off the printout)
UNSHOWN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)


def read_html(path: str, data: bytes) -> SourceDocument:
    import lxml.html
    from lxml import etree

    text, encoding = decode_html(data)
    text = XML_DECL.sub("", text.replace("\x00", ""), count=1)
    name = Path(path).name
    if not text.strip():
        raise ReadError(f"{name} 是空的 HTML 文件")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{name} 无法作为 HTML 读取：{exc}") from None
    hide_by_stylesheet(root)
    drop_sheet_names(root)
    laid = laid_out_text(root)
    if laid is not None:          # a PDF page in HTML (pdftohtml): read as layout text
        return read_laid_out(path, data, laid, encoding)
    reader = HtmlReader(path)
    reader.block(root)
    reader.flush()
    reader.unshown_warning()
    reader.placed.pages_after(reader.tables)
    shown = reader.placed.unread + pictures(root, reader.met)
    return SourceDocument(path=path, format="html", encoding=encoding, sha256=sha256_bytes(data),
                          lines=separate(reader.lines), warnings=reader.warnings, pictures=shown,
                          title=page_title(root))


SHEET_LABEL = re.compile(r"\S.*\d\s*[:：]$")         # "Sheet 2:", "工作表 2："


def drop_sheet_names(root) -> None:
    """A workbook saved as a web page by LibreOffice Calc: each sheet under a heading that names
    it (<a name="table1"><h1>Sheet 2: <em>表1收支总表</em></h1></a>, in the application's
    language), the page opening with links to them. The sheet's name is no printed text (the
    workbook reader reads none): read, each heading stood before the sheet's own title, a table
    of its own without rows or the title's first words. Headings and links are dropped."""
    heads = [h for h in root.xpath("//a[starts-with(@name, 'table')]/h1[em]")
             if h.text and SHEET_LABEL.match(h.text.strip())]
    if not heads:
        return
    for link in root.xpath("//a[starts-with(@href, '#table')]"):
        for h in link.getparent().findall("h1"):       # the links' heading (Overview)
            h.drop_tree()
        link.drop_tree()
    for h in heads:
        h.drop_tree()


def page_title(root) -> str | None:
    """The page's <title> (the tab's name: "XX局2025年部门预算公开_XX县人民政府"), its spaces
    collapsed; None for none. Never read as a line: the site's name and menus share it."""
    for el in root.xpath("//head//title"):      # (an <svg>'s <title> in the body is a tooltip)
        text = " ".join(el.text_content().split())
        if text:
            return text
    return None


def read_laid_out(path: str, data: bytes, laid: str, encoding: str) -> SourceDocument:
    """A page of placed words (positioned.py) read as the layout text they make; the lines are
    numbered as that text's, and the note says so."""
    from .text import read_text

    doc = read_text(path, laid.encode("utf-8"))
    doc.encoding, doc.sha256 = encoding, sha256_bytes(data)
    doc.notes.append("HTML 页面的文字是按页面位置逐段放置的（如 pdftohtml 转换的 PDF），已按各段的位置排成行读取；"
                     "行号为排成的文字的行号")
    return doc


def decode_html(data: bytes) -> tuple[str, str]:
    """The declared charset when the bytes decode with it, else the text readers' guess."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data)
    head = data[:4096]
    m = CHARSET.search(head) or XML_ENCODING.search(head)
    if m:
        declared = m.group(1).decode("ascii").lower()
        codec = "gb18030" if declared in GB_NAMES else declared
        try:
            return data.decode(codec), codec
        except LookupError:
            pass                      # an unknown declaration: guess as for text
        except UnicodeDecodeError:
            # a few bytes of another encoding (pdftohtml writes a font's name raw into the
            # style): the declared one, those replaced; else a wrong declaration, guessed.
            # UTF-8 first, as decode does: a UTF-8 page wrongly declared gb2312 reads in
            # GB18030 as other characters, only a few bytes replaced
            for tried in dict.fromkeys(("utf-8", codec)):
                text = decoded_mostly(data, tried)
                if text is not None:
                    return text, tried
    return decode(data)


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


HIDING = ("display", "visibility")       # the properties by which a stylesheet hides an element
# a declaration that shows an element its parent's visibility:hidden would hide
SHOWING_STYLE = re.compile(r"visibility\s*:\s*(?:visible|initial)", re.IGNORECASE)
INVISIBLE, VISIBLE = ("hidden", "collapse"), ("visible", "initial")


def hide_by_stylesheet(root) -> None:
    """Elements the page's own <style> sheets hide (display:none, visibility:hidden) are marked
    `hidden`, as if the page said so on them: any selector (.x td, div.hidden p, #a .b), the
    cascade followed as a browser does (importance, the inline style, specificity, order), and
    the rules for print as well as those for every medium: what the printed page does not show
    is not read. Rules for the screen only (@media screen, a width) are not followed: the
    printout shows what they hide. Selectors and rules are read by cssselect2 and tinycss2.
    Where a sheet or an inline style sets visibility:visible, an element may show inside an
    element visibility:hidden hides: see hide_inherited."""
    sheets = [style.text for style in root.iter("style") if style.text and printed_media(style.get("media"))]
    showing = any(SHOWING_STYLE.search(css) for css in sheets) or any(
        SHOWING_STYLE.search(el.get("style")) for el in root.xpath("descendant-or-self::*[@style]"))
    if not showing and not any(UNSHOWN_STYLE.search(css) for css in sheets):
        return
    matcher = stylesheet_matcher(sheets)
    if showing:
        hide_inherited(root, matcher)
        return
    import cssselect2

    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        el = wrapper.etree_element
        matches = matcher.match(wrapper)
        if matches and hidden_by(matches, el.get("style")):
            el.set("hidden", "")


def stylesheet_matcher(sheets: list[str]):
    """A cssselect2 matcher of the sheets' rules that declare display or visibility."""
    import cssselect2
    import tinycss2

    matcher = cssselect2.Matcher()
    for css in sheets:
        for rule in followed_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
            declared = hiding_declarations(rule.content)
            if not declared:
                continue
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue                  # a selector cssselect2 does not know: the rule is not followed
            for selector in selectors:
                matcher.add_selector(selector, declared)
    return matcher


def hide_inherited(root, matcher) -> None:
    """Mark `hidden` what the page does not show, visibility followed as a browser inherits it:
    an element visibility:hidden hides (inline or by the sheets) hides what it holds unless a
    part sets visibility:visible again; then only its own text is hidden (wrapped in hidden
    <span>s, told as hidden text is) and its other parts are judged each in turn. display:none
    (or the hidden attribute) hides all an element holds: nothing in it shows itself again."""
    import cssselect2

    won = {}                                     # element → (display, visibility) winning the cascade
    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        el = wrapper.etree_element
        won[el] = cascade(matcher.match(wrapper), el.get("style"))
    holders = {up for el, (_, visibility) in won.items() if visibility in VISIBLE for up in el.iterancestors()}
    invisible, gone, emptied = set(), set(), []
    for el, (display, visibility) in won.items():
        up = el.getparent()
        if up in gone:
            gone.add(el)                         # inside a hidden element: not read anyway
            continue
        if el.get("hidden") is not None or display == "none":
            el.set("hidden", "")
            gone.add(el)
            continue
        if visibility in INVISIBLE or (visibility not in VISIBLE and up in invisible):
            # (an invisible line break still breaks; a <pre> is read whole, its parts unjudged)
            if (el not in holders and _tag(el) != "br") or _tag(el) == "pre":
                el.set("hidden", "")
                gone.add(el)
                continue
            invisible.add(el)
            emptied.append(el)
        style = el.get("style")
        if style and UNSHOWN_STYLE.search(style):      # its inline hiding judged above
            el.set("style", UNSHOWN_STYLE.sub("visibility:visible", style))
    for el in emptied:
        hide_own_text(el)


def hide_own_text(el) -> None:
    """An element's own text (not its children's) moved into hidden <span>s where it stood."""
    if _tag(el) in SKIP:
        return
    if el.text and el.text.strip():
        span = el.makeelement("span", hidden="")
        span.text, el.text = el.text, None
        el.insert(0, span)
    for child in list(el):
        if child.tail and child.tail.strip():
            span = el.makeelement("span", hidden="")
            span.text, child.tail = child.tail, None
            child.addnext(span)


def printed_media(media: str | None) -> bool:
    """A media query list (of @media or a <style media>) that holds for the printed page: none,
    or a query for all media or print without further conditions."""
    if media is None or not media.strip():
        return True
    for query in media.lower().split(","):
        words = query.split()
        if words[:1] == ["only"]:
            words = words[1:]
        if words in (["all"], ["print"]):
            return True
    return False


def followed_rules(rules):
    """The style rules of a parsed stylesheet that hold for the printed page, those inside
    @media print (or all), @supports and @layer blocks included."""
    import tinycss2

    for rule in rules:
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.content is not None and (
                rule.lower_at_keyword in ("supports", "layer")
                or (rule.lower_at_keyword == "media" and printed_media(tinycss2.serialize(rule.prelude)))):
            yield from followed_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))


def hiding_declarations(content) -> list[tuple[str, str, bool]]:
    """(property, value, !important) of the display and visibility declarations of a rule's
    content (tokens) or a style attribute (text)."""
    import tinycss2

    if content is None:
        return []
    out = []
    for d in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True):
        if d.type == "declaration" and d.lower_name in HIDING:
            out.append((d.lower_name, tinycss2.serialize(d.value).strip().lower(), d.important))
    return out


def hidden_by(matches, inline: str | None) -> bool:
    """The declarations that win the cascade for display and visibility hide the element."""
    display, visibility = cascade(matches, inline)
    return display == "none" or visibility in INVISIBLE


def cascade(matches, inline: str | None) -> tuple[str, str]:
    """The values of display and visibility that win the cascade ('' where none is declared):
    an !important declaration over others, the inline style over the sheets', then the more
    specific selector, then the later rule."""
    won: dict[str, tuple[tuple, str]] = {}

    def take(declared, rank) -> None:
        for name, value, important in declared:
            key = (important, *rank)
            if name not in won or key >= won[name][0]:
                won[name] = (key, value)
    for specificity, order, pseudo, declared in matches or ():
        if pseudo is None:                # ::before and ::after are not the element
            take(declared, (False, specificity, order))
    if inline and any(name in inline.lower() for name in HIDING):
        take(hiding_declarations(inline), (True, (0, 0, 0), 0))
    return won.get("display", ((), ""))[1], won.get("visibility", ((), ""))[1]


def unshown(el) -> bool:
    """An element the page does not show: the hidden attribute (hide_by_stylesheet sets it
    where the page's stylesheet hides the element), or display:none / visibility:hidden in its
    own style."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and UNSHOWN_STYLE.search(style) is not None


MIN_PICTURE = (150, 60)       # CSS pixels: a smaller picture is an icon or a logo, never a table


def pictures(root, met: set = frozenset()) -> list[str]:
    """The pictures (<img>) the page shows but the walk did not meet (`met`: in a table's
    cells), at least MIN_PICTURE large where their width and height say so, each named by its
    alt text or its file (see SourceDocument.pictures)."""
    out = []
    for img in root.iter("img"):
        if img in met or any(_tag(up) in SKIP or unshown(up) for up in (img, *img.iterancestors())):
            continue
        if not large(img):
            continue
        out.append(picture_named(img))
    return out


def large(img) -> bool:
    """At least MIN_PICTURE large, or of a size its width and height do not say."""
    size = shown_size(img)
    return None in size or (size[0] >= MIN_PICTURE[0] and size[1] >= MIN_PICTURE[1])


def shown_size(img) -> list[float | None]:
    """The width and height the page gives the picture (None where it gives none)."""
    return [_pixels(style_length(img.get("style"), k) or img.get(k)) for k in ("width", "height")]


def picture_named(img) -> str:
    """A picture as warnings name it: by its alt text, or its file."""
    alt, src = " ".join((img.get("alt") or "").split()), picture_src(img)
    named = alt or ("嵌入的图片数据" if src.startswith("data:") else src.rsplit("/", 1)[-1] or "图片")
    return f"图片{quoted(shortened(named))}"


MAX_PICTURE_BYTES = 50 * 1024 * 1024


def picture_bytes(path: str, img) -> bytes | str:
    """The picture's bytes: from its data: URL, or its file beside the page (a page saved with
    its pictures: "页面_files/1.png"); else why they are not read. A picture on the network is
    not fetched, and no file outside the page's folder is opened (a page names any path). A
    picture loaded late (data-src: the src a placeholder) is the one named there."""
    import base64
    import binascii
    from urllib.parse import unquote_to_bytes

    src = picture_src(img)
    if src.lower().startswith("data:"):
        head, _, body = src.partition(",")
        if ";base64" not in head.lower():
            return unquote_to_bytes(body)
        try:
            return base64.b64decode("".join(body.split()))
        except (binascii.Error, ValueError):
            return "网页中嵌入的图片数据已损坏"
    if not src:
        return "图片没有给出文件"
    try:
        return file_beside(path, src)
    except (OSError, ValueError, RuntimeError) as exc:     # (a symlink loop, a name too long, no permission)
        return f"图片文件无法读取（{exc.__class__.__name__}）"


def picture_src(img) -> str:
    """Where the picture is: a page that loads its pictures late names each in data-src (or
    data-original), its src a placeholder."""
    for name in ("data-src", "data-original", "src"):
        value = (img.get(name) or "").strip()
        if value:
            return value
    return ""


def file_beside(path: str, src: str) -> bytes | str:
    """The bytes of the file a picture's src names, in the page's folder; else why not read."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(src)
    if parts.scheme not in ("", "file") or src.startswith("/"):
        # (a path from the site's root, "/upload/1.png", is the site's, not this computer's)
        return f"图片在网站上（{shortened(src, 40)}），未下载"
    folder = Path(path).resolve().parent
    local = (folder / unquote(parts.path)).resolve()
    if not local.is_relative_to(folder):
        return "图片文件不在网页所在的文件夹中，未读取"
    if not local.is_file():
        return f"图片文件“{shortened(local.name)}”不在网页旁边（另存网页时未一并保存图片）"
    if local.stat().st_size > MAX_PICTURE_BYTES:
        return f"图片文件过大（{local.stat().st_size // 1024 // 1024} MB）"
    return local.read_bytes()


def style_length(style: str | None, name: str) -> str | None:
    m = re.search(rf"(?:^|;)\s*{name}\s*:\s*([\d.]+)px", style or "", re.IGNORECASE)
    return m.group(1) if m else None


def _pixels(value: str | None) -> float | None:
    """A length in CSS pixels (an attribute's '300' or '300px'); None for others (percentages)."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(?:px)?\s*", value or "")
    try:
        return float(m.group(1)) if m else None
    except ValueError:
        return None


def _span(value: str | None, limit: int, zero: int) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    if n == 0:
        return zero
    return max(1, min(n, limit))


class HtmlReader:
    def __init__(self, path: str = ""):
        self.path = path
        self.lines: list[Line] = []
        self.sources: list[int | None] = []     # per line, the source line its row starts on (tables)
        self.parts: list[str] = []
        self.tables = 0
        self.warnings: list[str] = []
        self.unshown: list[str] = []        # hidden content outside tables that holds a figure or a table
        self.met: set = set()               # the pictures met outside tables (read, or listed unread)
        self.placed = PicturesPlaced(PictureReader(Path(path).name), self.warnings, [])
        self.table_end: tuple[int, int] | None = None     # (lines read, columns) at the last table's end

    def flush(self) -> None:
        text = join_wrapped(re.split(r"\s*\n\s*", "".join(self.parts)))
        self.parts = []
        if text:
            self.lines.append(Line(len(self.lines) + 1, text))
            self.sources.append(None)

    def block(self, el) -> None:
        """Walk an element's content: text gathered into lines, tables read as grids."""
        if el.text:
            self.parts.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag in SKIP:
                pass
            elif unshown(child):
                self.note_unshown(child)
            elif tag == "br":
                self.flush()
            elif tag == "img":
                self.flush()
                self.picture(child)
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag == "pre":
                self.flush()
                for line in child.text_content().splitlines():
                    self.parts.append(line)
                    self.flush()
            elif tag in BLOCKS:
                self.flush()
                self.block(child)
                self.flush()
            else:
                self.block(child)
            if child.tail:
                self.parts.append(child.tail)

    def picture(self, img) -> None:
        """A picture the page shows (a table put on the page as a picture), read by OCR in its
        place (readers/pictures.py): its bytes from the page or from beside it."""
        if not large(img):
            return                    # an icon, a logo
        self.met.add(img)
        blob = picture_bytes(self.path, img)
        if isinstance(blob, bytes) and None in shown_size(img) and too_small(blob):
            return                    # (by its own pixels only where the page gives it no size)
        named = picture_named(img)
        placed = self.placed.place(blob, "网页", named, self.lines, told=named)
        self.sources.extend([None] * len(placed))

    def note_unshown(self, el) -> None:
        """Hidden content is not read (the page neither shows nor prints it: a figure's hidden
        digits must not join it), but a hidden table or figure may be a tab of the page the
        reader would open: it is told, not dropped in silence (text without a digit, a hidden
        menu, is not)."""
        tables = sum(1 for _ in el.iter("table"))
        if tables:
            self.unshown.append(f"{tables} 张表格")
            return
        text = element_text(el)
        if any(ch.isdigit() for ch in text):
            self.unshown.append(f"{quoted(shortened(text))}")

    def unshown_warning(self) -> None:
        if self.unshown:
            self.warnings.append(f"网页中有不显示的内容（{first_few(self.unshown)}），浏览器不显示也不打印，"
                                 "未读取；如是分页标签中的内容，请在浏览器中展开后另存再读取")

    def table(self, table) -> None:
        # A table written straight into another, not into a cell (unclosed <table>s, which the
        # parser nests so): read after the table that holds it, as a table of its own
        stray = [c for part in (table, *(x for x in table if _tag(x) in ("thead", "tbody", "tfoot")))
                 for c in part if _tag(c) == "table"]
        for inner in stray:
            inner.getparent().remove(inner)
        self.grid_or_layout(table)
        for inner in stray:
            self.table(inner)

    def grid_or_layout(self, table) -> None:
        rows = table_rows(table)
        width = max((sum(_span(c.get("colspan"), MAX_COLSPAN, 1) for c in cells) for _, cells in rows), default=0)
        if width <= 1 or (any(True for _ in table.iterdescendants("table")) and layout(rows, table)):
            for cell in (c for _, cells in rows for c in cells):     # layout: cells are blocks
                self.block(cell)
                self.flush()
            return
        for caption in table.findall("caption"):
            self.block(caption)
            self.flush()
        self.tables += 1
        number = self.tables
        said = unshown_text(table)
        if said:
            self.warnings.append(f"表格{number}中有网页不显示的内容（{said}），未读取")
        spans = [[(*cell_and_lines(c), _span(c.get("colspan"), MAX_COLSPAN, 1),
                   _span(c.get("rowspan"), MAX_ROWSPAN, MAX_ROWSPAN)) for c in cells] for _, cells in rows]
        spans = [[(text, colspan, rowspan, lines) for text, lines, colspan, rowspan in row] for row in spans]
        undecided: list[tuple[int, str]] = []
        padding = 2 * (_number(table.get("cellpadding")) or 0.0)

        def widths() -> list[list[float | None]]:    # (asked only of a table whose rows do not meet)
            return [[cell_width(c, padding) for c in cells] for _, cells in rows]
        grid, source = unstacked_from(joined_wraps(span_grid(spans, lambda r, c: f"表格{number} 第{r + 1}行第{c + 1}列",
                                                             undecided, widths)))
        self.warnings.extend(misaligned_note(number, r, text, "按网页表格的列") for r, text in undecided)
        pending = "".join(self.parts).strip()
        if not pending or CONTINUED.match(pending):
            # right after another table: its part on the next page (docx.BodyReader.table)
            grid = continued_part(grid, self.lines, self.table_end)
        if not undecided:             # (undecided, every cell spans runs of columns: said once above)
            self.warnings.extend(merged_figures(grid, number))
        emitted: list[int] = []
        self.lines.extend(grid_lines(grid, len(self.lines) + 1, page=number,
                                     row_ref=lambda r: f"表格{number} 第{r + 1}行", rows=emitted))
        self.table_end = table_end(self.lines, grid)
        self.sources.extend(getattr(rows[source[r]][0], "sourceline", None) for r in emitted)
        for inner in table.iterdescendants("table"):      # a small table in a cell: after its table
            if next(inner.iterancestors("table")) is table and not unshown_within(inner, table):
                self.table(inner)


def layout(rows, table) -> bool:
    """A table holding tables is laid out to hold them (a page's frame) unless its own cells
    with text outnumber its tables' cells: then it is a table of figures with a small table
    in a cell, read as a grid, the small table after it as a table of its own."""
    own = sum(1 for _, cells in rows for c in cells
              if not any(True for _ in c.iterdescendants("table")) and inner_text(c).strip())
    inner = sum(1 for t in table.iterdescendants("table") for c in t.iterdescendants("td", "th"))
    return own <= inner


def unshown_within(el, table) -> bool:
    """el, or an element holding it inside `table`, is not shown."""
    for up in (el, *el.iterancestors()):
        if up is table:
            return False
        if unshown(up):
            return True
    return False


def table_rows(table) -> list[tuple[object, list]]:
    """(tr, its td/th cells) in display order: head, bodies and loose rows, then the foot."""
    head, body, foot = [], [], []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            target = head if tag == "thead" else foot if tag == "tfoot" else body
            target.extend(tr for tr in child if _tag(tr) == "tr")
    return [(tr, [c for c in tr if _tag(c) in ("td", "th") and not unshown(c)])
            for tr in head + body + foot if not unshown(tr)]


def unshown_text(table, shown: int = 3) -> str:
    """The text of a table's elements the page does not show (a row, a cell, a piece of a
    cell), the first few each cut short: a figure left out of a table is told."""
    texts = []
    for el in table.iter():
        if isinstance(el.tag, str) and unshown(el) and not any(unshown(up) for up in el.iterancestors()
                                                               if up is not table):
            text = element_text(el)
            if text:
                texts.append(shortened(text))
    return first_few(texts, shown)


def too_small(blob: bytes) -> bool:
    """A picture smaller than MIN_PICTURE in its own pixels (an icon the page gave no size):
    no table; one that does not open is left to the reading to say."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as picture:
            width, height = picture.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    return width < MIN_PICTURE[0] or height < MIN_PICTURE[1]


def element_text(el) -> str:
    """An element's text, its whitespace runs made single spaces."""
    return " ".join(" ".join(el.itertext()).split())


CELL_WIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
STYLE_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)\s*pt", re.IGNORECASE)
STYLE_PADDING = re.compile(r"(?:^|;)\s*padding\s*:\s*([^;]+)", re.IGNORECASE)
LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(pt|px|cm|mm|in)?$")
PIXELS = {"pt": 4 / 3, "px": 1.0, None: 1.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54, "in": 96.0}


def cell_width(td, padding: float = 0.0) -> float | None:
    """The width a cell's box takes (width="68", Word's style width:50.0pt, as pixels), None
    where it gives none or only a share (50%). The width leaves the cell's padding out (a cell
    spanning columns counts theirs inside it): `padding`, the table's cellpadding on both
    sides, or the cell's style's (Word's padding:0cm 5.4pt), is added."""
    style = td.get("style") or ""
    if "padding" in style and (m := STYLE_PADDING.search(style)):
        padding = _horizontal(m.group(1).split())
    width = td.get("width")
    if width and (m := CELL_WIDTH.match(width)):
        return float(m.group(1)) + padding
    if "width" in style and (m := STYLE_WIDTH.search(style)):
        return float(m.group(1)) * PIXELS["pt"] + padding
    return None


def _horizontal(values: list[str]) -> float:
    """The left and right padding of a CSS padding's 1 to 4 lengths, in pixels (0 for one not
    read)."""
    if not 1 <= len(values) <= 4:
        return 0.0
    sides = {1: (0, 0), 2: (1, 1), 3: (1, 1), 4: (1, 3)}[len(values)]
    total = 0.0
    for k in sides:
        m = LENGTH.match(values[k].lower())
        total += float(m.group(1)) * PIXELS[m.group(2)] if m else 0.0
    return total


def _number(text: str | None) -> float | None:
    m = CELL_WIDTH.match(text) if text else None
    return float(m.group(1)) if m else None


def cell_and_lines(td) -> tuple[str, tuple[str, ...] | None]:
    """A cell's text, and its lines where it has several (grid.unstacked): those its <br>s
    break, empty ones kept, or one per block (<p>, <div>) when it holds blocks only."""
    raw = inner_text(td)
    if "\n" not in raw.strip():
        return cell_text(raw), None
    kids = [c for c in td if _tag(c) not in SKIP]
    if any(_tag(c) in BLOCKS for c in kids):
        whole = all(_tag(c) in BLOCKS for c in kids) and not (td.text or "").strip() \
            and not any((c.tail or "").strip() for c in kids)
        return cell_text(raw), tuple(cell_text(inner_text(c)) for c in kids) if whole else None
    return cell_text(raw), tuple(map(cell_text, raw.split("\n")))


def inner_text(el) -> str:
    """A cell's text with its <br> and block boundaries as newlines (joined by cell_text)."""
    out: list[str] = []
    _inner(el, out)
    return "".join(out)


def _inner(el, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag in SKIP or tag == "table" or unshown(child):
            pass                      # (a table in a cell is read after the cell's table)
        elif tag == "br":
            out.append("\n")
        else:
            block = tag in BLOCKS
            if block:
                out.append("\n")
            _inner(child, out)
            if block:
                out.append("\n")
        if child.tail:
            out.append(child.tail)
