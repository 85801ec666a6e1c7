"""The probe documents: each a region's style of printing the national tables."""

from __future__ import annotations

from pathlib import Path

from . import gen
from .gen import Style


def titles(*names: str) -> dict[str, str]:
    kinds = ["summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "basic_expenditure",
             "three_public", "gov_fund_expenditure"]
    return dict(zip(kinds, names))


STYLES = {
    # a county 部门预算 as Word: 类|款|项 in three columns under a merged 功能分类科目编码
    "county-docx": Style(2024, codes="three", titles=titles(
        "部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
        "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表")),
    # printed to PDF by LibreOffice: tables run over pages under repeated header rows
    "county-pdf": Style(2024, codes="one", titles=titles(
        "收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "一般公共预算支出预算表",
        "一般公共预算基本支出预算表", "一般公共预算“三公”经费支出预算表", "政府性基金预算支出预算表")),
    # a city portal's article page in GBK
    "portal-html": Style(2025, codes="three", titles=titles(
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表",
        "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表",
        "政府性基金预算支出情况表")),
    # a 2016 disclosure in 元 whose narrative compares with last year's 执行数
    "y2016-docx": Style(2016, unit="元", codes="one", titles=titles(
        "部门收支预算总表", "部门收入预算总表", "部门支出预算总表", "财政拨款收支预算总表", "一般公共预算支出预算表",
        "一般公共预算基本支出预算表", "一般公共预算“三公”经费支出预算表", "政府性基金预算支出预算表")),
    # a city department's workbook, one sheet per table, in 元
    "city-xlsx": Style(2025, unit="元", codes="three", titles=titles(
        "收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算财政拨款支出表",
        "一般公共预算财政拨款基本支出表", "一般公共预算财政拨款“三公”经费支出表", "政府性基金预算财政拨款支出表")),
    # a county's Word file whose 类|款|项 cells print each row's own part only
    "sparse-docx": Style(2025, codes="sparse", titles=titles(
        "部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
        "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表")),
    # an older portal: tables saved from Excel (title and 单位 as rows of the table), the
    # article inside a page-layout table, 公开01表 labels
    "excel-html": Style(2019, codes="one", titles=titles(
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表",
        "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表",
        "政府性基金预算支出情况表")),
    # the national order of parts: 概况, 说明, 名词解释, then the tables
    "glossary-docx": Style(2023, codes="three", titles=titles(
        "部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
        "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表")),
}

EMPTY = "本部门{year}年无政府性基金预算支出，故本表为空表。"


def blocks(name: str) -> list:
    style = STYLES[name]
    basis = "比上年执行数" if name == "y2016-docx" else "比上年预算"
    return gen.document(style, EMPTY.format(year=style.year), basis, glossary=name == "glossary-docx")


def build(name: str, folder: Path) -> Path:
    b = blocks(name)
    if name in ("county-docx", "y2016-docx", "sparse-docx", "glossary-docx"):
        return gen.write_docx(b, folder / f"{name}.docx")
    if name == "county-pdf":
        return gen.to_pdf(gen.write_docx(b, folder / f"{name}.docx", repeat_header=True, filler=22, landscape=True),
                          folder)
    if name == "portal-html":
        return gen.write_html(b, folder / f"{name}.html")
    if name == "excel-html":
        for block in b:
            if isinstance(block, gen.Grid):
                block.label = f"公开{int(block.label[1:]):02d}表"
        return gen.write_html(b, folder / f"{name}.html", inline=True)
    if name == "city-xlsx":
        return gen.write_xlsx(b, folder / f"{name}.xlsx")
    raise KeyError(name)


ITEM_PARTS = {"第一部分": "一、部门概况", "第二部分": "二、2024年部门预算情况说明", "第四部分": "四、2024年部门预算公开表"}


def item_parts(blocks: list) -> list:
    """The parts headed as a list's items (一、部门概况, 二、…情况说明, 三、名词解释, 四、…公开表), in
    the national order, the 说明's sections as sub-items ((一)…); blocks as document(glossary=True)
    gives them."""
    out = []
    for block in blocks:
        if isinstance(block, gen.Para):
            text = ITEM_PARTS.get(block.text[:4], block.text)
            if text.startswith("第三部分"):
                text = "三、名词解释"
            elif text[:2] in ("一、", "二、", "三、", "四、", "五、") and text == block.text:
                text = f"（{text[0]}）{text[2:]}"
            block = gen.Para(text, block.heading)
        out.append(block)
    return out
