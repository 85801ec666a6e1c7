"""Findings read from another document's assumed 汇总 say it was assumed.

Last year's department document, or the department a unit's document is compared with, prints
its units' tables beside its 汇总 and nothing tells which set is the 汇总 (no 编制单位, the
汇总 at 1×: no sum of the others; test_own_set): the first set printed is taken for it. A
finding comparing with it names that set "按印制顺序推定" (before: as if it were told).
"""

from __future__ import annotations

import re

from test_set_pairs import prior_findings, unit_document, xd_errors
from test_unit_tables import department

OFFICE = "302\t01\t办公费\t20.57\t\t20.57"      # above the 汇总's 13.57


def test_last_years_assumed_summary_is_named_so(tmp_path):
    found = prior_findings(tmp_path, department(summary_scale=1, owners=False))
    messages = [f.message for f in found]
    assert found and all("（部门汇总表，按印制顺序推定）" in m for m in messages), messages


def test_last_years_told_summary_is_named_as_before(tmp_path):
    found = prior_findings(tmp_path, department(summary_scale=1))
    messages = [f.message for f in found]
    assert found and all("（部门汇总表）" in m for m in messages), messages


def test_a_departments_assumed_summary_is_named_so(tmp_path):
    errors = xd_errors(tmp_path, unit_document("克孜勒苏柯尔克孜自治州信访局", OFFICE),
                       department(summary_scale=1, owners=False))
    office = [f for f in errors if f.rule == "XD-UNIT-EXCEEDS" and f.location.row == "30201 办公费"]
    assert office and all(re.search(r"超过所属部门（汇总表，按印制顺序推定） 13\.57", f.message) for f in office), \
        [f.message for f in errors]
