"""A 部门决算公开 (final accounts) document written from data, in the markdown form of the seeds
(tab-separated rows), for the 决算 template's tests.

The national format (财政部《部门决算公开格式》, followed by most provinces): 9 tables —
收入支出决算总表 … 国有资本经营预算财政拨款支出决算表 — with 行次 columns and 栏次 rows, then
the 情况说明 with 年初预算/支出决算/完成年初预算的 X% per item. The figures below are one
unit's books: every total is computed here from its parts, so the document is consistent by
construction, and `EXPECTED` (what each table must read) comes from the same data, never from
the parser. `final_accounts(**changes)` writes it with some printed figures replaced, for the
checks' tests.
"""

from __future__ import annotations

from decimal import Decimal as D

UNIT = "示例市生态环境局"
YEAR = 2024

# function code → (name, basic, project) at 项 level: the 一般公共预算 spending
FUNCTIONS = {
    "2010301": ("行政运行", D("520.36"), D("0")),
    "2010302": ("一般行政管理事务", D("0"), D("165.40")),
    "2080505": ("机关事业单位基本养老保险缴费支出", D("64.80"), D("0")),
    "2101101": ("行政单位医疗", D("30.12"), D("0")),
    "2210201": ("住房公积金", D("45.60"), D("0")),
}
NAMES = {"201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务",
         "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
         "210": "卫生健康支出", "21011": "行政事业单位医疗",
         "221": "住房保障支出", "22102": "住房改革支出"}
OTHER_SPENDING = {"2010302": D("20.00")}      # project spending paid from 其他收入
# income by function: (财政拨款, 其他收入)
INCOME = {"2010301": (D("525.00"), D("0")), "2010302": (D("170.00"), D("20.00")),
          "2080505": (D("64.80"), D("0")), "2101101": (D("30.12"), D("0")), "2210201": (D("40.08"), D("0"))}
CARRY_IN = (D("8.00"), D("2.00"))            # 年初结转和结余: fiscal, non-fiscal
INITIAL_BUDGET = {"2010301": D("500.00"), "2010302": D("180.00"), "2080505": D("64.80"),
                  "2101101": D("32.50"), "2210201": D("45.60")}
PERSONNEL = [("301", "工资福利支出", None), ("30101", "基本工资", D("180.00")), ("30102", "津贴补贴", D("150.00")),
             ("30103", "奖金", D("40.00")), ("30108", "机关事业单位基本养老保险缴费", D("64.80")),
             ("30110", "职工基本医疗保险缴费", D("30.12")), ("30113", "住房公积金", D("45.60")),
             ("303", "对个人和家庭的补助", None), ("30302", "退休费", D("20.00"))]
PUBLIC = [("302", "商品和服务支出", None), ("30201", "办公费", D("40.00")), ("30211", "差旅费", D("25.36")),
          ("30217", "公务接待费", D("5.00")), ("30231", "公务用车运行维护费", D("20.00")),
          ("30299", "其他商品和服务支出", D("30.00")), ("310", "资本性支出", None), ("31002", "办公设备购置", D("10.00"))]
# 三公: (预算数, 决算数) for 因公出国（境）费, 公务用车购置费, 公务用车运行费, 公务接待费
THREE_PUBLIC = [(D("0"), D("0")), (D("10.00"), D("0")), (D("20.00"), D("20.00")), (D("5.00"), D("5.00"))]


def fmt(x: D | None) -> str:
    return "" if x is None or x == 0 else f"{x:,.2f}"


def codes_up(code: str) -> list[str]:
    return [code[:3], code[:5], code]


def rollup(per_item: dict[str, tuple]) -> dict[str, tuple]:
    """Per 类/款/项 code, the sums of the items' figures, in code order."""
    out: dict[str, list[D]] = {}
    for code in sorted(per_item):
        for c in codes_up(code):
            out.setdefault(c, [D(0)] * len(per_item[code]))
            out[c] = [a + b for a, b in zip(out[c], per_item[code])]
    return {c: tuple(v) for c, v in sorted(out.items())}


def name(code: str) -> str:
    return FUNCTIONS[code][0] if code in FUNCTIONS else NAMES[code]


def figures() -> dict:
    """Everything the tables print, computed from the data above."""
    spend = {c: (b + p, b, p) for c, (_, b, p) in FUNCTIONS.items()}          # 一般公共预算
    total_spend = {c: (b + p + OTHER_SPENDING.get(c, D(0)), b, p + OTHER_SPENDING.get(c, D(0)))
                   for c, (_, b, p) in FUNCTIONS.items()}
    income = {c: (f + o, f, o) for c, (f, o) in INCOME.items()}
    gpb = rollup(spend)
    every = rollup(total_spend)
    inc = rollup(income)
    fiscal_in = sum(f for f, _ in INCOME.values())
    other_in = sum(o for _, o in INCOME.values())
    spent = sum(v[0] for c, v in total_spend.items())
    fiscal_spent = sum(v[0] for v in spend.values())
    carry_in = sum(CARRY_IN)
    fiscal_out = CARRY_IN[0] + fiscal_in - fiscal_spent
    carry_out = carry_in + fiscal_in + other_in - spent
    personnel = sum(x for _, _, x in PERSONNEL if x)
    public = sum(x for _, _, x in PUBLIC if x)
    assert personnel + public == sum(v[1] for v in spend.values())
    return dict(gpb=gpb, every=every, inc=inc, fiscal_in=fiscal_in, other_in=other_in, spent=spent,
                fiscal_spent=fiscal_spent, carry_in=carry_in, fiscal_out=fiscal_out, carry_out=carry_out,
                personnel=personnel, public=public)


def row(*cells) -> str:
    return "\t".join(cells)


def table_head(number: int, title: str) -> list[str]:
    return [f"表{number}", "", f"## {title}", "", f"编制单位：{UNIT}\t\t\t金额单位：万元", ""]


def summary_table(f: dict) -> list[str]:
    classes = [c for c in f["every"] if len(c) == 3]
    income = [("一、一般公共预算财政拨款收入", f["fiscal_in"]), ("二、政府性基金预算财政拨款收入", None),
              ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", None),
              ("六、经营收入", None), ("七、附属单位上缴收入", None), ("八、其他收入", f["other_in"])]
    spending = [(f"{n}、{NAMES[c]}", f["every"][c][0]) for n, c in zip("一二三四", classes)]
    lines = [row("收入", "", "", "支出", "", ""), row("项目", "行次", "金额", "项目", "行次", "金额"),
             row("栏次", "", "1", "栏次", "", "2")]
    width = max(len(income), len(spending))
    for i in range(width):
        left = income[i] if i < len(income) else ("", None)
        right = spending[i] if i < len(spending) else ("", None)
        lines.append(row(left[0], str(i + 1) if left[0] else "", fmt(left[1]),
                         right[0], str(32 + i) if right[0] else "", fmt(right[1])))
    total = f["carry_in"] + f["fiscal_in"] + f["other_in"]
    lines += [row("本年收入合计", "9", fmt(f["fiscal_in"] + f["other_in"]), "本年支出合计", "59", fmt(f["spent"])),
              row("使用非财政拨款结余", "10", "", "结余分配", "60", ""),
              row("年初结转和结余", "11", fmt(f["carry_in"]), "年末结转和结余", "61", fmt(f["carry_out"])),
              row("总计", "12", fmt(total), "总计", "62", fmt(total))]
    return lines


def income_table(f: dict) -> list[str]:
    lines = [row("项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                 "附属单位上缴收入", "其他收入"),
             row("功能分类科目编码", "科目名称", "", "", "", "", "", "", ""),
             row("栏次", "", "1", "2", "3", "4", "5", "6", "7"),
             row("合计", "", fmt(f["fiscal_in"] + f["other_in"]), fmt(f["fiscal_in"]), "", "", "", "",
                 fmt(f["other_in"]))]
    for code, (total, fiscal, other) in f["inc"].items():
        lines.append(row(code, name(code), fmt(total), fmt(fiscal), "", "", "", "", fmt(other)))
    return lines


def expenditure_table(f: dict) -> list[str]:
    basic = sum(v[1] for c, v in f["every"].items() if len(c) == 3)
    project = sum(v[2] for c, v in f["every"].items() if len(c) == 3)
    lines = [row("项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
             row("功能分类科目编码", "科目名称", "", "", "", "", "", ""),
             row("栏次", "", "1", "2", "3", "4", "5", "6"),
             row("合计", "", fmt(f["spent"]), fmt(basic), fmt(project), "", "", "")]
    for code, (total, b, p) in f["every"].items():
        lines.append(row(code, name(code), fmt(total), fmt(b), fmt(p), "", "", ""))
    return lines


def fiscal_summary_table(f: dict) -> list[str]:
    classes = [c for c in f["gpb"] if len(c) == 3]
    total = CARRY_IN[0] + f["fiscal_in"]
    income = [("一、一般公共预算财政拨款", f["fiscal_in"]), ("二、政府性基金预算财政拨款", None),
              ("三、国有资本经营预算财政拨款", None)]
    lines = [row("收入", "", "", "支出", "", "", "", "", ""),
             row("项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                 "国有资本经营预算财政拨款"),
             row("栏次", "", "1", "栏次", "", "2", "3", "4", "5")]
    spending = [(f"{n}、{NAMES[c]}", f["gpb"][c][0]) for n, c in zip("一二三四", classes)]
    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else ("", None)
        right = spending[i] if i < len(spending) else ("", None)
        lines.append(row(left[0], str(i + 1) if left[0] else "", fmt(left[1]), right[0],
                         str(33 + i) if right[0] else "", fmt(right[1]), fmt(right[1]), "", ""))
    lines += [row("本年收入合计", "4", fmt(f["fiscal_in"]), "本年支出合计", "59", fmt(f["fiscal_spent"]),
                  fmt(f["fiscal_spent"]), "", ""),
              row("年初财政拨款结转和结余", "5", fmt(CARRY_IN[0]), "年末财政拨款结转和结余", "60", fmt(f["fiscal_out"]),
                  fmt(f["fiscal_out"]), "", ""),
              row("一般公共预算财政拨款", "6", fmt(CARRY_IN[0]), "", "", "", "", "", ""),
              row("政府性基金预算财政拨款", "7", "", "", "", "", "", "", ""),
              row("国有资本经营预算财政拨款", "8", "", "", "", "", "", "", ""),
              row("总计", "9", fmt(total), "总计", "64", fmt(total), fmt(total), "", "")]
    return lines


def gpb_table(f: dict) -> list[str]:
    basic = sum(v[1] for c, v in f["gpb"].items() if len(c) == 3)
    project = sum(v[2] for c, v in f["gpb"].items() if len(c) == 3)
    lines = [row("项目", "", "本年支出", "", ""), row("功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"),
             row("栏次", "", "1", "2", "3"), row("合计", "", fmt(f["fiscal_spent"]), fmt(basic), fmt(project))]
    for code, (total, b, p) in f["gpb"].items():
        lines.append(row(code, name(code), fmt(total), fmt(b), fmt(p)))
    return lines


def basic_table(f: dict, groups: int = 2) -> list[str]:
    """人员经费 | 公用经费 side by side; groups=3: the national sheet's layout, 公用经费 over two
    groups (its 310 资本性支出 lines in the third), its 合计 label and amount across both."""
    def amounts(items):
        out = []
        for code, label, value in items:
            if value is None:
                value = sum(v for c, _, v in items if v and c.startswith(code) and c != code)
            out.append((code, label, value))
        return out
    public = amounts(PUBLIC)
    columns = [amounts(PERSONNEL), public] if groups == 2 else \
        [amounts(PERSONNEL), [p for p in public if not p[0].startswith("310")], [p for p in public if p[0].startswith("310")]]
    lines = [row("人员经费", "", "", "公用经费", *[""] * (3 * groups - 4)),
             row(*["科目编码", "科目名称", "决算数"] * groups)]
    for i in range(max(map(len, columns))):
        cells = []
        for col in columns:
            code, label, value = col[i] if i < len(col) else ("", "", None)
            cells += [code, label, fmt(value)]
        lines.append(row(*cells))
    ends = ["公用经费合计", "", fmt(f["public"])] if groups == 2 else ["公用经费合计", "", "", "", "", fmt(f["public"])]
    lines.append(row("人员经费合计", "", fmt(f["personnel"]), *ends))
    return lines


def three_public_table() -> list[str]:
    budget = [b for b, _ in THREE_PUBLIC]
    final = [a for _, a in THREE_PUBLIC]
    def six(v):
        vehicle = v[1] + v[2]
        return [sum(v), v[0], vehicle, v[1], v[2], v[3]]
    head = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
    sub = ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]
    return [row("预算数", "", "", "", "", "", "决算数", "", "", "", "", ""),
            row(*head, *head), row(*sub, *sub),
            row("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"),
            row(*[fmt(x) or "0.00" for x in six(budget) + six(final)])]


def empty_table(columns: list[list[str]], what: str) -> list[str]:
    return [*(row(*c) for c in columns), "", f"本单位{YEAR}年度无{what}，故本表为空表。"]


def final_accounts(replace: dict[str, str] | None = None, basic_groups: int = 2) -> str:
    """The document's text; `replace` maps printed texts to the texts to print instead
    (each must occur, once at least); basic_groups: the 基本支出决算表 in 2 or 3 groups."""
    f = figures()
    classes = [c for c in f["gpb"] if len(c) == 3]
    share = lambda part, whole: f"{(part / whole * 100).quantize(D('0.01'))}%"   # noqa: E731
    income_total = f["fiscal_in"] + f["other_in"]
    total = f["carry_in"] + income_total
    basic = sum(v[1] for c, v in f["every"].items() if len(c) == 3)
    project = sum(v[2] for c, v in f["every"].items() if len(c) == 3)
    tp_budget = sum(b for b, _ in THREE_PUBLIC)
    tp_final = sum(a for _, a in THREE_PUBLIC)
    lines = [f"# {UNIT}", "", f"## {YEAR} 年度部门决算", "", "## 第一部分 部门概况", "", "一、主要职能", "",
             f"{UNIT}负责全市生态环境保护的统筹协调和监督管理。", "", "二、机构设置", "",
             f"{UNIT}部门决算由本级决算组成，内设机构 6 个。", "",
             f"## 第二部分 {YEAR} 年度部门决算表", ""]
    tables = [("收入支出决算总表", summary_table(f)), ("收入决算表", income_table(f)),
              ("支出决算表", expenditure_table(f)), ("财政拨款收入支出决算总表", fiscal_summary_table(f)),
              ("一般公共预算财政拨款支出决算表", gpb_table(f)), ("一般公共预算财政拨款基本支出决算表", basic_table(f, basic_groups)),
              ("一般公共预算财政拨款“三公”经费支出决算表", three_public_table()),
              ("政府性基金预算财政拨款收入支出决算表", empty_table(
                  [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
                   ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""]],
                  "政府性基金预算财政拨款收入、支出")),
              ("国有资本经营预算财政拨款支出决算表", empty_table(
                  [["项目", "", "本年支出", "", ""], ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
                  "国有资本经营预算财政拨款支出"))]
    for n, (title, body) in enumerate(tables, 1):
        lines += table_head(n, title) + body + [""]
    lines += [f"## 第三部分 {YEAR} 年度部门决算情况说明", "",
              "一、收入支出决算总体情况说明", "",
              f"{YEAR}年度收入、支出总计均为{fmt(total)}万元。与上年相比，收、支总计各增加40.00万元，增长4.88%。"
              "主要原因是人员经费增加。", "",
              "二、收入决算情况说明", "",
              f"{YEAR}年度本年收入合计{fmt(income_total)}万元，其中：财政拨款收入{fmt(f['fiscal_in'])}万元，"
              f"占本年收入{share(f['fiscal_in'], income_total)}；其他收入{fmt(f['other_in'])}万元，"
              f"占本年收入{share(f['other_in'], income_total)}。", "",
              "三、支出决算情况说明", "",
              f"{YEAR}年度本年支出合计{fmt(f['spent'])}万元，其中：基本支出{fmt(basic)}万元，占本年支出"
              f"{share(basic, f['spent'])}；项目支出{fmt(project)}万元，占本年支出{share(project, f['spent'])}。", "",
              "四、财政拨款收入支出决算总体情况说明", "",
              f"{YEAR}年度财政拨款收入、支出总计均为{fmt(CARRY_IN[0] + f['fiscal_in'])}万元。", "",
              "五、一般公共预算财政拨款支出决算情况说明", "",
              f"（一）总体情况。{YEAR}年度一般公共预算财政拨款支出{fmt(f['fiscal_spent'])}万元，占本年支出合计的"
              f"{share(f['fiscal_spent'], f['spent'])}。", "",
              "（二）结构情况。" + "；".join(f"{NAMES[c]}{fmt(f['gpb'][c][0])}万元，占{share(f['gpb'][c][0], f['fiscal_spent'])}"
                                       for c in classes) + "。", "",
              "（三）具体情况。", ""]
    for n, (code, budget) in enumerate(INITIAL_BUDGET.items(), 1):
        spent = f["gpb"][code][0]
        lines += [f"{n}.{NAMES[code[:3]]}（类）{NAMES[code[:5]]}（款）{name(code)}（项）。年初预算为{fmt(budget)}万元，"
                  f"支出决算为{fmt(spent)}万元，完成年初预算的{share(spent, budget)}。"
                  + ("" if spent == budget else f"决算数{'大于' if spent > budget else '小于'}年初预算数的主要原因是人员变动。"), ""]
    lines += ["六、一般公共预算财政拨款基本支出决算情况说明", "",
              f"{YEAR}年度一般公共预算财政拨款基本支出{fmt(f['personnel'] + f['public'])}万元，其中：人员经费"
              f"{fmt(f['personnel'])}万元，主要包括：基本工资、津贴补贴、奖金、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、"
              f"住房公积金、退休费；公用经费{fmt(f['public'])}万元，主要包括：办公费、差旅费、公务接待费、公务用车运行维护费、"
              "其他商品和服务支出、办公设备购置。", "",
              "七、一般公共预算财政拨款“三公”经费支出决算情况说明", "",
              f"{YEAR}年度“三公”经费财政拨款支出决算为{fmt(tp_final)}万元，完成预算的{share(tp_final, tp_budget)}。"
              f"其中：因公出国（境）费支出决算为0万元；公务用车购置及运行费支出决算为"
              f"{fmt(THREE_PUBLIC[1][1] + THREE_PUBLIC[2][1])}万元，完成预算的"
              f"{share(THREE_PUBLIC[1][1] + THREE_PUBLIC[2][1], THREE_PUBLIC[1][0] + THREE_PUBLIC[2][0])}；"
              f"公务接待费支出决算为{fmt(THREE_PUBLIC[3][1])}万元，完成预算的{share(THREE_PUBLIC[3][1], THREE_PUBLIC[3][0])}。", "",
              "八、政府性基金预算财政拨款收入支出决算情况说明", "",
              f"本单位{YEAR}年度无政府性基金预算财政拨款收入、支出。", "",
              "九、国有资本经营预算财政拨款支出决算情况说明", "",
              f"本单位{YEAR}年度无国有资本经营预算财政拨款支出。", "",
              "十、机关运行经费支出说明", "",
              f"{YEAR}年度本部门机关运行经费支出{fmt(f['public'])}万元。", "",
              "十一、政府采购支出说明", "",
              f"{YEAR}年度政府采购支出总额50.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、"
              "政府采购服务支出40.00万元。授予中小企业合同金额45.00万元，占政府采购支出总额的90.00%。", "",
              "## 第四部分 名词解释", "",
              "一、财政拨款收入：指本年度从本级财政部门取得的财政拨款。", "",
              "二、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。", ""]
    text = "\n".join(lines) + "\n"
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


if __name__ == "__main__":
    print(final_accounts())
