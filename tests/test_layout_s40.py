"""Session 40: tables in pdftotext -layout text (extract/layout.py, extract/wraps.py). The
inputs are lines as pdftotext -layout prints the seeds' tables rendered to PDF; expectations
are transcribed from the seeds' own text."""

from __future__ import annotations

from budgetlens.pipeline import parse

# seed 000's 表7 as pdftotext -layout prints it: one header 项目 over the code, the name and
# the project columns; each row's name and project wrapped around its code line, the head
# line's two cells one space apart ("…（室）及 克州人民政府门户")
PROJECT_TABLE = [
    '表7',
    '',
    '',
    '一般公共预算项目支出情况表',
    '编制部门：克孜勒苏柯尔克孜自治州电子政务服务中心',
    '',
    '单位：万元',
    '',
    '                                            项目支出 工资福     商品和服      对个人和家 债务利息及 资本性支出    资本性     对企业补助    对企业 对社会保障 其他',
    '项目',
    '                                            合计   利支出     务支出       庭的补助  费用支出  （基本建设）   支出      （基本建设）   补助  基金补助  支出',
    '            总计                                  34.00      29.50                         4.50',
    '            克孜勒苏柯尔克孜自治州',
    '                                                34.00      29.50                         4.50',
    '            电子政务服务中心',
    '201         一般公共服务支出                            34.00      29.50                         4.50',
    '            政府办公厅（室）及相关',
    '201 03                                          34.00      29.50                         4.50',
    '            机构事务',
    '            其他政府办公厅（室）及 克州人民政府门户',
    '201 03 99                                       18.00      18.00',
    '            相关机构事务支出    网站运行维护费',
    '            其他政府办公厅（室）及 克州人民政府网站',
    '201 03 99                                        3.00       3.00',
    '            相关机构事务支出    等级保护测评费',
    '            其他政府办公厅（室）及 克州电子政务内外',
    '201 03 99                                       13.00       8.50                         4.50',
    '            相关机构事务支出    网运行维护费',
]


def read_rows(tmp_path, lines: list[str], kind: str):
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind).rows


def test_name_and_project_under_one_header_are_two_columns(tmp_path):
    """The rows print their name and project in two columns whose lines start at one place:
    each row is its code, its name and its project (before: the head line's two cells one
    space apart were one name, 其他政府办公厅（室）及克州人民政府门户, and each tail line a row
    of its own with no amount)."""
    _, rows = read_rows(tmp_path, PROJECT_TABLE, "project_expenditure")
    got = [(r.code, r.name, r.project, [c.text for c in r.cells if c.text]) for r in rows]
    name = "其他政府办公厅（室）及相关机构事务支出"
    assert got[-3:] == [
        ("2010399", name, "克州人民政府门户网站运行维护费", ["18.00", "18.00"]),
        ("2010399", name, "克州人民政府网站等级保护测评费", ["3.00", "3.00"]),
        ("2010399", name, "克州电子政务内外网运行维护费", ["13.00", "8.50", "4.50"]),
    ]
    assert len(rows) == 7 and not any(r.project for r in rows[:4])


def test_names_alone_under_one_header_stay_one_column(tmp_path):
    """Near miss: the same table whose rows print no project (one run of words a line): each
    name wrapped around its code line is joined whole, no project invented."""
    lines = [ln.replace(" 克州人民政府门户", "").replace(" 克州人民政府网站", "").replace(" 克州电子政务内外", "")
             for ln in PROJECT_TABLE]
    lines = [ln[:ln.index("支出") + 2] if ln.strip().startswith("相关机构事务支出") else ln for ln in lines]
    _, rows = read_rows(tmp_path, lines, "project_expenditure")
    coded = [(r.code, r.name, r.project) for r in rows if r.code == "2010399"]
    assert coded == [("2010399", "其他政府办公厅（室）及相关机构事务支出", "")] * 3

