"""The template of a document whose titles two templates know alike: the national 部门预算 set
and Xinjiang's 11 tables share their titles (部门收支总体情况表 … 政府性基金预算支出情况表).
Xinjiang's template was taken where its first titles are the ones printed, also where nothing
named Xinjiang and no label (表1 …) told its numbering: a national document printed without
labels was then said to lack 表7/表9/表11 (项目支出, 国有资本经营, 上年结转结余), three errors.
The region's template is kept only where the document names the region (its cover, its web
page's title or the 编制单位 under a title: the region, or one of region_names) or its labels
follow the region's numbering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from probes_s41 import gen, probes

from budgetlens.checks import check
from budgetlens.pipeline import parse

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
XJ, NATIONAL = "xj-dept-budget-2025", "cn-dept-budget-2018"
LABEL_LINE = re.compile(r"^表 \d+\n", re.MULTILINE)


def national_page(folder: Path, name: str = "", drop: str = "", page_title: str = "") -> Path:
    """The city portal's page of the national tables (probes_s41 portal-html), printed without
    labels; name: the unit its cover names; drop: a table left out; page_title: the <title>."""
    blocks = probes.blocks("portal-html")
    for block in blocks:
        if isinstance(block, gen.Grid):
            block.label = ""
        elif name:
            block.text = block.text.replace("某县自然资源局", name)
    blocks = [b for b in blocks if not (isinstance(b, gen.Grid) and b.title == drop)]
    path = gen.write_html(blocks, folder / "page.html")
    if page_title:
        path.write_bytes(path.read_bytes().replace("<title>部门预算公开</title>".encode("gbk"),
                                                   f"<title>{page_title}</title>".encode("gbk")))
    return path


def table_findings(disc) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in check(disc).findings if f.rule == "C-TABLES"]


def test_a_national_document_without_labels_or_region_reads_by_the_national_template(tmp_path):
    disc = parse(national_page(tmp_path))
    assert disc.meta.template == NATIONAL
    assert table_findings(disc) == []
    assert [f.rule for f in check(disc).findings if f.severity == "error"] == []
    assert not [i for i in disc.issues if i.code == "header-unmapped"]   # (Xinjiang's income columns)


@pytest.mark.parametrize("name, page_title", [
    ("新疆维吾尔自治区某县自然资源局", ""),
    ("伊犁哈萨克自治州自然资源局", ""),
    ("克州自然资源局", ""),                                   # the 州's short name
    ("某县自然资源局", "某县自然资源局2025年部门预算公开_克孜勒苏柯尔克孜自治州人民政府"),   # the web page's title
])
def test_a_document_naming_a_place_of_xinjiang_keeps_the_xinjiang_template(tmp_path, name, page_title):
    """The near miss: the same tables, the cover (or the page's title) naming Xinjiang or one of
    its 州: Xinjiang's template, whose tables the document then lacks (as before)."""
    disc = parse(national_page(tmp_path, name, page_title=page_title))
    assert disc.meta.template == XJ
    assert ("error", "缺少表7“一般公共预算项目支出情况表”") in table_findings(disc)


def test_a_place_named_like_a_short_name_of_xinjiang_is_not_xinjiang(tmp_path):
    """巴州 is also 巴中市巴州区 (Sichuan): not among Xinjiang's names."""
    disc = parse(national_page(tmp_path, "巴中市巴州区自然资源局"))
    assert disc.meta.template == NATIONAL


def test_a_national_document_lacking_a_national_table_is_still_said_to(tmp_path):
    """The near miss: the national document without its 三公 table: C-TABLES' error, as before."""
    disc = parse(national_page(tmp_path, drop=probes.STYLES["portal-html"].titles["three_public"]))
    assert disc.meta.template == NATIONAL
    assert [s for s, _ in table_findings(disc)] == ["error"]
    assert "三公" in table_findings(disc)[0][1]


# ---- the Xinjiang seed without its labels ---------------------------------------------------

def unlabelled_seed(folder: Path, keep_units: bool = True, keep_all: bool = True) -> Path:
    """Seed 002 (克孜勒苏柯尔克孜自治州人民政府办公室) without its 表 N labels; keep_all False: the
    州 named nowhere but, with keep_units, on the 编制部门 lines under the titles."""
    text = LABEL_LINE.sub("", SEED.read_text(encoding="utf-8"))
    if not keep_all:
        lines = text.split("\n")
        text = "\n".join(line if keep_units and line.startswith("编制部门") else
                         line.replace("克孜勒苏柯尔克孜自治州", "某州").replace("克州", "某州") for line in lines)
    path = folder / "seed.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_xinjiang_seed_without_labels_keeps_its_template_and_tables(tmp_path):
    disc = parse(unlabelled_seed(tmp_path))
    assert disc.meta.template == XJ
    assert len(disc.tables) == 11 and table_findings(disc) == []


def test_the_unit_named_under_the_titles_tells_the_region(tmp_path):
    """The cover names no place; the 编制部门 under each title does."""
    disc = parse(unlabelled_seed(tmp_path, keep_all=False))
    assert disc.meta.template == XJ
    assert len(disc.tables) == 11


def test_the_xinjiang_set_named_nowhere_reads_by_the_national_template(tmp_path):
    """Nothing tells Xinjiang: the national template, which knows its 11 tables, reads them all."""
    disc = parse(unlabelled_seed(tmp_path, keep_units=False, keep_all=False))
    assert disc.meta.template == NATIONAL
    assert len(disc.tables) == 11 and table_findings(disc) == []
