"""The rule catalogue (data/rules.yaml) and per-deployment overrides.

A finance bureau can switch rules off, re-grade them and set parameters in a YAML file:

    rules:
      T10-T6-VEHICLE-OPERATION: {severity: error}
      D-YEAR-MENTION: {enabled: false}
    params:
      performance_weight_sums: [100]
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from ..model.findings import Category, Severity

DATA = Path(__file__).parent / "data" / "rules.yaml"   # the main catalogue; every data/*.yaml is loaded


class RuleSpec(BaseModel):
    id: str
    category: Category
    severity: Severity
    title: str                        # Chinese, what the rule checks
    message: str                      # Chinese template, filled with the finding's fields
    basis: str                        # the regulation or practice it rests on
    enabled: bool = True
    identity: dict | None = None      # cross-table identities written as data (see rules/cross_table)
    # other templates, by name, for a finding that is not the rule's failure (Fail.fields["message"]
    # names one: a check that could not be made says so, and why)
    messages: dict[str, str] = {}


class Config(BaseModel):
    rules: dict[str, dict] = Field(default_factory=dict)
    params: dict = Field(default_factory=dict)

    def param(self, name: str, default):
        return self.params.get(name, default)


DEFAULT_PARAMS = {
    "performance_weight_sums": [90, 100],   # some provinces reserve 10 points for 预算执行率
    # 万元: projects from which a 绩效目标表 is required (C-PROJECT-PERFORMANCE); None: the
    # document's own practice, the smallest project it prints one for
    "performance_project_threshold": None,
}


@lru_cache(maxsize=None)
def _load(path: str) -> tuple[RuleSpec, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return tuple(RuleSpec.model_validate(r) for r in raw["rules"])


@lru_cache(maxsize=1)
def _all() -> tuple[RuleSpec, ...]:
    """rules.yaml, then the other data/*.yaml (one family each, e.g. cross_document.yaml)."""
    files = [DATA] + sorted(p for p in DATA.parent.glob("*.yaml") if p != DATA)
    rules = tuple(r for f in files for r in _load(str(f)))
    twice = sorted(i for i, n in Counter(r.id for r in rules).items() if n > 1)
    if twice:
        raise ValueError(f"规则目录中有重复的规则编号：{'、'.join(twice)}")
    return rules


def load_catalogue(config: Config | None = None, shared: bool = False) -> list[RuleSpec]:
    """The rules with the deployment's overrides applied (severity, enabled). Each is a copy
    the caller may change; with `shared`, a rule the config leaves as it is comes uncopied
    (for a caller that only reads them: check() runs once per document)."""
    rules = []
    for rule in _all():
        override = (config.rules.get(rule.id) if config else None) or {}
        if shared and not override:
            rules.append(rule)
            continue
        rule = rule.model_copy()
        if "severity" in override:
            rule.severity = override["severity"]
        if "enabled" in override:
            rule.enabled = bool(override["enabled"])
        rules.append(rule)
    return rules


def load_config(path: str | Path | None) -> Config:
    if path is None:
        return Config(params=dict(DEFAULT_PARAMS))
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    config = Config.model_validate(raw)
    known = {r.id for r in _all()}
    unknown = sorted(set(config.rules) - known)
    if unknown:
        raise ValueError(f"配置文件中有未知规则：{'、'.join(unknown)}")
    config.params = {**DEFAULT_PARAMS, **config.params}
    return config
