"""A unit's page and API, session 40: the work of finding the unit's 部门 no longer grows with
the number of other units stored (before: every 单位's 部门 was looked up to show one — 0.4 s
for a unit on 400 documents). Counted in SQL statements, not seconds: the machine's load does not
decide. That a unit's page still names its 部门: test_web_more.py
test_a_units_page_names_its_department_and_the_dashboard_nests_it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from test_web_access import EXAMPLES

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import write_variants
from budgetlens.web import create_app

UNIT_SEED = EXAMPLES / "001_bb7d043ad2da133b.txt"      # a 单位预算 (2022)


def statements(client, path: str) -> int:
    engine = client.app.state.engine
    count = [0]

    def counted(*_):
        count[0] += 1
    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count[0]


@pytest.mark.parametrize("path", ["/units/{id}", "/api/units/{id}"])
def test_a_units_page_does_the_same_work_however_many_other_units_are_stored(tmp_path, path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_engine(url)
    Ingest(engine, workers=0).run([UNIT_SEED])
    with TestClient(create_app(url)) as c:
        unit = c.get("/api/units").json()["units"][0]["id"]
        alone = statements(c, path.format(id=unit))
        Ingest(engine, workers=0).run(write_variants(tmp_path / "others", 6, [UNIT_SEED]))
        assert len(c.get("/api/units").json()["units"]) == 7
        assert statements(c, path.format(id=unit)) == alone

