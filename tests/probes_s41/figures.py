"""One department's figures, internally consistent, as the probe documents print them.

Amounts are Decimal 万元; a document printing 元 multiplies by 10000. Every table the documents
print is made from these rows, so each table's totals and the identities between tables hold
by construction (表1 = 表2 = 表3 totals, 表4's 一般公共预算 = 表5 = 表6 + 表7 …)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class Item:
    code: str           # 7-digit 项 code
    name: str
    basic: Decimal      # 基本支出
    project: Decimal    # 项目支出
    business: Decimal   # of it funded by 事业收入 (the rest by the general budget)


CLASSES = {"208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
           "210": "卫生健康支出", "21011": "行政事业单位医疗",
           "220": "自然资源海洋气象等支出", "22001": "自然资源事务",
           "221": "住房保障支出", "22102": "住房改革支出"}

ITEMS = [Item("2080505", "机关事业单位基本养老保险缴费支出", D("42.30"), D(0), D(0)),
         Item("2080506", "机关事业单位职业年金缴费支出", D("8.46"), D(0), D(0)),
         Item("2101101", "行政单位医疗", D("18.75"), D(0), D(0)),
         Item("2200101", "行政运行", D("320.50"), D(0), D(0)),
         Item("2200104", "自然资源规划及管理", D(0), D("150.00"), D(0)),
         Item("2200150", "事业运行", D("85.20"), D(0), D("30.00")),
         Item("2210201", "住房公积金", D("31.20"), D(0), D(0))]

# 一般公共预算基本支出 by economic class: (code, name, 人员经费, 公用经费)
ECONOMIC = [("301", "工资福利支出"), ("30101", "基本工资", D("150.00"), D(0)),
            ("30102", "津贴补贴", D("90.00"), D(0)), ("30103", "奖金", D("20.00"), D(0)),
            ("30108", "机关事业单位基本养老保险缴费", D("42.30"), D(0)),
            ("30109", "职业年金缴费", D("8.46"), D(0)),
            ("30110", "职工基本医疗保险缴费", D("18.75"), D(0)),
            ("30113", "住房公积金", D("31.20"), D(0)),
            ("302", "商品和服务支出"), ("30201", "办公费", D(0), D("50.00")),
            ("30211", "差旅费", D(0), D("30.00")), ("30217", "公务接待费", D(0), D("3.00")),
            ("30228", "工会经费", D(0), D("5.70")), ("30231", "公务用车运行维护费", D(0), D("12.00")),
            ("30299", "其他商品和服务支出", D(0), D("10.00")),
            ("303", "对个人和家庭的补助"), ("30305", "生活补助", D("5.00"), D(0))]

THREE_PUBLIC = {"abroad": D(0), "vehicle_purchase": D(0), "vehicle_operation": D("12.00"), "reception": D("3.00")}
PRIOR_TOTAL = D("600.00")        # last year's total (budget, or 执行数 for the 2016 document)


def total(items, field: str) -> Decimal:
    return sum((getattr(i, field) for i in items), D(0))


def gpb(item: Item) -> Decimal:
    return item.basic + item.project - item.business


def under(code: str, items=None) -> list:
    return [i for i in (ITEMS if items is None else items) if i.code.startswith(code)]


def function_rows(items=None, names: dict[str, str] | None = None) -> list[tuple[str, str, list]]:
    """(code, name, its items) for every 类, 款 and 项 in print order (items: these books' ITEMS,
    or another probe's, each with a 7-digit code and a name; names: the 类 and 款 names)."""
    items, names = (ITEMS if items is None else items), (CLASSES if names is None else names)
    rows, seen = [], set()
    for item in items:
        for code in (item.code[:3], item.code[:5]):
            if code not in seen:
                seen.add(code)
                rows.append((code, names[code], under(code, items)))
        rows.append((item.code, item.name, [item]))
    return rows


def classes() -> list[tuple[str, str, list[Item]]]:
    return [r for r in function_rows() if len(r[0]) == 3]


def economic_rows() -> list[tuple[str, str, Decimal, Decimal]]:
    """(code, name, 人员经费, 公用经费) with each 类 the sum of its 款."""
    out = []
    for row in ECONOMIC:
        if len(row) == 2:
            kids = [r for r in ECONOMIC if len(r) == 4 and r[0].startswith(row[0])]
            out.append((row[0], row[1], sum((k[2] for k in kids), D(0)), sum((k[3] for k in kids), D(0))))
        else:
            out.append(row)
    return out


ALL = total(ITEMS, "basic") + total(ITEMS, "project")          # 656.41
BUSINESS = total(ITEMS, "business")                            # 30.00
GPB = ALL - BUSINESS                                           # 626.41
GPB_BASIC = total(ITEMS, "basic") - BUSINESS                   # 476.41 (事业收入 funds basic spending only)
PERSONNEL = sum((r[2] for r in economic_rows() if len(r[0]) == 3), D(0))
PUBLIC = sum((r[3] for r in economic_rows() if len(r[0]) == 3), D(0))
assert PERSONNEL + PUBLIC == GPB_BASIC, (PERSONNEL, PUBLIC, GPB_BASIC)
assert THREE_PUBLIC["reception"] == D("3.00") and THREE_PUBLIC["vehicle_operation"] == D("12.00")
