"""Resolve a claim's subject words to a concept and, where one exists, fact coordinates."""

from __future__ import annotations

import functools
import re

from ..model import Coords, Disclosure, Section, Subject
from ..model.built import built
from ..text import memoised

# what the words leave out or add in brackets names nothing of theirs: "设备（不含车辆）"
EXCLUDED = re.compile(r"[（(]\s*不?含[^）)]*[）)]")
# (pattern on the subject words, concept); first match wins, so specific before general.
CONCEPTS: list[tuple[str, str]] = [
    # 预算绩效: "财政拨款项目涉及预算金额", "整体预算绩效目标1个，涉及预算金额" (before 财政拨款 and 绩效)
    (r"非财政拨款项目.{0,6}涉及(预算)?(金额|资金)", "projects:nonfiscal"),
    (r"财政拨款项目.{0,6}涉及(预算)?(金额|资金)", "projects:fiscal"),
    # "实行绩效目标管理的项目4个，涉及一般公共预算拨款 X": the money of the projects counted (not
    # every project need be): no table figure
    (r"项目.{0,6}涉及.{0,10}(拨款|资金|金额|支出|经费)", "projects:counted"),
    (r"整体.{0,6}绩效目标.{0,6}涉及(预算)?(金额|资金)", "performance:department"),
    (r"三公.?经费", "three_public:total"),
    (r"因公出国[（(]境[）)]经?费", "three_public:abroad"),
    # (the vehicles named 公务用车, 公车 or 车辆: "车辆购置及运行费", "公车运行维护费")
    (r"(?:公务用车|公车|车辆)购置及运行(维护)?费", "three_public:vehicle"),
    (r"公务用车购置(费|经费)?(支出)?(预算数?|决算数?|支出)?$|购置车辆经费|车辆购置经?费|公车购置经?费",
     "three_public:vehicle_purchase"),
    (r"(?:公务用车|公车|车辆)运行(维护)?费", "three_public:vehicle_operation"),
    # cars bought, not held ("购置车辆 2 辆 X 万元", "购置公务用车"): the 三公 purchase in its
    # section (subject_concept), elsewhere a purchase no table prints (政府采购, a plan among the
    # assets), never the vehicles the unit holds
    (r"购置(?:（[^）]{0,6}）)?(?:公务用车|公车|车辆)|新购(?:置)?(?:公务用车|公车|车辆)|(?:公车|车辆)购置(?!税)",
     "purchase:vehicle"),
    (r"公务接待费", "three_public:reception"),
    (r"机关运行经费|单位运行经费", "admin_operating"),
    # the share reserved for small firms ("面向中小企业预留…", "预留给小型和微型企业的…") is no total
    # of the firms' share, the part for small and micro firms ("其中授予小微企业合同金额") is its own
    # the part of one kind of purchases awarded to small firms ("货物采购授予中小企业合同金额"): of
    # that kind's amount, not the firms' total
    (r"货物(?:类|采购|支出|项目|合同|中|的)*授予", "procurement:sme_goods"),
    (r"工程(?:类|采购|支出|项目|合同|中|的)*授予", "procurement:sme_works"),
    (r"服务(?:类|采购|支出|项目|合同|中|的)*授予", "procurement:sme_services"),
    (r"(?<!中)小微企业|小型和微型企业", "procurement:small_micro"),
    (r"中小企业", "procurement:sme"),
    (r"采购货物|^货物类?(采购)?(预算)?$", "procurement:goods"),      # "其中：货物类 X 万元、工程类采购 …"
    (r"采购工程|^工程类?(采购)?(预算)?$", "procurement:works"),
    (r"采购服务|拟购买服务|^服务类?(采购)?(预算)?$", "procurement:services"),
    (r"政府采购", "procurement:total"),
    # a staff group's 人员经费 ("在职人员经费", "离退休人员经费") is a part of 表6's 人员经费, no row of it
    (r"(?<!在职)(?<!退休)(?<!离休)(?<!编外)(?<!聘用)(?<!临聘)(?<!临时)(?<!工勤)人员经费", "basic:personnel"),
    (r"公用经费", "basic:public"),
    # last year's money carried over for basic or project spending ("其中：基本支出结转 X 万元"): the
    # carry-over table's, not this year's spending (before 基本支出, 项目支出 and 结转结余)
    (r"基本支出结[转余]", "carryover:basic"),
    (r"项目支出结[转余]", "carryover:project"),
    # the spending that money carried over pays for ("上年结转资金安排的项目支出"): a part of the
    # year's 项目支出, only the carry-over table's (not money carried on: 年末结转, 结转下年)
    (r"(?<!年末)结转(?!下年)[^，,。；;]{0,8}?基本支出", "carryover:basic"),
    (r"(?<!年末)结转(?!下年)[^，,。；;]{0,8}?项目支出", "carryover:project"),
    (r"基本支出", "nature:basic"),
    (r"项目支出", "nature:project"),
    (r"预留机动经费", "nature:reserve"),          # Jiangsu: 单位预留机动经费, a third use beside the two
    (r"结转下年", "nature:carry_forward"),
    # the other uses of 支出决算表 (and of some budgets' 支出总表) beside 基本/项目支出
    (r"经营支出", "nature:operating"),
    (r"上缴上级支出", "nature:to_superior"),
    (r"对附属单位补助支出", "nature:to_subsidiary"),
    # 决算: the 财政拨款 money carried in and left at the year's end, 表4's (财政拨款收入支出决算总表),
    # never 表1's of all the money (before the two below, which they contain)
    (r"非财政拨款(?:的|资金)?(?:年初|年末)结转和?结余", "nonfiscal"),     # (no table of its own: unchecked)
    (r"(?<!非)财政拨款(?:的|资金)?年末结转和?结余|年末财政拨款结转和?结余", "carryover_end:fiscal"),
    (r"(?<!非)财政拨款(?:的|资金)?年初结转和?结余|年初财政拨款结转和?结余", "carryover:fiscal"),
    (r"年末结转和?结余", "carryover_end"),          # 决算: what is left at the year's end
    # the fiscal or the other money's part of it (表1's 1.财政拨款结转结余, 2.非财政拨款结转结余), not the whole
    (r"非财政拨款(?:的|资金)?(?:上年)?结转(?:和|及)?结余", "source:nonfiscal_carryover"),
    (r"(?<!非)财政拨款(?:的|资金)?(?:上年)?结转(?:和|及)?结余", "source:fiscal_carryover"),
    (r"上年结转结余|结转结余|年初结转和?结余", "carryover"),
    (r"财政拨款(?:上年)?结转", "source:fiscal_carryover"),     # (财政拨款上年结转: no 财政拨款 total)
    (r"非财政拨款", "nonfiscal"),                # before 财政拨款, which it contains
    # last year's money carried into this one, named alone ("其中：…，上年结转 X 万元"); not what
    # it pays for ("上年结转资金安排的项目支出"). Listed beside 财政拨款结转 (a part of it), the
    # structure rule counts the part once (checks/rules/narrative.py SOURCE_WHOLES)
    # (with the figure's phase: "上年结转资金预算数为 X 万元")
    (r"上年结转(?:资金|收入)?(?:预算数?)?$", "carryover"),
    # a class of the economic classification ("一般公共预算中的工资福利支出"): a part of the
    # money, never the source's total; no table coordinates (which table's class row is meant
    # the words do not say), so not checked rather than checked against the wrong figure
    ((r"工资福利支出|商品和服务支出|对个人和家庭的?补助|债务利息及费用支出|资本性支出|对企业补助|"
      r"对社会保障基金补助|对事业单位(?:经常性|资本性)补助"), "economic:class"),
    (r"一般公共预算", "source:gpb"),
    (r"政府性基金", "source:gov_fund"),
    (r"国有资本经营", "source:state_capital"),
    (r"财政专户", "source:special_account"),
    (r"单位资金|其他资金", "source:unit_funds"),
    (r"财政拨款收支总预算|财政拨款", "fiscal:total"),
    # the income sources of 决算 (and of some budget templates), as their tables name them
    (r"上级补助收入", "source:superior_subsidy"),
    (r"附属单位上缴收入", "source:affiliated_income"),
    (r"经营收入", "source:operating_income"),
    (r"事业收入", "source:business_income"),
    (r"其他收入", "source:other_income"),
    (r"本年收入(合计|小计)?", "source:current_income"),
    (r"本年支出(合计|小计)?", "expenditure:current"),
    # (and the unit's budget as a whole: "本年部门预算", "部门预算支出", "单位预算总额"; not a bare
    # 部门预算, which a cause's change may name: "…，增加部门预算 X 万元", a part of the change)
    ((r"收支总预算|收、?支(预算)?总(额|计)|^预算总额|收入总预算|支出总预算|收入总额|支出总额|"
      r"收入预算|支出预算|收入总计|支出总计|"
      r"^(?:本年度?|当年)本?(?:部门|单位)预算(?:支出|收入)?(?:总额|合计)?$|"
      r"^(?:本部门|本单位|部门|单位)预算(?:支出|收入|总额|合计)(?:总额|合计)?$"), "total"),
    (r"预算安排规模|总投资", "project:scale"),
    (r"房屋", "asset:building"),
    # (the kinds of official vehicles: 机要通信用车, 应急保障用车, 特种专业技术用车, 离退休干部用车 …)
    (r"车辆|公务用车|(?:机要通信|应急保障|执法执勤|特种专业技术|特种|专业技术|离退休干部|一般公务|业务|其他)用车",
     "asset:vehicle"),
    (r"家具", "asset:furniture"),
    (r"其他资产", "asset:other"),
    (r"大型设备", "asset:equipment"),
    # the assets as a whole, or a value the words do not say of which kind ("截至…账面原值 X 万元")
    # (not money spent on them: "固定资产购置")
    (r"资产总[额值]|资产(?:账面)?原值|^(?:固定|国有)资产(?:合计)?$|账面(?:原|净)?值|账面价值", "asset:total"),
    (r"绩效", "performance"),
]

SECTION_TABLE = {  # narrative section topic → the table its figures restate (first found wins)
    # (the national wording of 表5's section, before 支出预算 which its title may also hold)
    "一般公共预算财政拨款支出": "gpb_expenditure", "一般公共预算支出": "gpb_expenditure",
    "收入预算": "summary", "支出预算": "expenditure", "财政拨款收支": "fiscal_summary",
    "一般公共预算当年拨款": "gpb_expenditure", "基本支出": "basic_expenditure",
    "项目支出": "project_expenditure", "三公": "three_public", "收支预算": "summary",
    "结转结余": "carryover",
    # 决算 (final accounts) sections, after those (三公/基本支出 titles say 决算 too), the more
    # specific first
    "政府性基金预算财政拨款收入支出决算": "gov_fund_expenditure",
    "国有资本经营预算财政拨款支出决算": "state_capital_expenditure",
    "财政拨款收入支出决算": "fiscal_summary", "一般公共预算财政拨款支出决算": "gpb_expenditure",
    "收入支出决算": "summary", "收入决算": "income", "支出决算": "expenditure",
}


class FunctionIndex:
    """Function codes by level and normalised name, as the document's own tables print them."""

    def __init__(self, disc: Disclosure):
        self.by_name: dict[tuple[int, str], set[str]] = {}
        self.loose: dict[tuple[int, str], set[str]] = {}     # by level and _loose name
        self.names: dict[str, set[str]] = {}        # code → its names as the tables print them
        # 上年结转结余表 rows by normalised label (projects such as 特定目标1210366P)
        self.carryover: dict[str, str] = {}
        self.carryover_total: str | None = None      # its total row's label (总计/合计)
        for t in disc.tables:
            if t.kind == "carryover":
                for r in t.rows:
                    if r.name and not r.code and not TOTAL_LABEL.match(_norm(r.name)):
                        self.carryover.setdefault(_norm(r.name), r.name)
                    elif r.name and TOTAL_LABEL.match(_norm(r.name)) and self.carryover_total is None:
                        self.carryover_total = r.name
            if t.kind not in ("income", "expenditure", "gpb_expenditure", "summary", "fiscal_summary"):
                continue
            for r in t.rows:
                if r.code and r.name:
                    self.by_name.setdefault((len(r.code), _norm(r.name)), set()).add(r.code)
                    self.names.setdefault(r.code, set()).add(_norm(r.name))
                    self.loose.setdefault((len(r.code), _loose(r.name)), set()).add(r.code)
        # how a class name (level 3) can end, itself or without its 支出: other words name no
        # class, and function_code tells them without normalising them (None: cannot tell)
        classes = [name for length, name in self.by_name if length == 3]
        self.class_ends: set[str] | None = None if any(n in ("", "支出") for n in classes) else \
            {n[-1] for n in classes} | {n[-3] for n in classes if n.endswith("支出") and len(n) > 2}
        # resolve_subject's subjects in this document, by (words, section title): a text
        # repeats its subjects, and the concept search is a few dozen regexes
        self.subjects: dict[tuple[str, str | None], Subject] = {}
        self.function_coords_made: dict[tuple[str, str], Coords] = {}
        self.facts = disc.facts
        self.final = disc.meta.phase == "决算"
        self.this_years: dict[str, Coords | None] = {}     # this_years_fiscal's, by side
        self.fiscal_totals: dict[str, Coords | None] = {}  # fiscal_side_total's, by concept
        self._fiscal_rows: set[tuple] | None = None         # fiscal_rows()

    def find_name(self, level_len: int, name: str, prefix: str) -> set[str]:
        """The codes of a name, or else of the name + 支出 (normalised once: 支出 keeps as it is)."""
        norm = _norm(name)
        for key in (norm, norm + "支出"):
            codes = self.by_name.get((level_len, key))       # most words name no function
            hits = {c for c in codes if c.startswith(prefix)} if codes else None
            if hits:
                return hits
        return set()

    def find_loose(self, level_len: int, name: str, prefix: str) -> set[str]:
        """The codes whose name is the words' but for a 的, 支出 or 费 ("未归口管理行政单位离退休费"
        for 未归口管理的行政单位离退休): only for words that mark their level ("（项）")."""
        codes = self.loose.get((level_len, _loose(name)))
        return {c for c in codes if c.startswith(prefix)} if codes else set()

    def function_coords(self, code: str, kind: str) -> Coords:
        """A function's Coords in a summary table, the 支出总表 or the 一般公共预算 table, one per
        code and table."""
        key = (code, kind)
        if key not in self.function_coords_made:
            self.function_coords_made[key] = \
                Coords(table_kind="gpb_expenditure", function_code=code, nature="total", budget_type="gpb") \
                if kind == "gpb_expenditure" else Coords(table_kind=kind, function_code=code, nature="total") \
                if kind == "expenditure" else Coords(table_kind=kind, side="expenditure", function_code=code)
        return self.function_coords_made[key]

    def coords(self, concept: str, section: Section | None, words: str) -> Coords | None:
        """concept_coords, one Coords per (concept, table) for every document (built_coords)."""
        table = coords_table(concept, section, words)
        if table == "fiscal_summary" and concept == "fiscal:total" and (side := ONE_SIDE.match(words)):
            return self.this_years_fiscal(side.group(1)) or built_coords(concept, table)
        if concept == "total" and "支出" in words and "收" not in words:
            # "支出预算 X 万元", "部门预算支出总额": the 收支总表's 支出总计, not its 收入总计
            concept = "total:expenditure"
        if table == "fiscal_summary" and concept in FISCAL_SIDE_TOTALS:
            return self.fiscal_side_total(concept) or built_coords(concept, table)
        return built_coords(concept, table)

    def fiscal_side_total(self, concept: str) -> Coords | None:
        """In the 财政拨款收支 section, "财政拨款收入总计 A 万元，支出总计 B 万元，其中：本年支出 C 万元":
        the 财政拨款收支总表's rows, not the 收支总表's, where the document prints them."""
        if concept not in self.fiscal_totals:
            want = FISCAL_SIDE_TOTALS[concept]
            row = want.source or want.function_code
            printed = any(side == want.side and (source or code) == row for side, source, code in self.fiscal_rows())
            self.fiscal_totals[concept] = want if printed else None
        return self.fiscal_totals[concept]

    def fiscal_rows(self) -> set[tuple[str | None, str | None, str | None]]:
        """(side, source, function code) of each amount the 财政拨款收支总表 prints, read once."""
        if self._fiscal_rows is None:
            self._fiscal_rows = {(f.coords.side, f.coords.source, f.coords.function_code) for f in self.facts
                                 if f.coords.table_kind == "fiscal_summary"}
        return self._fiscal_rows

    def this_years_fiscal(self, side: str) -> Coords | None:
        """The 财政拨款收支总表's row of this year's income (本年收入: source current_income in a 决算,
        fiscal in a budget) or spending (本年支出: function_code current), where the document
        prints one; None where it does not (a budget prints only the 总计 on its spending side)."""
        if side not in self.this_years:
            income = side == "收入"
            found = {source if income else code for printed, source, code in self.fiscal_rows()
                     if printed == ("income" if income else "expenditure")}
            key = next((k for k in (("current_income", "fiscal") if income else ("current",)) if k in found), None)
            self.this_years[side] = None if key is None else \
                Coords(table_kind="fiscal_summary", side="income", source=key) if income else \
                Coords(table_kind="fiscal_summary", side="expenditure", function_code=key)
        return self.this_years[side]


def _concept_scan(parts: list[tuple[int, str]]) -> tuple[re.Pattern, dict[int, int]]:
    """The parts (index in CONCEPTS, pattern) in one pattern, each followed by an empty group
    that names it: where several match at one place, a match is the first of them in CONCEPTS'
    order (alternatives are tried in order), and that group is the last one closed (lastindex)."""
    alternatives, entry_of_group, groups = [], {}, 0
    for i, part in parts:
        alternatives.append(f"(?:{part})()")
        groups += re.compile(part).groups + 1
        entry_of_group[groups] = i
    return re.compile("|".join(alternatives)), entry_of_group


def _concept_scans() -> tuple[dict[str, tuple[re.Pattern, dict[int, int]]] | None, tuple[re.Pattern, dict[int, int]]]:
    """(a scan per character a match can start with, of the parts that can start with it; the
    scan of all parts). Each CONCEPTS pattern's own alternatives are parts of their own, in
    order (the same tries): the engine skips one that starts with a literal at a glance, but
    enters a group of them. The scans by character spare trying a hundred alternatives at
    each place where one starts; None where some part's first characters are not plain."""
    parts = [(i, part) for i, (pattern, _) in enumerate(CONCEPTS) for part in top_alternatives(pattern)]
    by_char: dict[str, list[tuple[int, str]]] | None = {}
    for i, part in parts:
        chars = first_chars(part)
        if chars is None:
            by_char = None
            break
        for char in chars:
            by_char.setdefault(char, []).append((i, part))
    scans = None if by_char is None else {char: _concept_scan(own) for char, own in by_char.items()}
    return scans, _concept_scan(parts)


def top_alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level "|" (not inside a group or a character set)."""
    parts, depth, in_set, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2          # an escaped character is a literal
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of the pattern can start with, or None when that is not plain
    (only literals, character sets, alternations, groups and repeats of at least one are read)."""
    try:
        from re import _constants as sre, _parser
        parsed = _parser.parse(pattern)
        if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
            return None
        return _first_chars(list(parsed), sre)
    except (ImportError, AttributeError, TypeError, ValueError):   # another Python's internals
        return None


def _first_chars(items: list, sre) -> set[str] | None:
    if not items:
        return None
    op, av = items[0]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        # an anchor (^货物…) or a lookaround ((?<!中)小微企业) reads no character: the first one
        # read is the next item's (a lookahead may narrow it further; more characters are safe)
        return _first_chars(items[1:], sre)
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        if any(o is not sre.LITERAL for o, _ in av):      # ranges, classes, negation: not plain
            return None
        return {chr(a) for _, a in av}
    if op is sre.BRANCH:
        found = [_first_chars(list(alt), sre) for alt in av[1]]
        return None if any(f is None for f in found) else set().union(*found)
    if op is sre.SUBPATTERN:
        return None if av[1] & sre.SRE_FLAG_IGNORECASE else _first_chars(list(av[3]), sre)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2]), sre)
    return None


CONCEPT_SCANS, (CONCEPT_SCAN, CONCEPT_OF_GROUP) = _concept_scans()
CONCEPT_FIRSTS = None if CONCEPT_SCANS is None else frozenset(CONCEPT_SCANS)      # what any match starts with
# where a part may start: a search in C finds those places (a loop over the characters costs more)
CONCEPT_STARTS = re.compile("[" + "".join(sorted(map(re.escape, CONCEPT_FIRSTS))) + "]") if CONCEPT_FIRSTS else None


@memoised           # (a subject's words are asked again: without_phase, after_year, then subject_concept)
def first_concept(words: str) -> str | None:
    """The concept of the first CONCEPTS pattern found anywhere in the words, as a search with
    each pattern in turn finds it, but one search per place where some pattern matches (most
    words have none or one) instead of one per pattern: at each place, the scan of the
    alternatives that can start with its character."""
    first = len(CONCEPTS)
    if CONCEPT_SCANS is None:
        pos = 0
        while (m := CONCEPT_SCAN.search(words, pos)) is not None:
            first = min(first, CONCEPT_OF_GROUP[m.lastindex])
            pos = m.start() + 1
    else:
        for start in CONCEPT_STARTS.finditer(words):
            scan, concept_of_group = CONCEPT_SCANS[start.group()]
            if (m := scan.match(words, start.start())) is not None:
                first = min(first, concept_of_group[m.lastindex])
    return CONCEPTS[first][1] if first < len(CONCEPTS) else None


def resolve_subject(words: str, section: Section | None, index: FunctionIndex) -> Subject:
    """The subject the words name in this section. One Subject per (words, section title) in a
    document, shared by the claims and lists that name it: nothing edits a subject once built,
    and pydantic takes a built model without validating or copying it again. Built unvalidated
    (model/built.py): the words, the coordinates and the concept are of their declared types."""
    key = (words, section.title if section is not None else None)
    subject = index.subjects.get(key)
    if subject is None:
        concept, coords = subject_concept(words, section, index)
        # every field in declared order (coords is None where concept is: subject_concept)
        subject = built(Subject, {"text": words, "coords": coords, "concept": concept})
        index.subjects[key] = subject
    return subject


def subject_concept(words: str, section: Section | None, index: FunctionIndex) -> tuple[str | None, Coords | None]:
    """(concept, coordinates) the subject words name, or (None, None)."""
    if index.carryover and section_table(section) == "carryover":
        label = index.carryover.get(_norm(words))
        if label is not None:
            return "carryover:item", Coords(table_kind="carryover", source="carryover", label=label)
        source = CARRYOVER_SOURCES.get(_plain(words))
        if source and index.carryover_total:
            # "上年结转结余 X 万元，包括：财政拨款 Y 万元，非财政拨款 Z 万元": the table's total row
            return f"carryover:{source}", Coords(table_kind="carryover", source=source,
                                                 label=index.carryover_total)
    code = function_code(words, index)
    if code:
        kind = section_table(section) or "gpb_expenditure"
        # a summary's class rows; the 支出总表's rows in its section (all the money, not 表5's
        # fiscal part), but not in a section of the fiscal money's spending ("财政拨款支出预算…")
        own_row = kind in ("summary", "fiscal_summary") and len(code) == 3 \
            or kind == "expenditure" and FISCAL_ONLY.search(section.title) is None
        if not own_row:
            kind = "gpb_expenditure"
        return f"function:{code}", index.function_coords(code, kind)
    if "追加" in words or "追减" in words or ("因素" in words and not SCOPED.search(words)):
        # money added to or taken from the year's budget ("年中追加人员经费 X 万元"), or what a
        # cause made of a change ("这一因素影响基本支出 X 万元", "上述因素使人员经费减少 X 万元"):
        # a part of the item's figure or of its change, no table's
        return None, None
    if words in SIDE_TOTALS:
        return side_total(words, section, index)
    concept = first_concept(EXCLUDED.sub("", words) if "含" in words else words)
    if concept is None:
        return None, None
    if concept == "purchase:vehicle" and section_table(section) == "three_public":
        concept = "three_public:vehicle_purchase"       # "公务用车购置费…，购置车辆 2 辆 X 万元"
    if concept in SOURCED_PARTS and (source := SPENT_FROM.search(words)) is not None:
        return sourced(concept, SPENT_FROM_SOURCE[source.group(0)])
    return concept, index.coords(concept, section, words)


# the spending of one source of money ("单位资金安排的项目支出", "政府性基金预算项目支出"): that
# source's part, never the whole 项目支出 (the fiscal money, 一般公共预算 and 财政拨款, are read
# by the section's tables: coords_table)
SOURCED_PARTS = frozenset(("nature:basic", "nature:project", "basic:personnel", "basic:public"))
SPENT_FROM = re.compile(r"非财政拨款|政府性基金|国有资本经营|财政专户|单位(?:自有)?资金|其他资金|自有资金|事业收入|"
                        r"(?:事业单位)?经营收入|上级补助|其他收入")
SPENT_FROM_SOURCE = {"非财政拨款": "nonfiscal", "政府性基金": "gov_fund", "国有资本经营": "state_capital",
                     "财政专户": "special_account", "单位资金": "unit_funds", "单位自有资金": "unit_funds",
                     "其他资金": "unit_funds", "自有资金": "unit_funds", "事业收入": "business_income",
                     "经营收入": "operating_income", "事业单位经营收入": "operating_income",
                     "上级补助": "superior_subsidy", "其他收入": "other_income"}
# the tables that print one source's spending of a kind: the budget types' own tables by nature,
# the national 项目支出表 by source (单位资金, 财政专户管理资金 columns)
SOURCE_TABLES = {"gov_fund": "gov_fund_expenditure", "state_capital": "state_capital_expenditure"}
PROJECT_SOURCES = ("unit_funds", "special_account")


def sourced(concept: str, source: str) -> tuple[str, Coords | None]:
    """(concept, coordinates) of the spending of a kind (concept) paid from one source: the
    cell of a table that prints it, else none (no table splits 人员经费 of 单位资金)."""
    if source in SOURCE_TABLES and concept.startswith("nature:"):
        return concept, built_coords(concept, SOURCE_TABLES[source])
    if source in PROJECT_SOURCES and concept == "nature:project":
        return f"{concept}/{source}", source_project_coords(source)
    # (a concept of its own: no claim of the whole 基本支出 or 项目支出 is compared with it)
    return f"{concept}/{source}", None


@functools.cache
def source_project_coords(source: str) -> Coords:
    """The 项目支出表's total row in one source's column (the national table by source)."""
    return Coords(table_kind="project_expenditure", source=source)


# "收入合计", "支出合计" named bare: in a 决算 the 收入支出决算总表's 本年收入合计 and 本年支出合计
# (收入决算表's 合计 too), as the national format prints them
SIDE_TOTALS = {"收入合计": "source:current_income", "支出合计": "expenditure:current",
               "收入决算合计": "source:current_income", "支出决算合计": "expenditure:current",
               **{f"{side}决算{tail}": concept for side, concept in (("收入", "source:current_income"),
                                                                  ("支出", "expenditure:current"))
                  for tail in ("", "数", "总额")}}
# the phase's words alone ("2024年度支出决算 846.28 万元"): the side's total only in a section of the
# side (收入决算, 支出决算); in an item's paragraph they are that item's figure
BARE_SIDES = frozenset(w for w in SIDE_TOTALS if "合计" not in w)
WHOLE_SECTIONS = ("expenditure", "income")    # (收支总体: its 总计 may be meant)


def side_total(words: str, section: Section | None, index: FunctionIndex) -> tuple[str | None, Coords | None]:
    """A 决算's side total as 本年收入合计/本年支出合计 are read. A budget's names no row for
    certain: its 收入总表's 合计 holds the money carried over, its 收支总表's 本年收入合计 not."""
    if not index.final or (words in BARE_SIDES and section_table(section) not in WHOLE_SECTIONS):
        return None, None
    concept = SIDE_TOTALS[words]
    return concept, index.coords(concept, section, words)


# a cause left out of the comparison ("剔除一次性因素后基本支出"): the item's, on a like basis
SCOPED = re.compile(r"(?:剔除|扣除|除去|不考虑|排除)[^，,。；;]{0,16}?因素")
CARRYOVER_SOURCES = {"财政拨款": "fiscal_carryover", "非财政拨款": "nonfiscal_carryover",
                     **{f"{money}结转{both}结余": source for money, source in (("财政拨款", "fiscal_carryover"),
                                                                           ("非财政拨款", "nonfiscal_carryover"))
                        for both in ("", "和")}}
# "财政拨款收入 X 万元", "财政拨款支出 X 万元" in the 财政拨款收支 section: one side of this year's
# money, not the 总计 with the money carried over into the year or on into the next
ONE_SIDE = re.compile(r"^(?:本年度?|当年)?财政拨款(?:预算)?(收入|支出)(?:预算数?)?$")


def section_table(section: Section | None) -> str | None:
    return None if section is None else _table_of(section.title)


@memoised
def _table_of(title: str) -> str | None:
    """The table a section's title speaks of (asked once per subject: memoised)."""
    for topic, kind in SECTION_TABLE.items():
        if topic in title:
            return kind
    return None


FISCAL_ONLY = re.compile(r"财政拨款|一般公共预算")
# (not 基本支出: a section titled "财政拨款基本支出…" speaks of the 一般公共预算 基本支出表)
FISCAL_NATURES = ("nature:project",)
# the fiscal money of every budget type named: 财政拨款 with no type's name (非财政拨款 is SPENT_FROM's)
ALL_FISCAL = re.compile(r"^(?!.*(?:一般公共预算|政府性基金|国有资本|非财政拨款)).*财政拨款")


def concept_coords(concept: str, section: Section | None, words: str = "") -> Coords | None:
    return build_coords(concept, coords_table(concept, section, words))


def coords_table(concept: str, section: Section | None, words: str) -> str | None:
    """The table the section speaks of, as far as the concept's coordinates depend on it."""
    table = section_table(section)
    if concept in FISCAL_NATURES and "财政拨款" in words and ALL_FISCAL.search(words):
        # "财政拨款安排的项目支出": every budget type's, the 财政拨款收支总表's (or 表5's, 表8's and
        # 表9's together: checks.fiscal_parts), not 表5's alone
        return "fiscal_summary"
    if concept.startswith("nature:") and table == "expenditure" and FISCAL_ONLY.search(words):
        return None        # "一般公共预算基本支出" is not the whole 支出总表's 基本支出
    if concept in SPENT_BY_SOURCE and "支出" in words and SPENDING.match(words):
        return SPENT_BY_SOURCE[concept]     # "一般公共预算财政拨款支出 X": 表5's total, carry-over spent too
    return table


# the side totals the 财政拨款收支 section restates of its own table (FunctionIndex.fiscal_side_total)
FISCAL_SIDE_TOTALS = {
    "total": Coords(table_kind="fiscal_summary", side="income", source="total"),
    "source:current_income": Coords(table_kind="fiscal_summary", side="income", source="current_income"),
    "total:expenditure": Coords(table_kind="fiscal_summary", side="expenditure", budget_type="total", function_code="total"),
    "expenditure:current": Coords(table_kind="fiscal_summary", side="expenditure", budget_type="total",
                                  function_code="current"),
}


# the table of a budget type's spending, where the words name that spending and nothing else
# ("一般公共预算财政拨款支出", "支出全部为一般公共预算支出"; not "…拨款安排的会议费预算支出")
SPENT_BY_SOURCE = {"source:gpb": "gpb_expenditure", "source:gov_fund": "gov_fund_expenditure",
                   "source:state_capital": "state_capital_expenditure"}
SPENDING = re.compile(r"^(?:支出全部为|其中[:：]?)?(?:本年度?|当年)?(?:一般公共预算|政府性基金(?:预算)?|国有资本经营预算)"
                      r"(?:财政)?(?:拨款)?支出(?:预算数?)?$")


@functools.cache
def built_coords(concept: str, table: str | None) -> Coords | None:
    """build_coords, validated once per (concept, table) for every document: both are the
    code's own words (CONCEPTS, SECTION_TABLE, SPENT_BY_SOURCE), not a document's, and nothing
    edits a Coords made."""
    return build_coords(concept, table)


def build_coords(concept: str, table: str | None) -> Coords | None:
    head, _, tail = concept.partition(":")
    if head == "three_public":
        return Coords(table_kind="three_public", item=tail)
    if table == "carryover" and head in ("basic", "nature"):
        return Coords(table_kind="carryover", nature=tail)    # last year's money, not this year's 表5/表6
    if head == "basic":
        return Coords(table_kind="basic_expenditure", nature=tail, budget_type="gpb")
    if head == "nature" and table == "three_public":
        return None        # "“三公”经费…其中基本支出 X": no table splits 三公 by nature
    if head == "nature" and table == "fiscal_summary" and tail in ("basic", "project"):
        return Coords(table_kind="fiscal_summary", side="expenditure", nature=tail)
    if head == "nature" and table in ("gov_fund_expenditure", "state_capital_expenditure"):
        return Coords(table_kind=table, nature=tail)
    if head == "nature":
        kind = table if table in ("expenditure", "gpb_expenditure") else "gpb_expenditure"
        return Coords(table_kind=kind, nature=tail)
    if head == "source" and table in ("summary", None):
        return Coords(table_kind="summary", side="income", source=tail)
    if head == "source" and table == "fiscal_summary" and tail in ("gpb", "gov_fund", "state_capital"):
        return Coords(table_kind="fiscal_summary", side="income", source=tail)
    if head == "source" and table == "income":        # 收入决算表: the total row's source column
        return Coords(table_kind="income", source=tail)
    if head == "fiscal" and table == "income":
        return Coords(table_kind="income", source="fiscal")
    if head == "expenditure":                          # 本年支出合计: the summary's expenditure side
        return Coords(table_kind="summary", side="expenditure", function_code=tail)
    if head == "carryover_end" and table == "gov_fund_expenditure":    # 决算 表8's own column
        return Coords(table_kind="gov_fund_expenditure", source="carryover_end")
    if concept == "carryover_end:fiscal":
        return Coords(table_kind="fiscal_summary", side="expenditure", budget_type="total", function_code="carryover_end")
    if head == "carryover_end":
        return Coords(table_kind="summary", side="expenditure", function_code="carryover_end")
    if head == "source" and tail == "gov_fund" and table == "gov_fund_expenditure":
        return Coords(table_kind="gov_fund_expenditure", nature="total", budget_type="gov_fund")
    if head == "source" and tail == "state_capital" and table == "state_capital_expenditure":
        return Coords(table_kind="state_capital_expenditure", nature="total", budget_type="state_capital")
    if head == "source" and tail == "gpb" and table == "gpb_expenditure":
        return Coords(table_kind="gpb_expenditure", nature="total", budget_type="gpb")
    if head == "fiscal" and table == "fiscal_summary":
        return Coords(table_kind="fiscal_summary", side="income", source="total")
    if concept == "projects:fiscal":
        return Coords(table_kind="project_expenditure", economic_code="total")
    if concept == "performance:department":     # the whole budget (the rule also accepts 本年收入)
        return Coords(table_kind="summary", side="income", source="total")
    if concept == "total:expenditure":
        return Coords(table_kind="summary", side="expenditure", function_code="total")
    if head == "total":
        return Coords(table_kind="summary", side="income", source="total")
    if concept == "carryover:fiscal":
        return Coords(table_kind="fiscal_summary", side="income", source="fiscal_carryover")
    if head == "carryover" and tail in ("basic", "project"):        # only the carry-over table splits it
        return Coords(table_kind="carryover", nature=tail) if table == "carryover" else None
    if head == "carryover":
        return Coords(table_kind="summary", side="income", source="carryover")
    return None


def function_code(words: str, index: FunctionIndex) -> str | None:
    """'一般公共服务支出（类）…（款）…（项）', '政协事务（款）行政运行（项）', '“住房保障支出”科目'
    or a bare class name → the code printed in the tables; None unless every level named is found."""
    # the path pattern is slow: only where a level is marked ("（类）")
    has_level = ("类" in words or "款" in words or "项" in words) and LEVEL_MARK.search(words) is not None
    parts = [(_plain(name), LEVELS[level]) for name, level in FUNCTION_PART.findall(words)] if has_level else []
    if not parts and HAS_DIGIT.search(words) is not None:
        return printed_code(words, index)
    if not parts and ("-" in words or "－" in words or "—" in words):
        return dashed_path(words, index)
    if not parts and (words.endswith("科目") or QUOTED.match(words)):
        return marked_name(words, index)
    if not parts:
        if index.class_ends is not None and index.class_ends.isdisjoint(last_kept(words)):
            return None
        parts = [(_plain(words), 3)]
    code = ""
    for name, length in parts:
        if len(code) >= length:
            return None           # levels out of order: not a path
        # a path may start below the class ("政协事务（款）"): search every code of that level
        hits = index.find_name(length, name, code) or (index.find_loose(length, name, code) if has_level else set())
        if len(hits) != 1:
            return None
        code = hits.pop()
    return code or None


HAS_DIGIT = re.compile(r"\d")
# a function code printed with its name: "2010301行政运行", "行政运行（2010301）" (function codes
# begin with 2; a class has 3 digits, a 款 5, a 项 7)
# a function code printed before or (in brackets) after a name
PRINTED_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}(?!\d)|[（(]\s*2\d{2}(?:\d{2}){0,2}\s*[）)]")
CODE_AND_NAME = re.compile(r"^(2\d{2}(?:\d{2}){0,2})(?!\d)\s*(.*)$|^(.*?)[（(]\s*(2\d{2}(?:\d{2}){0,2})\s*[）)](.*)$")
# what may follow the item's name and code: its spending or the phase of its figure
# ("行政运行（2010301）支出", "…（2010301）年初预算"), as after a path's last "（项）"
ITEM_TAIL = re.compile(r"(?:支出|科目)?(?:(?:年初|调整|全年)?预算数?|决算数?|支出决算|支出)?(?:为|是)?$")
DASH = re.compile(r"\s*[-－—]+\s*")
QUOTED = re.compile(r"^[“\"‘「][^“”\"‘’「」]+[”\"’」]$")


def printed_code(words: str, index: FunctionIndex) -> str | None:
    """The code printed beside the name ("2010301行政运行", "行政运行（2010301）"), where the
    document's tables print that code under that name (a name that is not the code's is no
    reading to choose between: None)."""
    m = CODE_AND_NAME.match(_plain(words))
    if m is None:
        return None
    code, name, tail = (m.group(1), m.group(2), "") if m.group(1) else (m.group(4), m.group(3), m.group(5))
    names = index.names.get(code)
    if not names or ITEM_TAIL.fullmatch(tail) is None:
        return None
    name = _norm(_plain(name))
    if name and name not in names and name + "支出" not in names:
        name = name[:ITEM_TAIL.search(name).start()]      # "2010301行政运行年初预算": without the phase words
    return code if not name or name in names or name + "支出" in names else None


def dashed_path(words: str, index: FunctionIndex) -> str | None:
    """"一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行"（科目）: the levels joined by dashes,
    from the class down (or from the 款: "住房改革支出-住房公积金")."""
    parts = [p for p in DASH.split(_plain(words))]
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    for lengths in ((3, 5, 7)[:len(parts)], (5, 7)[:len(parts)]):
        if len(lengths) != len(parts):
            continue
        code = ""
        for name, length in zip(parts, lengths):
            hits = index.find_name(length, name, code)
            if len(hits) != 1:
                break
            code = hits.pop()
        else:
            return code
    return None


def marked_name(words: str, index: FunctionIndex) -> str | None:
    """A name the words mark as a classification's ("“行政单位离退休”科目", "“住房公积金”"): the
    code of the one row of any level the tables print under it."""
    name = _plain(words)
    hits = set().union(*(index.find_name(length, name, "") for length in (3, 5, 7)))
    return hits.pop() if len(hits) == 1 else None


# a name may hold its own brackets: "政府办公厅（室）及相关机构事务（款）"
FUNCTION_PART = re.compile(r"((?:[^（()）]|[（(](?![类款项][）)])[^（()）]*[）)])+?)[（(]([类款项])[）)]")
LEVELS = {"类": 3, "款": 5, "项": 7}
LEVEL_MARK = re.compile(r"[（(][类款项][）)]")     # every FUNCTION_PART match ends with one
QUOTES = re.compile(r"[“”\"'‘’「」]")


CUTTABLE = frozenset("“”\"'‘’「」（）()的科目")      # what _plain and _norm may remove, besides spaces


def last_kept(words: str) -> str:
    """Where the last character _norm(_plain(words)) keeps can be: the end of the words from
    their last character neither can remove (only cuttable characters and spaces follow it)."""
    i = len(words)
    while i > 0 and (words[i - 1] in CUTTABLE or words[i - 1].isspace()):
        i -= 1
    return words[i - 1:] if i else words      # all cuttable: any of them may stay


def _plain(name: str) -> str:
    """'“一般公共服务支出”科目' → '一般公共服务支出'."""
    name = QUOTES.sub("", name).strip()
    # a trailing 的, then 科目: what the pattern (科目)?(的)?$ cut, without trying it at every character
    if name.endswith("的"):
        name = name[:-1]
    if name.endswith("科目"):
        name = name[:-2]
    return name.strip()


NORM_DROP = re.compile(r"[（）()\s]")
LOOSE_TAIL = re.compile(r"(?:费|经费)?(?:支出)?$")


@memoised          # (the tables print a function's name in several of them; a text names it again)
def _loose(name: str) -> str:
    """A function's name without its 的 and a final 费 or 支出: how texts may shorten or lengthen it."""
    return LOOSE_TAIL.sub("", _norm(name).replace("的", ""))
TOTAL_LABEL = re.compile(r"^(总计|合计|小计)$")


@memoised
def _norm(text: str) -> str:
    return NORM_DROP.sub("", text)
