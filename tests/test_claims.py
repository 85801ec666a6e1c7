"""Every 万元 amount and every % of 第三部分 is a claim with a subject."""

import re
from decimal import Decimal

from budgetlens.text import squeeze, strip_markup
from conftest import EXAMPLES, parsed

MENTION = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)(万元|%|％)")


def narrative_mentions(stem):
    """An independent scan: join the narrative lines and find every number + 万元/%."""
    disc = parsed(stem)
    part = next(p for p in disc.parts if p.key == "narrative")
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    text, starts = "", []
    for no in range(part.line + 1, part.line_end + 1):
        piece = squeeze(strip_markup(lines[no - 1].replace("\t", " ")))
        starts.append((len(text), no))
        text += piece + " "
    found = []
    for m in MENTION.finditer(text):
        line = max(no for off, no in starts if off <= m.start())
        found.append((line, Decimal(m.group(1).replace(",", ""))))
    return found


def test_every_amount_and_percent_is_a_claim(seed):
    disc = parsed(seed)
    claims = {(c.provenance.line, c.value) for c in disc.narrative.claims if c.unit in ("万元", "%", "万元/")}
    claims |= {(c.provenance.line_end, c.value) for c in disc.narrative.claims}
    missing = [m for m in narrative_mentions(seed) if m not in claims]
    assert not missing, missing[:10]
    assert all(c.subject.text for c in disc.narrative.claims)


def claim(disc, kind, value):
    return next(c for c in disc.narrative.claims if c.kind == kind and c.value == Decimal(value))


def test_claims_of_seed_000():
    disc = parsed("000_9131eab83374bb33")
    change = claim(disc, "change", "195.97")
    assert change.direction == "decrease" and change.basis == "上年预算"
    assert change.implied_prior == Decimal("473.87") and change.subject.concept == "source:gpb"
    share = claim(disc, "share", "75.96")
    assert share.subject.concept == "function:201"
    item = claim(disc, "change", "253.63")
    assert item.subject.concept == "function:2010504" and item.implied_prior == Decimal("430.74")
    lists = {l.subject.text: [i.name for i in l.items] for l in disc.narrative.item_lists}
    assert lists["人员经费"][0] == "基本工资" and len(lists["人员经费"]) == 10
    assert [p.scale for p in disc.narrative.projects] == [Decimal("18.00"), Decimal("3.00"), Decimal("13.00")]
    alloc = disc.narrative.projects[0].allocation
    assert [(a.name, a.amount) for a in alloc] == [("州县市门户网站网管费", Decimal(12)), ("网站运行维护费", Decimal(6))]
    perf = disc.narrative.performance
    assert [p.kind for p in perf] == ["department", "project", "project", "project"]
    assert sum(i.weight for i in perf[0].indicators) == 90
    assert perf[1].amount == Decimal("13.00") and len(perf[1].indicators) == 11


def test_claims_of_seed_001_ocr():
    disc = parsed("001_bb7d043ad2da133b")
    typo = claim(disc, "change", "116.16")      # the narrative's own inconsistent figure
    assert typo.subject.concept == "function:2010504" and typo.implied_prior == Decimal("268.17")
    assert claim(disc, "change", "116.11").implied_prior == Decimal("268.22")
    lists = {l.subject.text: l.items for l in disc.narrative.item_lists}
    names = {i.name: i.amount for i in lists["人员经费"]}
    assert names["职工基本医疗保险缴费"] == Decimal("13.16")


def test_claims_of_seed_003_plain_text():
    disc = parsed("003_051c06d5053f29b3")
    shares = [c for c in disc.narrative.claims if c.kind == "share" and (c.subject.concept or "").startswith("function:")]
    assert [c.value for c in shares] == [Decimal("89.38"), Decimal("4.40"), Decimal("2.65"), Decimal("3.57")]
    vehicle = [c for c in disc.narrative.claims if c.subject.concept == "three_public:vehicle_purchase"
               and c.kind == "amount" and c.section == "十"]
    assert vehicle and vehicle[0].value == 0
    assert len(disc.narrative.projects) == 6
    assert len(disc.narrative.performance) == 7


def test_overview_and_meta(seed):
    disc = parsed(seed)
    st = disc.overview.staffing
    assert st.actual == st.in_service.count + st.retired.count + st.pre_retired.count
    assert disc.overview.functions and disc.overview.offices
    assert disc.meta.year in (2022, 2025, 2026) and disc.meta.unit_name.startswith("克孜勒苏")
    assert len(disc.glossary) >= 6
