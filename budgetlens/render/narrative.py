"""第三部分 情况说明: every figure, share and change computed from the tables (Decimal, half up,
two places); the wording is data (data/*.yaml); reasons for changes are left to the officer."""

from __future__ import annotations

from decimal import Decimal

from ..model import Disclosure
from ..templates import TemplateSpec
from . import lookup, performance
from .document import Document, Heading, Paragraph
from .figures import Change, plain, share
from .wording import Wording

SECTION_NUMERALS = "一二三四五六七八九十"


def printed_parts(table, row, parts):
    """(key, name, amount) of the parts a table prints (a column it does not print has no figure
    to state, not zero; a part printed blank is 0)."""
    for key, name in parts:
        if table.column(key) is not None:
            yield key, name, lookup.cell(row, key) or Decimal(0)


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 34 → 三十四 (a department of many units numbers
    its sections past twenty)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else SECTION_NUMERALS[tens - 1] + "十")
    return head + (SECTION_NUMERALS[ones - 1] if ones else "")


class Narrative:
    def __init__(self, doc: Document, disc: Disclosure, template: TemplateSpec, words: Wording,
                 prior: Disclosure | None, given: dict[str, Decimal] | None = None,
                 given_prior: dict[str, Decimal] | None = None, targets=None):
        # (the sentences state 万元: tables printed in 元 are read converted)
        disc, prior = lookup.in_wan(disc), prior and lookup.in_wan(prior)
        self.doc, self.disc, self.template, self.w, self.prior = doc, disc, template, words, prior
        year = disc.meta.year
        # (prior_year: Shanghai names last year by its number, 比2023年预算)
        self.fields = {"unit": disc.meta.unit_name or "", "year": year or "", "scope": template.scope,
                       "phase": template.phase, "prior_year": f"{year - 1}年" if year else "上年"}
        self.number = 0
        self.within: int | None = None      # the parts of a section numbered so far
        # figures an officer's form states beside the tables (机关运行经费, 政府采购; last
        # year's figures by "kind:key"): taken where neither the input's text nor --prior has them
        self.given_now, self.given_prior = given or {}, given_prior or {}
        # the form's 绩效目标 and 国有资产 sheets (render/targets.py: Targets)
        self.targets = targets

    # ---- helpers ---------------------------------------------------------------------------

    def say(self, key: str, **fields) -> str:
        return self.w.sentence(key, **self.fields, **fields)

    def para(self, key: str, **fields) -> None:
        self.doc.blocks.append(Paragraph(self.say(key, **fields)))

    def section(self, key: str) -> None:
        if self.within is not None:         # a part of a section (build: order)
            self.within += 1
            title = self.w.text("sections", key).format(**self.fields)
            self.doc.blocks.append(Heading(f"（{numeral(self.within)}）{title}", 3))
            return
        self.number += 1
        title = self.w.text("sections", key).format(**self.fields)
        self.doc.blocks.append(Heading(f"{numeral(self.number)}、{title}", 2))

    def sub(self, key: str) -> None:
        self.doc.blocks.append(Heading(self.say(key), 3))

    def missing(self, what: str) -> None:
        self.doc.blocks.append(Paragraph(self.doc.placeholder(what)))

    def totalled(self, kind: str, missing: str):
        """The table of a kind, its 合计 row and total; where the input lacks them, the
        placeholder is said and the total is None."""
        table = self.table(kind)
        row = lookup.total_row(table)
        total = lookup.cell(row, "total")
        if total is None:
            self.missing(missing)
        return table, row, total

    def table(self, kind: str):
        return self.disc.table(kind)

    def prior_figure(self, kind: str, key: str, code: str | None = None) -> Decimal | None:
        """Last year's figure of this place: the prior Disclosure's, else a 上年 column here."""
        here = self.table(kind)
        row = lookup.code_row(here, code) if code else lookup.total_row(here)
        if self.prior is not None:
            there = self.prior.table(kind)
            prow = lookup.code_row(there, code) if code else lookup.total_row(there)
            if there is not None:
                # a place last year's table does not print was zero last year
                return lookup.cell(prow, key) or Decimal(0)
        printed = lookup.printed_prior(here, row, key)
        if printed is None:
            # (the form's 上年数: a total by "kind:key", a code's by "kind:key:code")
            return self.given_prior.get(f"{kind}:{key}" + (f":{code}" if code else ""))
        return printed

    def change(self, current: Decimal, prior: Decimal | None, reason: bool = True) -> str:
        if prior is None:
            self.doc.placeholder(self.w.text("placeholders", "no_prior"))
            return self.say("no_prior")
        ch = Change(current, prior)
        if ch.direction == "flat":
            return self.say("flat", basis=self.say("basis"))
        if reason:
            self.doc.placeholder("增减变化的主要原因")
        return self.say(ch.direction, basis=self.say("basis"), diff=plain(abs(ch.diff)), rate=plain(ch.rate),
                        reason=self.say("reason"))

    # ---- sections ----------------------------------------------------------------------------

    def build(self) -> None:
        """The sections in the order the region's wording gives (`order:` in data/*.yaml): a
        name is a section, {name: [parts]} a section whose parts are numbered （一）（二）…
        under it (其他重要事项: 机关运行经费, 政府采购 …; Shanghai puts “三公” there too)."""
        for entry in self.w.data["order"]:
            if isinstance(entry, dict):
                (key, parts), = entry.items()
                self.section(key)
                self.within = 0
                for part in parts:
                    self.step(part)
                self.within = None
            else:
                self.step(entry)

    def step(self, key: str) -> None:
        steps = {"overall": self.overall, "income": self.income, "expenditure": self.expenditure,
                 "fiscal": self.fiscal, "gpb": self.gpb, "basic": self.basic, "project": self.project,
                 "gov_fund": lambda: self.fund("gov_fund_expenditure", "gov_fund", "政府性基金"),
                 "state_capital": lambda: self.fund("state_capital_expenditure", "state_capital", "国有资本经营"),
                 "three_public": self.three_public, "carryover": self.carryover, "admin": self.admin,
                 "procurement": self.procurement_part, "assets": self.assets, "performance": self.performance,
                 "units": self.units}
        if key not in steps:
            raise ValueError(f"措辞文件（render/data）的 order 中有未知的部分“{key}”，可用：{'、'.join(steps)}")
        steps[key]()

    def overall(self) -> None:
        self.section("overall")
        total = self.grand_total()
        if total is None:
            self.missing("收支总预算（输入中没有收入总表）")
            return
        self.para("overall", total=plain(total))
        names = [name for name, amount in self.income_parts() if amount]
        if names:
            self.para("income_list", names="、".join(names))
        classes = [r.name for r in lookup.coded_rows(self.table("expenditure"), 3)]
        if classes:
            self.para("expenditure_list", names="、".join(classes))

    def grand_total(self) -> Decimal | None:
        """收支总预算: the income table's total, else the summary's income side's."""
        total = lookup.total(self.table("income"))
        return total if total is not None else lookup.side_item(self.table("summary"), "income", "total")

    def income_parts(self) -> list[tuple[str, Decimal]]:
        """The income table's total row by source: its columns that are no sum of others."""
        table = self.table("income")
        row = lookup.total_row(table)
        if table is None or row is None:
            return []
        spec = self.template.table("income")
        variant = spec.named(table.template_variant) if spec else None
        sums = {s.total for s in variant.sums} if variant else set()
        out = []
        for col in table.columns:
            if col.key in sums or col.key == "total":
                continue
            amount = lookup.cell(row, col.key)
            if amount is not None:
                out.append((col.label, amount, col.key))
        return [(name, amount) for name, amount, _ in out]

    def income(self) -> None:
        self.section("income")
        total = self.grand_total()
        if total is None:
            self.missing("收入预算情况（输入中没有收入总表）")
            return
        self.para("income_head", total=plain(total))
        table = self.table("income")
        for col in table.columns if table is not None else []:
            name_amount = dict(self.income_parts())
            if col.label not in name_amount or not name_amount[col.label]:
                continue
            amount = name_amount[col.label]
            self.para("part_share", name=col.label, amount=plain(amount), share=plain(share(amount, total)),
                      change=self.change(amount, self.prior_figure("income", col.key)))

    def expenditure(self) -> None:
        self.section("expenditure")
        table, row, total = self.totalled("expenditure", "支出预算情况（输入中没有支出总表）")
        if total is None:
            return
        self.para("expenditure_head", total=plain(total))
        for key, name, amount in printed_parts(table, row, (("basic", "基本支出"), ("project", "项目支出"))):
            self.para("part_share", name=name, amount=plain(amount), share=plain(share(amount, total) or Decimal(0)),
                      change=self.change(amount, self.prior_figure("expenditure", key)))

    def fiscal(self) -> None:
        self.section("fiscal")
        table = self.table("fiscal_summary")
        total = lookup.side_item(table, "income", "total")
        if total is None:
            self.missing("财政拨款收支情况（输入中没有财政拨款收支总表）")
            return
        self.para("fiscal_head", total=plain(total))
        items = []
        for source, name in (("gpb", "一般公共预算拨款"), ("gov_fund", "政府性基金预算拨款"),
                             ("state_capital", "国有资本经营预算拨款")):
            amount = lookup.side_item(table, "income", source)
            if amount:
                items.append(f"{name}{plain(amount)}万元")
        if items:
            self.para("fiscal_income", items="；".join(items))
        classes = [f"{r.name}{plain(lookup.cell(r, 'total'))}万元" for r in lookup.coded_rows(self.table("gpb_expenditure"), 3)
                   if lookup.cell(r, "total") is not None]
        if classes:
            self.para("fiscal_expenditure", items="；".join(classes))

    def gpb(self) -> None:
        self.section("gpb")
        table, row, total = self.totalled("gpb_expenditure", "一般公共预算当年拨款情况（输入中没有一般公共预算支出表）")
        if total is None:
            return
        self.sub("gpb_scale_title")
        self.para("gpb_scale_head", total=plain(total))
        for key, name, amount in printed_parts(table, row, (("basic", "基本支出"), ("project", "项目支出"))):
            self.para("gpb_part", name=name, amount=plain(amount),
                      change=self.change(amount, self.prior_figure("gpb_expenditure", key)))
        self.class_shares(table, total)
        self.sub("gpb_use_title")
        for n, (r, path) in enumerate(lookup.items(table), 1):
            amount = lookup.cell(r, "total") or Decimal(0)
            self.para("gpb_item", n=n, path=path, name=r.name, amount=plain(amount),
                      change=self.change(amount, self.prior_figure("gpb_expenditure", "total", r.classified_code)))

    def class_shares(self, table, total: Decimal) -> None:
        """Each 类 of a 一般公共预算 table with its share of the total."""
        self.sub("gpb_structure_title")
        for n, r in enumerate(lookup.coded_rows(table, 3), 1):
            amount = lookup.cell(r, "total") or Decimal(0)
            self.para("gpb_class", n=n, name=r.name, amount=plain(amount), share=plain(share(amount, total) or Decimal(0)))

    def basic(self) -> None:
        self.section("basic")
        table, row, total = self.totalled("basic_expenditure", "一般公共预算基本支出情况（输入中没有基本支出表）")
        if total is None:
            return
        self.para("basic_head", total=plain(total))
        for key, name, amount in printed_parts(table, row, (("personnel", "人员经费"), ("public", "公用经费"))):
            items = [r.name for r in lookup.coded_rows(table, 5) if lookup.cell(r, key)]
            if items:
                self.para("basic_part", name=name, amount=plain(amount), items="、".join(items))
            else:
                self.para("basic_part_empty", name=name, amount=plain(amount))

    def project(self) -> None:
        table = self.table("project_expenditure")
        if table is None and self.template.table("project_expenditure") is None:
            return      # (the template prints no project table: "没有项目支出" would be untrue)
        self.section("project")
        projects = [r for r in table.rows if r.project] if table is not None else []
        total = lookup.total(table)
        if not projects:
            self.para("project_none")
            return
        self.para("project_head", total=plain(total or Decimal(0)), count=len(projects))
        known = {p.name: p for p in self.disc.narrative.projects}
        for n, r in enumerate(projects, 1):
            info = known.get(r.project)
            self.para("project_name", n=numeral(n), name=r.project)
            self.para("project_basis", basis=self.given(info and info.policy_basis, "project_basis", r.project))
            self.para("project_scale", amount=plain(lookup.cell(r, "total") or Decimal(0)))
            self.para("project_undertaker", undertaker=self.given(info and info.undertaker, "project_undertaker", r.project))
            allocation = "，".join(f"{a.name}{a.amount}{a.unit or '万元'}" if a.amount is not None else a.name
                                  for a in info.allocation) if info else ""
            self.para("project_allocation", allocation=self.given(allocation, "project_allocation", r.project))
            self.para("project_period", period=self.given(info and info.period, "project_period", r.project))

    def given(self, text: str | None, key: str, project: str) -> str:
        """What the input says, else a placeholder the command lists (never invented)."""
        if text:
            return text
        return self.doc.placeholder(f"{self.w.text('placeholders', key)}（{project}）")

    def fund(self, kind: str, key: str, what: str) -> None:
        if self.template.table(kind) is None and self.table(kind) is None:
            return              # (the template prints no such table: no section of it either)
        self.section(key)
        table = self.table(kind)
        total = lookup.total(table)
        if not total:
            spec = self.template.table(kind)
            title = (table.title if table is not None else None) or (spec.titles[0] if spec else f"{what}预算支出情况表")
            self.para("fund_none", what=what, title=title)
            return
        self.para("fund_amount", what=what, total=plain(total), change=self.change(total, self.prior_figure(kind, "total")))

    def three_public(self) -> None:
        self.section("three_public")
        total = lookup.three_public(self.disc, "total")
        if total is None:
            self.missing("财政拨款“三公”经费预算情况（输入中没有“三公”经费表）")
            return
        names = self.w.data["three_public_items"]
        items = {k: lookup.three_public(self.disc, k) or Decimal(0) for k in names}
        self.para("three_public_head", total=plain(total), items=self.say("three_public_join").join(
            self.say("three_public_item", name=names[k], amount=plain(v), share=plain(share(v, total) or Decimal(0)))
            for k, v in items.items()))
        last = self.three_public_prior(list(names))
        if last is None:
            self.missing("“三公”经费比上年预算增减情况及原因（未提供上年数据）")
            return
        prior_total = last["total"]
        changes = [f"{names[k]}{self.three_change(v, last[k])}" for k, v in items.items()]
        self.para("three_public_change", change=self.three_change(total, prior_total), items="；".join(changes))
        self.missing("“三公”经费增减变化的主要原因")

    def three_public_prior(self, keys: list[str]) -> dict[str, Decimal] | None:
        """Last year's 三公 items: the prior disclosure's, else the form's (all of them, or none)."""
        if self.prior is not None:
            return {k: lookup.three_public(self.prior, k) or Decimal(0) for k in ["total", *keys]}
        given = {k: self.given_prior.get(f"three_public:{k}") for k in ["total", *keys]}
        return None if any(v is None for v in given.values()) else given

    def three_change(self, current: Decimal, prior: Decimal) -> str:
        ch = Change(current, prior)
        return self.say(f"three_public_{ch.direction}", diff=plain(abs(ch.diff)), rate=plain(ch.rate))

    def carryover(self) -> None:
        if self.template.table("carryover") is None:
            return
        self.section("carryover")
        table = self.table("carryover")
        total = lookup.total(table)
        if table is None and total is None:
            self.missing("上年结转结余情况（输入中没有上年结转结余表）")
        elif not total:
            title = table.title if table is not None else self.template.table("carryover").titles[0]
            self.para("carryover_none", title=title)
        else:
            self.para("carryover_amount", total=plain(total))

    def admin(self) -> None:
        self.section("admin")
        amount = self.claimed("admin_operating")
        if amount is None:
            self.missing(self.w.text("placeholders", "admin"))
            return
        prior = self.claimed("admin_operating", self.prior) if self.prior is not None else None
        if prior is None:
            prior = self.given_prior.get("admin_operating")
        self.para("admin", amount=plain(amount), change=self.change(amount, prior))

    def procurement_part(self) -> None:
        self.section("procurement")
        parts = {k: self.claimed(f"procurement:{k}") for k in ("total", "goods", "works", "services")}
        if parts["total"] is None:
            self.missing(self.w.text("placeholders", "procurement"))
        else:
            self.para("procurement", **{k: plain(v or Decimal(0)) for k, v in parts.items()})

    def assets(self) -> None:
        """The form's asset figures in the sentences the region's wording lists; the placeholder
        where the form gives none."""
        self.section("assets")
        assets = self.targets.assets if self.targets is not None else None
        if assets is None:
            self.missing(self.w.text("placeholders", "assets"))
            return
        kinds = self.say("assets_vehicle_join").join(self.say("assets_vehicle_kind", name=k, count=n)
                                                      for k, n in assets.vehicles.items())
        figures = {"as_of": assets.as_of or self.doc.placeholder(self.w.text("placeholders", "assets_as_of")),
                   "area": f"{assets.building.normalize():f}", "vehicles": assets.vehicle_total,
                   "vehicle_kinds": kinds, **{k: assets.counts.get(k, 0) for k in
                                              ("general", "special", "buy_vehicles", "buy_general", "buy_special")}}
        for key in self.w.data["asset_sentences"]:
            self.para(key + "_plain" if key == "assets_vehicles" and not kinds else key, **figures)

    def performance(self) -> None:
        """How many projects carry targets and their money, summed from the form's tables, then
        the tables themselves; the placeholder where the form gives none (a disclosure read as
        input keeps it too: its tables as read may lack rows the document printed)."""
        self.section("performance")
        tables = self.targets.performance if self.targets is not None else []
        if not tables:
            self.missing(self.w.text("placeholders", "performance"))
            return
        found = performance.figures(tables)
        if found.department is not None:
            self.para("performance_department", department=plain(found.department))
        if found.count:
            self.para("performance_projects", count=found.count, total=plain(found.total), fiscal=plain(found.fiscal),
                      other=plain(found.other))
        self.para("performance_tables")
        self.doc.blocks.extend(performance.table_blocks(tables, self.w, self.disc.meta.unit_name or "",
                                                        self.targets.supervisors))

    # ---- the units whose tables a department prints after its own ------------------------------

    def units(self) -> None:
        """Each unit's totals from its own set of tables (收支总计, 基本/项目支出), in sections
        naming it (so a reader checks them against that set); a unit whose set lacks the tables,
        and tables whose unit could not be told, are listed for the officer: never silence."""
        groups = sorted({t.group for t in self.disc.tables if t.group != 0 and t.rows}, key=lambda g: (g is None, g or 0))
        for n, group in enumerate(groups, 1):
            tables = {t.kind: t for t in self.disc.tables if t.group == group}
            owner = next((t.unit_name for t in tables.values() if t.unit_name), None)
            if group is None or not owner:
                self.section("units_unknown")
                what = "未能判断所属单位的公开表" if group is None else f"第{n}个所属单位（公开表未印编制单位）"
                self.missing(f"{what}的收支情况说明")
                continue
            self.unit_figures(owner, tables)

    def unit_section(self, key: str, owner: str) -> None:
        self.number += 1
        title = self.w.text("sections", key).format(**self.fields, owner=owner)
        self.doc.blocks.append(Heading(f"{numeral(self.number)}、{title}", 2))

    def unit_figures(self, owner: str, tables: dict) -> None:
        self.unit_section("unit_overall", owner)
        total = lookup.side_item(tables.get("summary"), "income", "total")
        if total is None:
            total = lookup.total(tables.get("income"))
        if total is None:
            self.missing(f"{owner}收支总计（输入中没有该单位的收支总表）")
        else:
            self.para("unit_overall", owner=owner, total=plain(total),
                      change=self.change(total, self.unit_prior(owner, tables, "summary", "total")))
        self.unit_section("unit_expenditure", owner)
        table = tables.get("expenditure")
        row = lookup.total_row(table)
        spent = lookup.cell(row, "total")
        if spent is None:
            self.missing(f"{owner}基本支出、项目支出（输入中没有该单位的支出总表）")
            return
        items = [self.say("unit_part", name=name, amount=plain(amount), share=plain(share(amount, spent) or Decimal(0)),
                          change=self.change(amount, self.unit_prior(owner, tables, "expenditure", key)))
                 for key, name, amount in printed_parts(table, row, (("basic", "基本支出"), ("project", "项目支出")))]
        self.para("unit_expenditure", owner=owner, total=plain(spent), items="；".join(items))

    def unit_prior(self, owner: str, tables: dict, kind: str, key: str) -> Decimal | None:
        """Last year's figure of a unit's table: the unit's own set in last year's disclosure
        (found by its name), else a 上年 column its table prints; None where neither has it (a
        unit last year's disclosure does not print may be new: its figure is not taken for 0)."""
        if self.prior is not None:
            there = {t.kind: t for t in self.prior.tables if t.group != 0 and t.unit_name == owner}
            if there:
                return self.unit_total(there, kind, key)
        here = tables.get(kind)
        return lookup.printed_prior(here, lookup.total_row(here, "income" if kind == "summary" else None), key)

    @staticmethod
    def unit_total(tables: dict, kind: str, key: str) -> Decimal | None:
        if kind == "summary":
            found = lookup.side_item(tables.get("summary"), "income", "total")
            return found if found is not None else lookup.total(tables.get("income"))
        table = tables.get(kind)
        return (lookup.cell(lookup.total_row(table), key) or Decimal(0)) if table is not None else None

    def claimed(self, concept: str, disc: Disclosure | None = None) -> Decimal | None:
        """An amount the input's own narrative states (机关运行经费, 政府采购: no table prints them)."""
        stated = next((c.value for c in (disc or self.disc).narrative.claims
                       if c.kind == "amount" and c.subject.concept == concept and c.table_set == 0), None)
        return stated if stated is not None or disc is not None else self.given_now.get(concept)
