"""A ruled expenditure table as a PDF (WeasyPrint), for the tests of split header columns:
科目编码 | 科目名称 | 合计 | 基本支出 over the given parts | 项目支出, one table on one page
(or the same without rules, ruled=False: the words placed as a 三线表 without its lines)."""

from __future__ import annotations

CSS = """@page { size: A4; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; }"""


def basic_split_pdf(path, title: str, parts: list[str], rows, keep: list[int], cover: str = "某某局2025年部门预算",
                    ruled: bool = True):
    """rows: tuples of cell texts; keep: which of each row's texts are printed, in order."""
    import weasyprint

    css = CSS if ruled else CSS.replace("border: 0.5pt solid #000;", "border: none;")
    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>合计</td>"
            f"<td colspan={len(parts)}>基本支出</td><td rowspan=2>项目支出</td></tr>"
            "<tr>" + "".join(f"<td>{p}</td>" for p in parts) + "</tr>")
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{r[k]}</td>" for n, k in enumerate(keep))
                   + "</tr>" for r in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{css}</style></head><body><p>{cover}</p><p>{title}</p>"
        f"<p>编制单位：某某局 单位：万元</p><table>{head}{body}</table></body></html>")).write_pdf(str(path))
    return path
