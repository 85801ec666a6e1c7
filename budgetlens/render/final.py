"""第三部分 of a 决算 (final accounts): the sentences the national 部门决算公开格式 has — totals and
their change on last year's 决算, income and spending with shares, 一般公共预算财政拨款支出 by
function against its 年初预算 (完成年初预算的 X%), 基本支出, “三公” against its budget, the two
funds, 机关运行经费, 政府采购. Wording in data/final.yaml; figures Decimal, half up."""

from __future__ import annotations

from decimal import Decimal

from . import lookup
from .figures import plain, share
from .narrative import Narrative

EXPENDITURE_PARTS = (("basic", "基本支出"), ("project", "项目支出"), ("to_superior", "上缴上级支出"),
                     ("operating", "经营支出"), ("to_subsidiary", "对附属单位补助支出"))
THREE_PUBLIC = (("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行费"), ("reception", "公务接待费"))


class FinalNarrative(Narrative):
    def build(self) -> None:
        self.overall()
        self.income_final()
        self.expenditure_final()
        self.fiscal_final()
        self.gpb_final()
        self.basic_final()
        self.three_public_final()
        self.fund("gov_fund_expenditure", "gov_fund", "政府性基金")
        self.fund("state_capital_expenditure", "state_capital", "国有资本经营")
        self.section("admin")
        self.stated("admin_operating", "admin")
        self.section("procurement")
        self.procurement()
        self.units()

    def side_total(self, kind: str, disc=None) -> Decimal | None:
        return lookup.side_item((disc or self.disc).table(kind), "income", "total")

    def last(self, kind: str) -> Decimal | None:
        """Last year's 总计 of a side-by-side table: the prior 决算's, else unknown."""
        return self.side_total(kind, self.prior) if self.prior is not None else None

    def overall(self) -> None:
        self.section("overall")
        total = self.side_total("summary")
        if total is None:
            return self.missing("收入支出决算总计（输入中没有收入支出决算总表）")
        self.para("overall", total=plain(total), change=self.change(total, self.last("summary")))

    def listing(self, head: str, total: Decimal, parts: list[tuple[str, Decimal]]) -> None:
        self.para(head, total=plain(total))
        items = [self.say("income_part", name=n, amount=plain(a), share=plain(share(a, total) or Decimal(0)))
                 for n, a in parts if a]
        if items:
            self.para("list_end", items="；".join(items))

    def income_final(self) -> None:
        self.section("income")
        if (total := self.totalled("income", "收入决算情况（输入中没有收入决算表）")[2]) is None:
            return
        self.listing("income_head", total, self.income_parts())

    def expenditure_final(self) -> Decimal | None:
        self.section("expenditure")
        _, row, total = self.totalled("expenditure", "支出决算情况（输入中没有支出决算表）")
        if total is None:
            return None
        self.listing("expenditure_head", total, [(name, lookup.cell(row, key)) for key, name in EXPENDITURE_PARTS])
        return total

    def fiscal_final(self) -> None:
        self.section("fiscal")
        total = self.side_total("fiscal_summary")
        if total is None:
            return self.missing("财政拨款收入支出决算总体情况（输入中没有财政拨款收入支出决算总表）")
        self.para("fiscal_head", total=plain(total), change=self.change(total, self.last("fiscal_summary")))

    def gpb_final(self) -> None:
        self.section("gpb")
        table, _, total = self.totalled("gpb_expenditure",
                                        "一般公共预算财政拨款支出决算情况（输入中没有一般公共预算财政拨款支出决算表）")
        if total is None:
            return
        spent = lookup.total(self.table("expenditure"))
        prior = lookup.total(self.prior.table("gpb_expenditure")) if self.prior is not None else None
        self.sub("gpb_overall_title")
        self.para("gpb_overall", total=plain(total), share=plain(share(total, spent or total) or Decimal(0)),
                  change=self.change(total, prior))
        self.class_shares(table, total)
        self.sub("gpb_detail_title")
        for n, (r, path) in enumerate(lookup.items(table), 1):
            code, amount = r.classified_code, lookup.cell(r, "total") or Decimal(0)
            budget = self.initial_budget(r, code)
            self.para("gpb_item", n=n, path=path, amount=plain(amount),
                      budget=plain(budget) if budget is not None else self.doc.placeholder(
                          f"{self.w.text('placeholders', 'budget')}（{code} {r.name}）"),
                      completion=self.completion(amount, budget))

    def initial_budget(self, row, code: str) -> Decimal | None:
        """The 年初预算 of a 项: the table's own column (printed beside the 决算), else the figure
        the input's text states for it; never guessed."""
        printed = lookup.cell(row, "budget_total")
        if printed is not None:
            return printed
        return next((c.value for c in self.disc.narrative.claims if c.kind == "amount"
                     and c.subject.coords.function_code == code and c.subject.coords.phase == "年初预算"), None)

    def completion(self, actual: Decimal, budget: Decimal | None) -> str:
        if not budget:
            return ""
        said = self.say("completion", rate=plain(share(actual, budget)))
        if actual == budget:
            return said
        self.doc.placeholder("决算数与年初预算数差异的主要原因")
        way = "completion_more" if actual > budget else "completion_less"
        return said + self.say(way, reason=self.say("completion_reason"))

    def basic_final(self) -> None:
        self.section("basic")
        table = self.table("basic_expenditure")
        if table is None or not table.rows:
            return self.missing("一般公共预算财政拨款基本支出决算情况（输入中没有基本支出决算表）")
        parts = [(name, *self.basic_side(table, side)) for side, name in (("personnel", "人员经费"), ("public", "公用经费"))]
        self.para("basic_head", total=plain(sum((amount for _, amount, _ in parts), Decimal(0))))
        for name, amount, items in parts:
            if items:
                self.para("basic_part", name=name, amount=plain(amount), items="、".join(items))
            else:
                self.para("basic_part_empty", name=name, amount=plain(amount))

    @staticmethod
    def basic_side(table, side: str) -> tuple[Decimal, list[str]]:
        """(the side's total, the economic 款 it includes): the two sides of the national sheet
        (人员经费 | 公用经费 side by side), or the budget tables' columns."""
        key = f"{side}:amount" if table.column(f"{side}:amount") is not None else side
        sided = table.column(key).side if table.column(key) is not None else None
        rows = [r for r in table.rows if r.side == sided]
        # (a side's total row is classified "total"; the columns' layout prints an uncoded 合计)
        total_row = next((r for r in rows if r.classified_code == "total"), None) or lookup.total_row(table, sided)
        items = [r.name for r in rows if len(r.classified_code) == 5 and r.classified_code.isdigit() and lookup.cell(r, key)]
        return lookup.cell(total_row, key) or Decimal(0), items

    def three_public_final(self) -> None:
        self.section("three_public")
        actual = {k: lookup.three_public(self.disc, k, "决算") for k in ("total", *dict(THREE_PUBLIC))}
        if actual["total"] is None:
            return self.missing("“三公”经费支出决算情况（输入中没有“三公”经费支出决算表）")
        budget = {k: lookup.three_public(self.disc, k, "年初预算") for k in actual}
        items = [self.say("three_public_item", name=name, amount=plain(actual[k] or Decimal(0)),
                          completion=self.three_completion(actual[k], budget[k])) for k, name in THREE_PUBLIC]
        self.para("three_public_head", total=plain(actual["total"]),
                  completion=self.three_completion(actual["total"], budget["total"]), items="；".join(items))

    def three_completion(self, actual: Decimal | None, budget: Decimal | None) -> str:
        if not budget:
            return ""
        return self.say("three_public_completion", rate=plain(share(actual or Decimal(0), budget)))

    def stated(self, concept: str, key: str) -> None:
        amount = self.claimed(concept)
        if amount is None:
            return self.missing(self.w.text("placeholders", key))
        prior = self.claimed(concept, self.prior) if self.prior is not None else None
        if prior is None:
            prior = self.given_prior.get(concept)
        self.para(key, amount=plain(amount), change=self.change(amount, prior))

    def procurement(self) -> None:
        parts = {k: self.claimed(f"procurement:{k}") for k in ("total", "goods", "works", "services")}
        if parts["total"] is None:
            return self.missing(self.w.text("placeholders", "procurement"))
        self.para("procurement", **{k: plain(v or Decimal(0)) for k, v in parts.items()})
