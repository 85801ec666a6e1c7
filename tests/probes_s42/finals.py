"""决算 (final accounts) disclosures of regions and forms the earlier probes did not write, made
from one set of books so every printed figure is known by construction (probe s42).

The books: a county department's 2019 accounts (万元), 类/款/项 functions with basic and project
spending, income per function (one project received 5.00 more than it spent: 年末结转和结余),
the year's budget (年初预算) and adjusted budget (全年预算) per 项, 一般公共预算 basic spending by
economic class and 三公 with counts. Documents (`build(name, folder)`):
- county-2019-pdf: Word file printed by LibreOffice; codes in three cells (类|款|项) under a
  merged 功能分类科目编码; the 一般公共预算 table prints 年初预算数 | 全年预算数 | 决算数; the
  basic table prints 人员经费 | 公用经费 in three side-by-side groups; narrative in 决算 words.
- county-2019-layout / county-2019-raw: pdftotext -layout / -raw of that PDF.
- unit-2022-xlsx: a city unit's workbook in 元; the 三公 table with items as rows and the
  vehicle and reception counts under them; 政府性基金/国有资本 tables empty, each with its note.
- unit-2021-docx: a unit without 三公, 政府性基金 or 国有资本 money: the three tables printed
  empty and said so in one note under the last.
- dept-2024-docx: the narrative compares with last year's 决算 and the year's budget, and
  speaks of 机关运行经费, 政府采购 (中小企业), 国有资产 and 绩效自评.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from probes_s41 import figures as F
from probes_s41 import gen
from probes_s41.gen import Grid, Para, Style, fmt

D = Decimal
Z = D(0)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    basic: Decimal
    project: Decimal
    other: Decimal          # of the spending, paid from 其他收入 (the rest: 一般公共预算)
    budget: Decimal         # 年初预算 (一般公共预算)
    adjusted: Decimal       # 全年预算 (一般公共预算)


NAMES = {"208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
         "210": "卫生健康支出", "21011": "行政事业单位医疗",
         "213": "农林水支出", "21301": "农业农村",
         "221": "住房保障支出", "22102": "住房改革支出"}
ITEMS = [Item("2080505", "机关事业单位基本养老保险缴费支出", D("64.18"), Z, Z, D("60.00"), D("64.18")),
         Item("2101101", "行政单位医疗", D("22.36"), Z, Z, D("22.00"), D("22.36")),
         Item("2101102", "事业单位医疗", D("12.04"), Z, Z, D("12.00"), D("12.04")),
         Item("2130101", "行政运行", D("312.45"), Z, Z, D("300.00"), D("315.00")),
         Item("2130104", "事业运行", D("186.30"), Z, D("20.00"), D("160.00"), D("166.30")),
         Item("2130108", "病虫害控制", Z, D("38.60"), Z, D("40.00"), D("40.00")),
         Item("2130122", "农业生产发展", Z, D("245.00"), Z, D("200.00"), D("250.00")),
         Item("2210201", "住房公积金", D("40.12"), Z, Z, D("40.00"), D("40.12"))]
EXTRA_INCOME = {"2130122": D("5.00")}          # received, not spent: 年末结转和结余
# 一般公共预算 basic spending by economic class (code, name, amount); 301/303 人员经费, 302/310 公用经费
PERSONNEL = [("301", "工资福利支出"), ("30101", "基本工资", D("168.20")), ("30102", "津贴补贴", D("96.50")),
             ("30103", "奖金", D("24.80")), ("30107", "绩效工资", D("52.30")),
             ("30108", "机关事业单位基本养老保险缴费", D("64.18")), ("30110", "职工基本医疗保险缴费", D("34.40")),
             ("30113", "住房公积金", D("40.12")), ("30199", "其他工资福利支出", D("6.00")),
             ("303", "对个人和家庭的补助"), ("30302", "退休费", D("8.40")), ("30305", "生活补助", D("3.20"))]
PUBLIC = [("302", "商品和服务支出"), ("30201", "办公费", D("28.00")), ("30205", "水费", D("3.10")),
          ("30206", "电费", D("9.80")), ("30211", "差旅费", D("18.60")), ("30216", "培训费", D("4.20")),
          ("30217", "公务接待费", D("2.85")), ("30228", "工会经费", D("7.40")), ("30229", "福利费", D("5.00")),
          ("30231", "公务用车运行维护费", D("14.60")), ("30239", "其他交通费用", D("16.80")),
          ("310", "资本性支出"), ("31002", "办公设备购置", D("9.00"))]
# a unit without 三公 spending books its reception and vehicle lines nowhere: the same total
# under 其他商品和服务支出
PUBLIC_NO_THREE = [r for r in PUBLIC[:-2] if r[0] not in ("30217", "30231", "30239")] \
    + [("30299", "其他商品和服务支出", D("34.25"))] + PUBLIC[-2:]
THREE_BUDGET = {"abroad": Z, "vehicle_purchase": Z, "vehicle_operation": D("16.00"), "reception": D("4.00")}
THREE_ACTUAL = {"abroad": Z, "vehicle_purchase": Z, "vehicle_operation": D("14.60"), "reception": D("2.85")}
COUNTS = [("公务用车购置数（辆）", "0"), ("公务用车保有量（辆）", "6"), ("国内公务接待批次（个）", "38"),
          ("国内公务接待人次（人）", "296")]
PRIOR_ALL = D("850.00")          # last year's 支出决算 (本年支出合计)


def spent(items) -> Decimal:
    return sum((i.basic + i.project for i in items), Z)


def gpb(items) -> Decimal:
    return spent(items) - sum((i.other for i in items), Z)


def fiscal_income(items) -> Decimal:
    return gpb(items) + sum((EXTRA_INCOME.get(i.code, Z) for i in items), Z)


def other_income(items) -> Decimal:
    return sum((i.other for i in items), Z)


def function_rows() -> list[tuple[str, str, list[Item]]]:
    return F.function_rows(ITEMS, NAMES)        # (the s41 books' builder, over these books)


def classes() -> list[tuple[str, str, list[Item]]]:
    return [r for r in function_rows() if len(r[0]) == 3]


def economic(rows) -> list[tuple[str, str, Decimal]]:
    """Each 类 the sum of its 款."""
    return [(r[0], r[1], sum((k[2] for k in rows if len(k) == 3 and k[0].startswith(r[0])), Z)) if len(r) == 2
            else r for r in rows]


ALL = spent(ITEMS)                                  # 本年支出合计 880.45
GPB = gpb(ITEMS)                                    # 860.45
INCOME = fiscal_income(ITEMS) + other_income(ITEMS)  # 本年收入合计 885.45
CARRY_END = INCOME - ALL                            # 5.00
GPB_BASIC = sum((i.basic - i.other for i in ITEMS), Z)
GPB_PROJECT = sum((i.project for i in ITEMS), Z)
PERSONNEL_TOTAL = sum((r[2] for r in economic(PERSONNEL) if len(r[0]) == 3), Z)
PUBLIC_TOTAL = sum((r[2] for r in economic(PUBLIC) if len(r[0]) == 3), Z)
assert PERSONNEL_TOTAL + PUBLIC_TOTAL == GPB_BASIC, (PERSONNEL_TOTAL, PUBLIC_TOTAL, GPB_BASIC)
assert sum((r[2] for r in PUBLIC_NO_THREE if len(r) == 3), Z) == PUBLIC_TOTAL
assert THREE_ACTUAL["reception"] == {r[0]: r[2] for r in PUBLIC if len(r) == 3}["30217"]

STYLES = {"county-2019-pdf": Style(2019, codes="three", name="某县农业农村局"),
          "unit-2022-xlsx": Style(2022, unit="元", scope="单位", name="某市农业技术推广中心"),
          "unit-2021-docx": Style(2021, scope="单位", name="某区农村经营管理站"),
          "dept-2024-docx": Style(2024, name="某县农业农村局"),
          "dept-2020-html": Style(2020, name="某县农业农村局"),
          "unit-2024-xlsx": Style(2024, unit="元", codes="three", scope="单位", name="某市动物疫病预防控制中心")}
STYLES["county-2019-layout"] = STYLES["county-2019-raw"] = STYLES["county-2019-pdf"]


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(D("0.01"))


# ---- tables ---------------------------------------------------------------------------------

def code_head(style: Style, heads: list[str], subs: list[str | None]) -> tuple[list[list], list[tuple]]:
    """Two header rows: the code columns (科目编码 or 类|款|项 under 功能分类科目编码) and the
    amount columns, a head over None merged down, a None head continuing the one to its left."""
    if style.codes == "three":
        rows = [["功能分类科目编码", None, None, "科目名称"], ["类", "款", "项", None]]
        merges = [(0, 0, 1, 3), (0, 3, 2, 1)]
    else:
        rows = [["科目编码", "科目名称"], [None, None]]
        merges = [(0, 0, 2, 1), (0, 1, 2, 1)]
    width = len(rows[0])
    rows[0] += heads
    rows[1] += subs
    for i, head in enumerate(heads):
        if head is None:
            continue
        if subs[i] is None:
            merges.append((0, width + i, 2, 1))
        else:
            span = next((j for j in range(i + 1, len(heads)) if heads[j] is not None), len(heads)) - i
            if span > 1:
                merges.append((0, width + i, 1, span))
    return rows, merges


def by_function(style: Style, title: str, label: str, heads, subs, values, note: str = "",
                empty: bool = False) -> Grid:
    rows, merges = code_head(style, heads, subs)
    width = len(rows[0]) - len(heads)
    total = [None] * (width - 1) + ["合计"]
    rows.append(total + ([None] * len(heads) if empty else [fmt(v, style) for v in values(ITEMS)]))
    if not empty:
        for code, name, items in function_rows():
            rows.append(gen.code_cells(code, style) + [name] + [fmt(v, style) for v in values(items)])
    return Grid(title, f"单位：{style.unit}", rows, 2, merges, label, note=note)


def sides(left: list, right: list, widths: tuple[int, int]) -> list[list]:
    return [(list(left[i]) if i < len(left) else [None] * widths[0])
            + (list(right[i]) if i < len(right) else [None] * widths[1]) for i in range(max(len(left), len(right)))]


def summary(style: Style) -> Grid:
    f = lambda v: fmt(v, style)
    income = [("一、一般公共预算财政拨款收入", "1", f(fiscal_income(ITEMS))), ("二、政府性基金预算财政拨款收入", "2", None),
              ("三、国有资本经营预算财政拨款收入", "3", None), ("四、上级补助收入", "4", None), ("五、事业收入", "5", None),
              ("六、经营收入", "6", None), ("七、附属单位上缴收入", "7", None), ("八、其他收入", "8", f(other_income(ITEMS)))]
    spend = [(f"{n}、{name}", str(31 + k), f(spent(items)))
             for k, (n, (_, name, items)) in enumerate(zip("一二三四五六", classes()))]
    rows = [["收入", None, None, "支出", None, None], ["项目", "行次", "金额", "项目", "行次", "金额"]]
    rows += sides(income, spend, (3, 3))
    rows += [["本年收入合计", "9", f(INCOME), "本年支出合计", "59", f(ALL)],
             ["使用非财政拨款结余", "10", None, "结余分配", "60", None],
             ["年初结转和结余", "11", None, "年末结转和结余", "61", f(CARRY_END)],
             ["总计", "12", f(INCOME), "总计", "62", f(INCOME)]]
    return Grid("收入支出决算总表", f"单位：{style.unit}", rows, 2, [(0, 0, 1, 3), (0, 3, 1, 3)], "表1")


def fiscal_summary(style: Style) -> Grid:
    f = lambda v: fmt(v, style)
    rows = [["收入", None, "支出", None, None, None],
            ["项目", "金额", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"]]
    income = [("一、一般公共预算财政拨款", f(fiscal_income(ITEMS))), ("二、政府性基金预算财政拨款", None)]
    spend = [(f"{n}、{name}", f(gpb(items)), f(gpb(items)), None)
             for n, (_, name, items) in zip("一二三四五六", classes())]
    rows += sides(income, spend, (2, 4))
    carry = fiscal_income(ITEMS) - GPB
    rows += [["本年收入合计", f(fiscal_income(ITEMS)), "本年支出合计", f(GPB), f(GPB), None],
             ["年初财政拨款结转和结余", None, "年末财政拨款结转和结余", f(carry), f(carry), None],
             ["总计", f(fiscal_income(ITEMS)), "总计", f(fiscal_income(ITEMS)), f(fiscal_income(ITEMS)), None]]
    return Grid("财政拨款收入支出决算总表", f"单位：{style.unit}", rows, 2, [(0, 0, 1, 2), (0, 2, 1, 4)], "表4")


def gpb_table(style: Style, budgets: bool) -> Grid:
    """budgets: 年初预算数 | 全年预算数 | 决算数 (合计 | 基本支出 | 项目支出), else 决算数 alone."""
    actual = lambda items: [gpb(items), sum((i.basic - i.other for i in items), Z),
                            sum((i.project for i in items), Z)]
    if budgets:
        heads = ["年初预算数", "全年预算数", "决算数", None, None]
        subs = [None, None, "合计", "基本支出", "项目支出"]
        values = lambda items: [sum((i.budget for i in items), Z), sum((i.adjusted for i in items), Z)] + actual(items)
    else:
        heads, subs, values = ["本年支出", None, None], ["小计", "基本支出", "项目支出"], actual
    return by_function(style, "一般公共预算财政拨款支出决算表", "表5", heads, subs, values)


def basic_three_groups(style: Style, public_rows: list = PUBLIC) -> Grid:
    """人员经费 | 公用经费, 公用经费 in two groups of 科目编码 | 科目名称 | 决算数 (the national sheet)."""
    f = lambda v: fmt(v, style)
    people = [(c, n, f(v)) for c, n, v in economic(PERSONNEL)]
    public = [(c, n, f(v)) for c, n, v in economic(public_rows)]
    half = (len(public) + 1) // 2
    rows = [["人员经费", None, None, "公用经费", None, None, None, None, None],
            ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]]
    body = sides(sides(people, public[:half], (3, 3)), public[half:], (6, 3))
    rows += body
    rows.append(["人员经费合计", None, f(PERSONNEL_TOTAL), "公用经费合计", None, None, None, None, f(PUBLIC_TOTAL)])
    last = len(rows) - 1
    return Grid("一般公共预算财政拨款基本支出决算表", f"单位：{style.unit}", rows, 2,
                [(0, 0, 1, 3), (0, 3, 1, 6), (last, 0, 1, 2), (last, 3, 1, 5)], "表6")


def three_values(t: dict) -> list[Decimal]:
    vehicle = t["vehicle_purchase"] + t["vehicle_operation"]
    return [t["abroad"] + vehicle + t["reception"], t["abroad"], vehicle, t["vehicle_purchase"],
            t["vehicle_operation"], t["reception"]]


def three_public_columns(style: Style) -> Grid:
    heads = ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"]
    subs = [None, None, "小计", "公务用车购置费", "公务用车运行费", None]
    rows = [["预算数"] + [None] * 5 + ["决算数"] + [None] * 5, heads + heads, subs + subs,
            [fmt(v, style, blank_zero=False) for v in three_values(THREE_BUDGET) + three_values(THREE_ACTUAL)]]
    merges = [(0, 0, 1, 6), (0, 6, 1, 6)]
    for base in (0, 6):
        merges += [(1, base, 2, 1), (1, base + 1, 2, 1), (1, base + 2, 1, 3), (1, base + 5, 2, 1)]
    return Grid("一般公共预算财政拨款“三公”经费支出决算表", f"单位：{style.unit}", rows, 3, merges, "表7")


def three_public_rows(style: Style) -> Grid:
    """Items as rows, 预算数 | 决算数, and the counts under them (no amounts: 辆, 个, 人)."""
    b, a = three_values(THREE_BUDGET), three_values(THREE_ACTUAL)
    names = ["合计", "1.因公出国（境）费", "2.公务用车购置及运行费", "（1）公务用车购置费", "（2）公务用车运行费",
             "3.公务接待费"]
    rows = [["项目", "预算数", "决算数"]]
    rows += [[n, fmt(x, style, blank_zero=False), fmt(y, style, blank_zero=False)] for n, x, y in zip(names, b, a)]
    rows += [[n, None, v] for n, v in COUNTS]
    return Grid("一般公共预算财政拨款“三公”经费支出决算表", f"单位：{style.unit}", rows, 1, [], "表7")


FUND_HEADS = (["年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"],
              [None, None, "小计", "基本支出", "项目支出", None])
CAPITAL_HEADS = (["本年支出", None, None], ["合计", "基本支出", "项目支出"])


def income_table(style: Style) -> Grid:
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    return by_function(style, "收入决算表", "表2", heads, [None] * 7,
                       lambda items: [fiscal_income(items) + other_income(items), fiscal_income(items), Z, Z, Z, Z,
                                      other_income(items)])


def spending_table(style: Style) -> Grid:
    heads = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    return by_function(style, "支出决算表", "表3", heads, [None] * 6,
                       lambda items: [spent(items), sum((i.basic for i in items), Z),
                                      sum((i.project for i in items), Z), Z, Z, Z])


def tables(style: Style, three: str, empty_notes: str) -> list[Grid]:
    """three: columns / rows / empty; empty_notes: each (a note under each empty table), one
    (one note under the last naming the three) or none (the narrative says why)."""
    y, s = style.year, style.scope
    out = [summary(style), income_table(style), spending_table(style), fiscal_summary(style),
           gpb_table(style, budgets=style.codes == "three"),
           basic_three_groups(style, PUBLIC_NO_THREE if three == "empty" else PUBLIC)]
    if three == "columns":
        out.append(three_public_columns(style))
    elif three == "rows":
        out.append(three_public_rows(style))
    else:
        empty = three_public_columns(style)
        empty.rows[-1] = [None] * 12
        out.append(empty)
    fund_note = f"注：本{s}{y}年度没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"
    capital_note = f"注：本{s}{y}年度没有使用国有资本经营预算财政拨款安排的支出，故本表无数据。"
    one = (f"注：本{s}{y}年度无“三公”经费支出，也没有使用政府性基金预算财政拨款和国有资本经营预算财政拨款安排的支出，"
           f"故表7、表8、表9为空表。")
    out.append(by_function(style, "政府性基金预算财政拨款收入支出决算表", "表8", *FUND_HEADS, None,
                           note=fund_note if empty_notes == "each" else "", empty=True))
    out.append(by_function(style, "国有资本经营预算财政拨款支出决算表", "表9", *CAPITAL_HEADS, None,
                           note={"each": capital_note, "one": one}.get(empty_notes, ""), empty=True))
    return out


# ---- narrative ----------------------------------------------------------------------------

def narrative(style: Style, prior: bool) -> list[Para]:
    """决算 words: totals, 完成年初预算/全年预算 rates, 决算数大于预算数的主要原因; prior: with
    last year's 决算 and the 其他重要事项 (机关运行经费, 采购, 资产, 绩效)."""
    n, y, s = style.name, style.year, style.scope
    up = ALL - PRIOR_ALL
    budget, adjusted = sum((i.budget for i in ITEMS), Z), sum((i.adjusted for i in ITEMS), Z)
    paras = [Para(f"{n}{y}年度{s}决算", heading=True),
             Para(f"第一部分 {s}概况", heading=True),
             Para("一、主要职能"), Para("贯彻落实党中央关于“三农”工作的方针政策，统筹推进乡村振兴战略实施。"),
             Para(f"第二部分 {y}年度{s}决算情况说明", heading=True),
             Para("一、收入支出决算总体情况说明"),
             Para(f"{y}年度收入总计{INCOME}万元，支出总计{INCOME}万元。"
                  + (f"本年支出合计{ALL}万元，与上年决算相比，增加{up}万元，增长{pct(up, PRIOR_ALL)}%，主要原因是农业生产发展项目增加。"
                     if prior else "")),
             Para("二、收入决算情况说明"),
             Para(f"本年收入合计{INCOME}万元，其中：财政拨款收入{fiscal_income(ITEMS)}万元，占"
                  f"{pct(fiscal_income(ITEMS), INCOME)}%；其他收入{other_income(ITEMS)}万元，占{pct(other_income(ITEMS), INCOME)}%。"),
             Para("三、支出决算情况说明"),
             Para(f"本年支出合计{ALL}万元，其中：基本支出{sum((i.basic for i in ITEMS), Z)}万元，占"
                  f"{pct(sum((i.basic for i in ITEMS), Z), ALL)}%；项目支出{GPB_PROJECT}万元，占{pct(GPB_PROJECT, ALL)}%。"),
             Para("四、财政拨款收入支出决算总体情况说明"),
             Para(f"{y}年度财政拨款收入总计{fiscal_income(ITEMS)}万元，支出总计{fiscal_income(ITEMS)}万元，其中：本年支出"
                  f"{GPB}万元，年末财政拨款结转和结余{fiscal_income(ITEMS) - GPB}万元。"),
             Para("五、一般公共预算财政拨款支出决算情况说明"),
             Para(f"{y}年度一般公共预算财政拨款支出年初预算为{budget}万元，全年预算为{adjusted}万元，支出决算为{GPB}万元，"
                  f"完成年初预算的{pct(GPB, budget)}%，完成全年预算的{pct(GPB, adjusted)}%。")]
    for item in ITEMS:
        code, actual = item.code, item.basic + item.project - item.other
        more = "大于" if actual > item.budget else "小于"
        paras.append(Para(f"{NAMES[code[:3]]}（类）{NAMES[code[:5]]}（款）{item.name}（项）：年初预算为{item.budget}万元，"
                          f"支出决算为{actual}万元，完成年初预算的{pct(actual, item.budget)}%。决算数{more}年初预算数的主要原因是"
                          f"年中追加调整。" if actual != item.budget else
                          f"{NAMES[code[:3]]}（类）{NAMES[code[:5]]}（款）{item.name}（项）：年初预算为{item.budget}万元，"
                          f"支出决算为{actual}万元，完成年初预算的100.00%。"))
    tb, ta = three_values(THREE_BUDGET)[0], three_values(THREE_ACTUAL)[0]
    paras += [Para("六、一般公共预算财政拨款基本支出决算情况说明"),
              Para(f"{y}年度一般公共预算财政拨款基本支出{GPB_BASIC}万元，其中：人员经费{PERSONNEL_TOTAL}万元，主要包括：基本工资、"
                   f"津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、住房公积金、其他工资福利支出、"
                   f"退休费、生活补助；公用经费{PUBLIC_TOTAL}万元，主要包括：办公费、水费、电费、差旅费、培训费、公务接待费、"
                   f"工会经费、福利费、公务用车运行维护费、其他交通费用、办公设备购置。"),
              Para("七、“三公”经费支出决算情况说明"),
              Para(f"{y}年度“三公”经费支出预算为{tb}万元，支出决算为{ta}万元，完成预算的{pct(ta, tb)}%。其中：因公出国（境）费"
                   f"支出决算为0万元；公务用车购置及运行费支出决算为{THREE_ACTUAL['vehicle_operation']}万元，完成预算的"
                   f"{pct(THREE_ACTUAL['vehicle_operation'], THREE_BUDGET['vehicle_operation'])}%；公务接待费支出决算为"
                   f"{THREE_ACTUAL['reception']}万元，完成预算的{pct(THREE_ACTUAL['reception'], THREE_BUDGET['reception'])}%。"
                   f"决算数小于预算数的主要原因是厉行节约，压减公务接待。{y}年度国内公务接待38批次，296人次。")]
    paras += [Para("八、政府性基金预算财政拨款收入支出决算情况说明"),
              Para(f"本{s}{y}年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出。"),
              Para("九、国有资本经营预算财政拨款支出决算情况说明"),
              Para(f"本{s}{y}年度没有使用国有资本经营预算财政拨款安排的支出。"),
              # the national format's 其他重要事项, its items as sub-headings, the text after a colon
              Para("十、其他重要事项的情况说明")]
    if not prior:
        # each item's heading on a line of its own
        return paras + [Para("（一）机关运行经费支出情况"), Para(f"{y}年度本{s}机关运行经费支出{PUBLIC_TOTAL}万元。"),
                        Para("（二）政府采购支出情况"), Para(f"{y}年度本{s}无政府采购支出。")]
    # the item's heading and its text in one paragraph, after a colon
    return paras + [
                Para(f"（一）机关运行经费支出情况：{y}年度本部门机关运行经费支出{PUBLIC_TOTAL}万元，比上年决算减少3.25万元，"
                     f"下降{pct(D('3.25'), PUBLIC_TOTAL + D('3.25'))}%，主要原因是压减一般性支出。"),
                Para(f"（二）政府采购支出情况：{y}年度政府采购支出总额56.40万元，其中：政府采购货物支出21.40万元、政府采购工程"
                     f"支出0万元、政府采购服务支出35.00万元。授予中小企业合同金额50.00万元，占政府采购支出总额的88.65%，"
                     f"其中：授予小微企业合同金额42.00万元，占授予中小企业合同金额的84.00%。"),
                Para(f"（三）国有资产占有使用情况：截至{y}年12月31日，本部门共有车辆6辆，其中：一般公务用车2辆、执法执勤用车4辆；"
                     f"单价50万元以上通用设备0台（套），单价100万元以上专用设备0台（套）。"),
                Para(f"（四）预算绩效管理情况：本部门对{y}年度2个项目开展绩效自评，涉及资金283.60万元，自评得分均在90分以上，"
                     f"评价等级为“优”。"),
                Para("第三部分 名词解释", heading=True),
                Para("一、财政拨款收入：指本级财政当年拨付的资金。"),
                Para("二、机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务等的各项资金。")]


def gpb_basic_split(style: Style) -> Grid:
    """本年支出: 小计 | 基本支出 (人员经费 | 公用经费) | 项目支出, as some provinces split 表5."""
    def values(items):
        # (the books put all 公用经费 under 行政运行; every other basic line is 人员经费)
        basic = sum((i.basic - i.other for i in items), Z)
        public = PUBLIC_TOTAL if any(i.code == "2130101" for i in items) else Z
        return [gpb(items), basic - public, public, sum((i.project for i in items), Z)]
    # (类 | 款 | 项 code cells; 人员经费 | 公用经费 on a third header row, under 基本支出)
    rows = [["功能分类科目编码", None, None, "科目名称", "本年支出", None, None, None],
            ["类", "款", "项", None, "小计", "基本支出", None, "项目支出"],
            [None, None, None, None, None, "人员经费", "公用经费", None]]
    width = 4
    merges = [(0, 0, 1, 3), (0, 3, 3, 1), (0, 4, 1, 4), (1, 4, 2, 1), (1, 5, 1, 2), (1, 7, 2, 1),
              (1, 0, 2, 1), (1, 1, 2, 1), (1, 2, 2, 1)]
    rows.append([None] * (width - 1) + ["合计"] + [fmt(v, style) for v in values(ITEMS)])
    for code, name, items in function_rows():
        rows.append(gen.code_cells(code, style) + [name] + [fmt(v, style) for v in values(items)])
    return Grid("一般公共预算财政拨款支出决算表", f"单位：{style.unit}", rows, 3, merges, "表5")


def basic_columns(style: Style) -> Grid:
    """A row per economic code in two cells (类 | 款), 合计 | 人员经费 | 公用经费 as columns."""
    rows = [["部门预算支出经济分类科目", None, None, "本年支出", None, None], ["类", "款", "科目名称", "合计", "人员经费", "公用经费"]]
    rows.append([None, None, "合计", fmt(GPB_BASIC, style), fmt(PERSONNEL_TOTAL, style), fmt(PUBLIC_TOTAL, style)])
    for group, personnel in ((PERSONNEL, True), (PUBLIC, False)):
        for code, name, v in economic(group):
            rows.append([code[:3], code[3:] or None, name, fmt(v, style), fmt(v, style) if personnel else None,
                         None if personnel else fmt(v, style)])
    return Grid("一般公共预算财政拨款基本支出决算表", f"单位：{style.unit}", rows, 2, [(0, 0, 1, 3), (0, 3, 1, 3)], "表6")


PRIOR_THREE = D("19.60")         # last year's 三公 决算


def change(now: Decimal, before: Decimal) -> str:
    word = ("增加", "增长") if now >= before else ("减少", "下降")
    return f"{word[0]}{abs(now - before)}万元，{word[1]}{pct(abs(now - before), before)}%"


def year_on_year(style: Style) -> list[Para]:
    """The narrative as many provinces word it: each total against last year's (与上年相比, its
    决算), the 一般公共预算 spending's share of the year's and its structure by class, and the
    其他重要事项 as numbered sections of their own."""
    n, y = style.name, style.year
    fiscal = fiscal_income(ITEMS)
    structure = "；".join(f"{name}{gpb(items)}万元，占{pct(gpb(items), GPB)}%" for _, name, items in classes())
    tb, ta = three_values(THREE_BUDGET)[0], three_values(THREE_ACTUAL)[0]
    return [Para(f"{n}{y}年度部门决算", heading=True),
            Para("第一部分 部门概况", heading=True),
            Para("一、主要职能"), Para("负责农业农村发展规划、农业生产和农村经济管理等工作。"),
            Para(f"第二部分 {y}年度部门决算情况说明", heading=True),
            Para("一、收入支出决算总体情况说明"),
            Para(f"{y}年度收入、支出总计均为{INCOME}万元。与{y - 1}年度相比，收入、支出总计各{change(INCOME, PRIOR_ALL)}，"
                 "主要原因是农业生产发展项目资金增加。"),
            Para("二、收入决算情况说明"),
            Para(f"{y}年度本年收入合计{INCOME}万元，其中：财政拨款收入{fiscal}万元，占{pct(fiscal, INCOME)}%；其他收入"
                 f"{other_income(ITEMS)}万元，占{pct(other_income(ITEMS), INCOME)}%。"),
            Para("三、支出决算情况说明"),
            Para(f"{y}年度本年支出合计{ALL}万元，其中：基本支出{sum((i.basic for i in ITEMS), Z)}万元，占"
                 f"{pct(sum((i.basic for i in ITEMS), Z), ALL)}%；项目支出{GPB_PROJECT}万元，占{pct(GPB_PROJECT, ALL)}%。"),
            Para("四、财政拨款收入支出决算总体情况说明"),
            Para(f"{y}年度财政拨款收入、支出总计均为{fiscal}万元。与{y - 1}年度相比，财政拨款收入、支出总计各"
                 f"{change(fiscal, PRIOR_ALL)}。"),
            Para("五、一般公共预算财政拨款支出决算情况说明"),
            Para("（一）一般公共预算财政拨款支出决算总体情况"),
            Para(f"{y}年度一般公共预算财政拨款支出{GPB}万元，占本年支出合计的{pct(GPB, ALL)}%。与{y - 1}年度相比，"
                 f"一般公共预算财政拨款支出{change(GPB, PRIOR_ALL)}。"),
            Para("（二）一般公共预算财政拨款支出决算结构情况"),
            Para(f"{y}年度一般公共预算财政拨款支出{GPB}万元，主要用于以下方面：{structure}。"),
            Para("六、一般公共预算财政拨款基本支出决算情况说明"),
            Para(f"{y}年度一般公共预算财政拨款基本支出{GPB_BASIC}万元，其中：人员经费{PERSONNEL_TOTAL}万元，公用经费"
                 f"{PUBLIC_TOTAL}万元。"),
            Para("七、“三公”经费财政拨款支出决算情况说明"),
            Para(f"{y}年度“三公”经费财政拨款支出预算为{tb}万元，支出决算为{ta}万元，完成预算的{pct(ta, tb)}%。"
                 f"与{y - 1}年度相比，“三公”经费支出{change(ta, PRIOR_THREE)}，主要原因是严格控制公务接待。"),
            Para("八、政府性基金预算财政拨款收入支出决算情况说明"),
            Para(f"本部门{y}年度无政府性基金预算财政拨款收入支出，故《政府性基金预算财政拨款收入支出决算表》为空表。"),
            Para("九、国有资本经营预算财政拨款支出决算情况说明"),
            Para(f"本部门{y}年度无国有资本经营预算财政拨款支出，故《国有资本经营预算财政拨款支出决算表》为空表。"),
            Para("十、机关运行经费支出情况说明"),
            Para(f"{y}年度本部门机关运行经费支出{PUBLIC_TOTAL}万元。"),
            Para("十一、政府采购支出情况说明"),
            Para(f"{y}年度本部门政府采购支出总额0万元。")]


def blocks(name: str) -> list:
    style = STYLES[name]
    if name.startswith("county-2019"):
        return narrative(style, prior=False) + [Para("第三部分 决算公开表", heading=True)] + tables(style, "columns", "each")
    if name == "unit-2022-xlsx":
        return narrative(style, prior=False) + [Para("第三部分 决算公开表", heading=True)] + tables(style, "rows", "each")
    if name == "unit-2021-docx":
        return [Para(f"{style.name}{style.year}年度单位决算", heading=True), Para("第一部分 单位决算公开表", heading=True)] \
            + tables(style, "empty", "one")
    if name == "unit-2024-xlsx":
        # 三公 in 万元 among tables in 元 (the unit differs by table)
        out = tables(style, "columns", "each")
        out[4], out[5] = gpb_basic_split(style), basic_columns(style)
        out[6] = three_public_columns(Style(style.year, scope=style.scope, name=style.name))
        return narrative(style, prior=False) + [Para("第三部分 决算公开表", heading=True)] + out
    if name == "dept-2020-html":
        return year_on_year(style) + [Para("第三部分 决算公开表", heading=True)] + tables(style, "columns", "none")
    return narrative(style, prior=True) + [Para("第四部分 决算公开表", heading=True)] + tables(style, "columns", "each")


def build(name: str, folder: Path) -> Path:
    if name.endswith("xlsx"):
        return gen.write_xlsx(blocks(name), folder / f"{name}.xlsx")
    if name.startswith("county-2019"):
        pdf = folder / "county-2019-pdf.pdf"
        if not pdf.exists():
            pdf = gen.to_pdf(gen.write_docx(blocks(name), folder / "county-2019-pdf.docx", repeat_header=True, landscape=True), folder)
        if name == "county-2019-pdf":
            return pdf
        mode = name.rsplit("-", 1)[1]
        out = folder / f"{name}.txt"
        subprocess.run(["pdftotext", f"-{mode}", str(pdf), str(out)], check=True, timeout=60)
        return out
    if name.endswith("html"):
        return gen.write_html(blocks(name), folder / f"{name}.html")
    return gen.write_docx(blocks(name), folder / f"{name}.docx")
