"""Resolve a claim's subject words to a concept and, where one exists, fact coordinates."""

from __future__ import annotations

import re

from ..model import Coords, Disclosure, Section, Subject
from ..text import memoised

# (pattern on the subject words, concept); first match wins, so specific before general.
CONCEPTS: list[tuple[str, str]] = [
    # 预算绩效: "财政拨款项目涉及预算金额", "整体预算绩效目标1个，涉及预算金额" (before 财政拨款 and 绩效)
    (r"非财政拨款项目.{0,6}涉及(预算)?(金额|资金)", "projects:nonfiscal"),
    (r"财政拨款项目.{0,6}涉及(预算)?(金额|资金)", "projects:fiscal"),
    (r"整体.{0,6}绩效目标.{0,6}涉及(预算)?(金额|资金)", "performance:department"),
    (r"三公.?经费", "three_public:total"),
    (r"因公出国[（(]境[）)]费", "three_public:abroad"),
    (r"公务用车购置及运行(维护)?费", "three_public:vehicle"),
    (r"公务用车购置(费)?$|购置车辆经费|车辆购置经费", "three_public:vehicle_purchase"),
    (r"公务用车运行(维护)?费", "three_public:vehicle_operation"),
    (r"公务接待费", "three_public:reception"),
    (r"机关运行经费|单位运行经费", "admin_operating"),
    # the share reserved for small firms ("面向中小企业预留…", "预留给小型和微型企业的…") is no total
    (r"中小企业|小型和微型企业|小微企业", "procurement:sme"),
    (r"采购货物", "procurement:goods"),
    (r"采购工程", "procurement:works"),
    (r"采购服务|拟购买服务", "procurement:services"),
    (r"政府采购", "procurement:total"),
    (r"人员经费", "basic:personnel"),
    (r"公用经费", "basic:public"),
    (r"基本支出", "nature:basic"),
    (r"项目支出", "nature:project"),
    (r"预留机动经费", "nature:reserve"),          # Jiangsu: 单位预留机动经费, a third use beside the two
    (r"结转下年", "nature:carry_forward"),
    (r"上年结转结余|结转结余", "carryover"),
    (r"财政拨款结转", "source:fiscal_carryover"),
    (r"非财政拨款", "nonfiscal"),                # before 财政拨款, which it contains
    (r"一般公共预算", "source:gpb"),
    (r"政府性基金", "source:gov_fund"),
    (r"国有资本经营", "source:state_capital"),
    (r"财政专户", "source:special_account"),
    (r"单位资金|其他资金", "source:unit_funds"),
    (r"财政拨款收支总预算|财政拨款", "fiscal:total"),
    (r"收支总预算|收入预算|支出预算|收入总计|支出总计", "total"),
    (r"预算安排规模|总投资", "project:scale"),
    (r"房屋", "asset:building"),
    (r"车辆|公务用车|执法执勤用车|其他车辆", "asset:vehicle"),
    (r"家具", "asset:furniture"),
    (r"其他资产", "asset:other"),
    (r"大型设备", "asset:equipment"),
    (r"绩效", "performance"),
]

SECTION_TABLE = {  # narrative section topic → the table its figures restate
    "收入预算": "summary", "支出预算": "expenditure", "财政拨款收支": "fiscal_summary",
    "一般公共预算当年拨款": "gpb_expenditure", "基本支出": "basic_expenditure",
    "项目支出": "project_expenditure", "三公": "three_public", "收支预算": "summary",
    "结转结余": "carryover",
}


class FunctionIndex:
    """Function codes by level and normalised name, as the document's own tables print them."""

    def __init__(self, disc: Disclosure):
        self.by_name: dict[tuple[int, str], set[str]] = {}
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
        # resolve_subject's findings in this document, by (words, section title): a text
        # repeats its subjects, and the concept search is a few dozen regexes
        self.subjects: dict[tuple[str, str | None], tuple[str | None, Coords | None]] = {}

    def find(self, level_len: int, name: str, prefix: str) -> set[str]:
        return {c for c in self.by_name.get((level_len, _norm(name)), ()) if c.startswith(prefix)}


CONCEPT_PATTERNS = [(re.compile(pattern), concept) for pattern, concept in CONCEPTS]
ANY_CONCEPT = re.compile("|".join(f"(?:{pattern})" for pattern, _ in CONCEPTS))   # most words name none


def resolve_subject(words: str, section: Section | None, index: FunctionIndex) -> Subject:
    key = (words, section.title if section is not None else None)
    found = index.subjects.get(key)
    if found is None:
        found = index.subjects[key] = subject_concept(words, section, index)
    concept, coords = found
    if concept is None:
        return Subject(text=words)
    # one Coords per (words, section), shared by the subjects that name it: nothing edits a
    # subject's coordinates, and pydantic takes a built model without validating it again
    return Subject(text=words, concept=concept, coords=coords)


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
        if kind in ("summary", "fiscal_summary") and len(code) == 3:
            return f"function:{code}", Coords(table_kind=kind, side="expenditure", function_code=code)
        return f"function:{code}", Coords(table_kind="gpb_expenditure", function_code=code, nature="total",
                                          budget_type="gpb")
    if not ANY_CONCEPT.search(words):
        return None, None
    for pattern, concept in CONCEPT_PATTERNS:
        if pattern.search(words):
            return concept, concept_coords(concept, section, words)
    return None, None


CARRYOVER_SOURCES = {"财政拨款": "fiscal_carryover", "非财政拨款": "nonfiscal_carryover"}


def section_table(section: Section | None) -> str | None:
    if section is None:
        return None
    for topic, kind in SECTION_TABLE.items():
        if topic in section.title:
            return kind
    return None


FISCAL_ONLY = re.compile(r"财政拨款|一般公共预算")


def concept_coords(concept: str, section: Section | None, words: str = "") -> Coords | None:
    head, _, tail = concept.partition(":")
    table = section_table(section)
    if head == "nature" and table == "expenditure" and FISCAL_ONLY.search(words):
        table = None        # "财政拨款基本支出" is not the whole 支出总表's 基本支出
    if head == "three_public":
        return Coords(table_kind="three_public", item=tail)
    if table == "carryover" and head in ("basic", "nature"):
        return Coords(table_kind="carryover", nature=tail)    # last year's money, not this year's 表5/表6
    if head == "basic":
        return Coords(table_kind="basic_expenditure", nature=tail, budget_type="gpb")
    if head == "nature":
        kind = table if table in ("expenditure", "gpb_expenditure") else "gpb_expenditure"
        return Coords(table_kind=kind, nature=tail)
    if head == "source" and table in ("summary", None):
        return Coords(table_kind="summary", side="income", source=tail)
    if head == "source" and table == "fiscal_summary" and tail in ("gpb", "gov_fund", "state_capital"):
        return Coords(table_kind="fiscal_summary", side="income", source=tail)
    if head == "source" and tail == "gpb" and table == "gpb_expenditure":
        return Coords(table_kind="gpb_expenditure", nature="total", budget_type="gpb")
    if head == "fiscal" and table == "fiscal_summary":
        return Coords(table_kind="fiscal_summary", side="income", source="total")
    if concept == "projects:fiscal":
        return Coords(table_kind="project_expenditure", economic_code="total")
    if concept == "performance:department":     # the whole budget (the rule also accepts 本年收入)
        return Coords(table_kind="summary", side="income", source="total")
    if head == "total":
        return Coords(table_kind="summary", side="income", source="total")
    if head == "carryover":
        return Coords(table_kind="summary", side="income", source="carryover")
    return None


def function_code(words: str, index: FunctionIndex) -> str | None:
    """'一般公共服务支出（类）…（款）…（项）', '政协事务（款）行政运行（项）', '“住房保障支出”科目'
    or a bare class name → the code printed in the tables; None unless every level named is found."""
    has_level = "类" in words or "款" in words or "项" in words     # the path pattern is slow
    parts = [(_plain(name), LEVELS[level]) for name, level in FUNCTION_PART.findall(words)] if has_level else []
    if not parts:
        parts = [(_plain(words), 3)]
    code = ""
    for name, length in parts:
        if len(code) >= length:
            return None           # levels out of order: not a path
        # a path may start below the class ("政协事务（款）"): search every code of that level
        hits = index.find(length, name, code) or index.find(length, name + "支出", code)
        if len(hits) != 1:
            return None
        code = hits.pop()
    return code or None


# a name may hold its own brackets: "政府办公厅（室）及相关机构事务（款）"
FUNCTION_PART = re.compile(r"((?:[^（()）]|[（(](?![类款项][）)])[^（()）]*[）)])+?)[（(]([类款项])[）)]")
LEVELS = {"类": 3, "款": 5, "项": 7}
QUOTES = re.compile(r"[“”\"'‘’「」]")
SUBJECT_TAIL = re.compile(r"(科目)?(的)?$")


def _plain(name: str) -> str:
    """'“一般公共服务支出”科目' → '一般公共服务支出'."""
    return SUBJECT_TAIL.sub("", QUOTES.sub("", name).strip()).strip()


NORM_DROP = re.compile(r"[（）()\s]")
TOTAL_LABEL = re.compile(r"^(总计|合计|小计)$")


@memoised
def _norm(text: str) -> str:
    return NORM_DROP.sub("", text)
