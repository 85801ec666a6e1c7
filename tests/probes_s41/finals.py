"""A city unit's 决算公开 as a workbook, one sheet per table (公开01表 … 公开09表), amounts in 元,
rows and columns numbered (行次, 栏次) as the accounts software prints them; the year's actuals
are figures.py's, its budget (三公 预算数) a little above them."""

from __future__ import annotations

from decimal import Decimal

from . import figures as F
from .gen import Grid, Para, Style, fmt

D = Decimal
STYLE = Style(2023, unit="元", codes="one", scope="单位", name="某市规划设计研究院")
THREE_BUDGET = {"abroad": D(0), "vehicle_purchase": D(0), "vehicle_operation": D("14.00"), "reception": D("4.00")}
EMPTY_FUND = "注：本单位2023年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"
EMPTY_CAPITAL = "注：本单位2023年度没有国有资本经营预算财政拨款收入，也没有使用国有资本经营预算财政拨款安排的支出，故本表无数据。"
Z = D(0)


def f(v: Decimal | None) -> str | None:
    return None if v is None else fmt(v, STYLE)


def items_total(items) -> Decimal:
    return F.total(items, "basic") + F.total(items, "project")


def sides(left: list[tuple], right: list[tuple], widths: tuple[int, int]) -> list[list]:
    rows = []
    for i in range(max(len(left), len(right))):
        a = list(left[i]) if i < len(left) else [None] * widths[0]
        b = list(right[i]) if i < len(right) else [None] * widths[1]
        rows.append(a + b)
    return rows


def summary() -> Grid:
    income = [("一、一般公共预算财政拨款收入", "1", f(F.GPB)), ("二、政府性基金预算财政拨款收入", "2", None),
              ("三、国有资本经营预算财政拨款收入", "3", None), ("四、上级补助收入", "4", None),
              ("五、事业收入", "5", f(F.BUSINESS)), ("六、经营收入", "6", None), ("七、附属单位上缴收入", "7", None),
              ("八、其他收入", "8", None)]
    spend = [(f"{n}、{name}", str(31 + k), f(items_total(items)))
             for k, (n, (code, name, items)) in enumerate(zip("一二三四五六七八", F.classes()), 1)]
    rows = [["收入", None, None, "支出", None, None], ["项目", "行次", "金额", "项目", "行次", "金额"],
            ["栏次", None, "1", "栏次", None, "2"]]
    rows += sides(income, spend, (3, 3))
    rows += [["本年收入合计", "58", f(F.ALL), "本年支出合计", "86", f(F.ALL)],
             ["使用非财政拨款结余", "59", None, "结余分配", "87", None],
             ["年初结转和结余", "60", None, "年末结转和结余", "88", None],
             ["总计", "64", f(F.ALL), "总计", "92", f(F.ALL)]]
    return Grid("收入支出决算总表", "金额单位：元", rows, 3, [(0, 0, 1, 3), (0, 3, 1, 3)], "公开01表")


def by_function(title: str, label: str, heads: list[str], values) -> Grid:
    rows = [["项目", None] + heads, ["功能分类科目编码", "科目名称"] + [None] * len(heads),
            ["栏次", None] + [str(n) for n in range(1, len(heads) + 1)],
            [None, "合计"] + [f(v) for v in values(F.ITEMS)]]
    for code, name, items in F.function_rows():
        rows.append([code, name] + [f(v) for v in values(items)])
    merges = [(0, 0, 1, 2)] + [(0, 2 + i, 2, 1) for i in range(len(heads))]
    return Grid(title, "金额单位：元", rows, 3, merges, label)


def fiscal_summary() -> Grid:
    rows = [["收入", None, None, "支出", None, None, None, None, None],
            ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
             "国有资本经营预算财政拨款"],
            ["栏次", None, "1", "栏次", None, "2", "3", "4", "5"]]
    income = [("一、一般公共预算财政拨款", "1", f(F.GPB)), ("二、政府性基金预算财政拨款", "2", None),
              ("三、国有资本经营预算财政拨款", "3", None)]
    spend = []
    for k, (n, (code, name, items)) in enumerate(zip("一二三四五六七八", F.classes()), 1):
        v = f(sum((F.gpb(i) for i in items), Z))
        spend.append((f"{n}、{name}", str(32 + k), v, v, None, None))
    rows += sides(income, spend, (3, 6))
    rows += [["本年收入合计", "4", f(F.GPB), "本年支出合计", "59", f(F.GPB), f(F.GPB), None, None],
             ["年初财政拨款结转和结余", "5", None, "年末财政拨款结转和结余", "60", None, None, None, None],
             ["总计", "8", f(F.GPB), "总计", "63", f(F.GPB), f(F.GPB), None, None]]
    return Grid("财政拨款收入支出决算总表", "金额单位：元", rows, 3, [(0, 0, 1, 3), (0, 3, 1, 6)], "公开04表")


def basic() -> Grid:
    econ = F.economic_rows()
    people = [(c, n, f(p)) for c, n, p, _ in econ if p]
    public = [(c, n, f(q)) for c, n, _, q in econ if q]
    rows = [["人员经费", None, None, "公用经费", None, None], ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]]
    rows += sides(people, public, (3, 3))
    rows.append(["人员经费合计", None, f(F.PERSONNEL), "公用经费合计", None, f(F.PUBLIC)])
    return Grid("一般公共预算财政拨款基本支出决算表", "金额单位：元", rows, 2,
                [(0, 0, 1, 3), (0, 3, 1, 3), (len(rows) - 1, 0, 1, 2), (len(rows) - 1, 3, 1, 2)], "公开06表")


def three_public() -> Grid:
    def values(t):
        vehicle = t["vehicle_purchase"] + t["vehicle_operation"]
        return [t["abroad"] + vehicle + t["reception"], t["abroad"], vehicle, t["vehicle_purchase"],
                t["vehicle_operation"], t["reception"]]
    heads = ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"]
    subs = [None, None, "小计", "公务用车购置费", "公务用车运行费", None]
    rows = [["预算数"] + [None] * 5 + ["决算数"] + [None] * 5, heads + heads, subs + subs,
            [str(n) for n in range(1, 13)],
            [fmt(v, STYLE, blank_zero=False) for v in values(THREE_BUDGET) + values(F.THREE_PUBLIC)]]
    merges = [(0, 0, 1, 6), (0, 6, 1, 6)]
    for base in (0, 6):
        merges += [(1, base, 2, 1), (1, base + 1, 2, 1), (1, base + 2, 1, 3), (1, base + 5, 2, 1)]
    return Grid("一般公共预算财政拨款“三公”经费支出决算表", "金额单位：元", rows, 4, merges, "公开07表")


def empty(title: str, label: str, note: str, heads: list[str], subs: list[str | None] | None = None) -> Grid:
    """subs: a second header row (本年支出 over 小计 | 基本支出 | 项目支出); a head over None is
    merged down, a None head continues the one to its left."""
    subs = subs or [None] * len(heads)
    rows = [["项目", None] + heads, ["功能分类科目编码", "科目名称"] + subs,
            ["栏次", None] + [str(n) for n in range(1, len(heads) + 1)], [None, "合计"] + [None] * len(heads)]
    merges = [(0, 0, 1, 2)]
    for i, head in enumerate(heads):
        if head is not None and subs[i] is None:
            merges.append((0, 2 + i, 2, 1))
        elif head is not None:
            width = next((j for j in range(i + 1, len(heads)) if heads[j] is not None), len(heads)) - i
            merges.append((0, 2 + i, 1, width))
    return Grid(title, "金额单位：元", rows, 3, merges, label, note=note)


def tables() -> list[Grid]:
    return [
        summary(),
        by_function("收入决算表", "公开02表", ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                                               "附属单位上缴收入", "其他收入"],
                    lambda items: [items_total(items), sum((F.gpb(i) for i in items), Z), Z,
                                   F.total(items, "business"), Z, Z, Z]),
        by_function("支出决算表", "公开03表", ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                                               "对附属单位补助支出"],
                    lambda items: [items_total(items), F.total(items, "basic"), F.total(items, "project"), Z, Z, Z]),
        fiscal_summary(),
        by_function("一般公共预算财政拨款支出决算表", "公开05表", ["小计", "基本支出", "项目支出"],
                    lambda items: [sum((F.gpb(i) for i in items), Z), F.total(items, "basic") - F.total(items, "business"),
                                   F.total(items, "project")]),
        basic(),
        three_public(),
        empty("政府性基金预算财政拨款收入支出决算表", "公开08表", EMPTY_FUND,
              ["年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"],
              [None, None, "小计", "基本支出", "项目支出", None]),
        empty("国有资本经营预算财政拨款支出决算表", "公开09表", EMPTY_CAPITAL, ["合计", "基本支出", "项目支出"]),
    ]


def narrative() -> list[Para]:
    s, y = STYLE.name, STYLE.year
    return [Para(f"{s}{y}年度单位决算", heading=True),
            Para("第一部分 单位概况", heading=True),
            Para("一、主要职能"), Para("承担城市规划编制、规划研究和技术咨询等工作。"),
            Para("第二部分 2023年度单位决算情况说明", heading=True),
            Para("一、收入支出决算总体情况说明"),
            Para(f"{y}年度收入、支出决算总计均为{F.ALL}万元。"),
            Para("二、“三公”经费支出决算情况说明"),
            Para(f"{y}年度“三公”经费支出决算15.00万元，完成预算的83.33%。其中：公务接待费3.00万元，"
                 f"完成预算的75.00%；公务用车运行费12.00万元，完成预算的85.71%。")]


def blocks() -> list:
    return narrative() + [Para("第三部分 2023年度单位决算表", heading=True)] + tables()
