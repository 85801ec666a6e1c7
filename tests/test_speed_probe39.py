"""extract/rows binds extract/geometry at its end (geometry imports names of rows as it loads),
so that the header readers do not run an import per call: either module may be imported first."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("first", ["budgetlens.extract.rows", "budgetlens.extract.geometry",
                                   "budgetlens.extract.headers", "budgetlens.extract.tables"])
def test_rows_binds_geometry_whichever_module_comes_first(first):
    code = (f"import sys; import {first}; import budgetlens.extract.rows as rows; "
            "assert rows.geometry is sys.modules['budgetlens.extract.geometry']; "
            "assert rows.geometry.heading_key('2024年合计（元）') == '合计'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
