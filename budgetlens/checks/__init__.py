"""Check a Disclosure against the rule catalogue: one outcome per rule, findings with evidence.

    from budgetlens.checks import check
    report = check(disclosure, prior=last_years_disclosure)
    report = check(unit_disclosure, department=its_departments_disclosure)   # 部门 vs 单位 rules
"""

from __future__ import annotations

from ..model import Disclosure
from ..model.findings import CheckReport
from . import rules  # noqa: F401  (registers the rules)
from .rules import cross_document  # noqa: F401  (the 部门 vs 单位 family)
from .catalogue import Config, RuleSpec, load_catalogue, load_config
from .context import REGISTRY, Context, run_rule
from .rules.cross_table import register_identities

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check(disc: Disclosure, prior: Disclosure | None = None, config: Config | None = None,
          department: Disclosure | None = None) -> CheckReport:
    """department: the 部门's disclosure of the same year and phase when disc is one of its 单位."""
    config = config or load_config(None)
    disc = with_class_codes(disc)
    catalogue = load_catalogue(config, shared=True)
    register_identities(catalogue)
    ctx = Context(disc, config, prior)
    ctx.department = department
    report = CheckReport(file=disc.sources[0].path if disc.sources else None, unit_name=disc.meta.unit_name,
                         year=disc.meta.year, template=disc.meta.template,
                         prior_file=prior.sources[0].path if prior and prior.sources else None,
                         reading=reading_notes(disc))
    for spec in catalogue:
        if spec.enabled:
            report.outcomes.append(run_rule(spec, ctx))
    report.findings = sorted(ctx.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return report


# parse issues that say the reading itself fell short: pages unread, the layout lost, OCR; or
# that what the checks take for the department's own tables is assumed (own-set-assumed)
READING_CODES = ("reader", "layout-lost", "no-template", "own-set-assumed")


def reading_notes(disc: Disclosure) -> list[str]:
    """The reader's warnings a report must show before its findings (each once), the 汇总
    assumed first (what every department figure is read from: never cut off by report.READING_SHOWN)."""
    issues = sorted(disc.issues, key=lambda i: i.code != "own-set-assumed")
    return list(dict.fromkeys(i.message for i in issues if i.level != "info" and i.code in READING_CODES))


def with_class_codes(disc: Disclosure) -> Disclosure:
    """The disclosure as the rules read it: a function class printed by name alone (收支总表
    "一、一般公共服务支出") has the code the extraction found for it (its coordinates), so the
    per-class sums and identities reach it. A copy: the disclosure itself is not changed."""
    tables = []
    for table in disc.tables:
        # (a row printing no amount is left out: its amounts may have gone to the other side)
        named = {r.index: r.coords["function_code"] for r in table.rows
                 if not r.code and r.cells and r.coords.get("function_code", "").isdigit()}
        if named:
            table = table.model_copy(update={"rows": [
                r.model_copy(update={"code": named[r.index], "coords": {**r.coords, "code_from": "name"}})
                if r.index in named else r for r in table.rows]})
        tables.append(table)
    if all(a is b for a, b in zip(tables, disc.tables)):
        return disc
    return disc.model_copy(update={"tables": tables})


def missing_implementations() -> list[str]:
    """Catalogue rules without code (a test keeps this empty)."""
    catalogue = load_catalogue()
    register_identities(catalogue)
    return [r.id for r in catalogue if r.id not in REGISTRY]


__all__ = ["check", "reading_notes", "load_catalogue", "load_config", "Config", "RuleSpec", "missing_implementations"]
