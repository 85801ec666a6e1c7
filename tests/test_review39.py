"""Review of session 39's merged changes: inputs the helpers did not try.

- A change in 个百分点 after a share and then another percentage (an execution rate, a growth
  rate) is that percentage's, not the share's: before, "占 12.23%，预算执行率 95.50%，比上年提高
  2.10 个百分点" gave the share an implied prior of 10.13% (a wrong number, silently), and
  "上年为 93.00%" after the rate was read as the share's prior.
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_narrative_brackets import claims_of


def read(claims):
    return [(c.kind, c.value, c.subject.text, c.direction, c.implied_prior) for c in claims]


# ---- a change in points belongs to the percentage said last -----------------------------------

def test_points_after_an_execution_rate_are_not_the_shares(tmp_path):
    _, claims = claims_of(tmp_path, "项目支出 34.00 万元，占 12.23%，预算执行率 95.50%，比上年提高 2.10 个百分点。")
    [share] = [c for c in claims if c.kind == "share"]
    [change] = [c for c in claims if c.kind == "change"]
    assert share.value == Decimal("12.23")
    assert change.value == Decimal("2.10") and change.implied_prior != Decimal("10.13")


def test_last_years_rate_after_a_share_is_no_prior_share(tmp_path):
    _, claims = claims_of(tmp_path, "项目支出 34.00 万元，占 12.23%，预算执行率 95.50%，上年为 93.00%。")
    assert not [c for c in claims if c.kind == "prior" and c.subject.text == "项目支出"
                and c.value == Decimal("93.00")]


def test_points_the_words_give_to_the_share_after_a_rate_are_the_shares(tmp_path):
    """Near miss: "占比提高" names the share, a growth rate between: the share's change (as the
    session's reading had it)."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占 87.77%，较上年增长 5.00%，占比提高 2.10 个百分点。")
    assert read(claims)[-1] == ("change", Decimal("2.10"), "基本支出", "increase", Decimal("85.67"))


def test_points_right_after_a_share_stay_the_shares(tmp_path):
    """Near miss: the points follow the share (with last year's share between): its change."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占 87.77%，上年为 85.67%，比上年提高 2.10 个百分点。")
    assert read(claims)[1:] == [("share", Decimal("87.77"), "基本支出", None, None),
                                ("prior", Decimal("85.67"), "基本支出", None, None),
                                ("change", Decimal("2.10"), "基本支出", "increase", Decimal("85.67"))]


# ---- SQLite migrations: references a hand broke before do not stop them -------------------------

def orphaned_store(tmp_path, rev: str = "0007"):
    """A filled store at `rev`, one document deleted in the sqlite3 shell (foreign keys off by
    default there): its facts, claims and findings refer to nothing."""
    import sqlite3

    from test_store_probe39 import filled

    from budgetlens.store.db import downgrade
    url = f"sqlite:///{tmp_path}/s.db"
    engine = filled(url)
    downgrade(engine, rev)
    engine.dispose()
    con = sqlite3.connect(tmp_path / "s.db")
    con.execute("DELETE FROM documents WHERE id = (SELECT MIN(id) FROM documents)")
    con.commit()
    con.close()
    return engine


def test_a_store_orphaned_by_hand_is_still_upgraded(tmp_path):
    """Before: every upgrade was undone ("数据库迁移后有 519 行引用了不存在的记录…"), so the store
    could not be opened at all, though the migration broke nothing."""
    from budgetlens.store.db import current_revision, head_revision, upgrade
    engine = orphaned_store(tmp_path)
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_a_migration_that_breaks_references_is_still_undone(tmp_path):
    """Near miss: what the migration itself leaves referring to nothing undoes it, and the
    message says the migration would do it."""
    from sqlalchemy import text

    from budgetlens.store.db import StoreError, migrating
    engine = orphaned_store(tmp_path)
    with engine.connect() as conn:
        units = conn.execute(text("SELECT COUNT(*) FROM units")).scalar()
    with pytest.raises(StoreError, match="迁移会使 .* 行引用不存在的记录（表 [^）]*disclosures"), \
            migrating(engine) as conn:
        conn.exec_driver_sql("DELETE FROM units")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM units")).scalar() == units


# ---- the admins' jobs list: a status is looked for among all jobs -------------------------------

def jobs_app(tmp_path):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from budgetlens.web import create_app
    return TestClient(create_app(f"sqlite:///{tmp_path}/s.db", admin_tokens={"张三": "token-zhang-3"}))


def done_jobs(url: str, n: int) -> None:
    """n jobs done in the last minutes (newer than the interrupted one)."""
    import time

    from sqlalchemy.orm import Session

    from budgetlens.store import open_engine
    from budgetlens.store.schema import JobRow
    now = time.time()
    with Session(open_engine(url)) as s, s.begin():
        for k in range(n):
            s.add(JobRow(id=f"{k:032d}", kind="ingest", status="done", files=[{"name": f"{k}.txt", "sha256": None}],
                         done=1, current="", error="", runner="r" * 32, created=now - 60 + k / 1000,
                         started=now - 59, beat=now, finished=now - 58, admin="张三"))


ZHANG = {"Authorization": "Bearer token-zhang-3"}


def test_an_interrupted_job_behind_many_newer_ones_is_listed_by_its_status(tmp_path):
    """Before: only the latest 200 jobs were looked at: an older interrupted job, the one an
    admin filters for to run it again, was listed nowhere."""
    from test_web_probe39 import interrupted_job
    with jobs_app(tmp_path) as c:
        url = f"sqlite:///{tmp_path}/s.db"
        interrupted_job(url)
        done_jobs(url, 205)
        only = c.get("/api/jobs", params={"status": "interrupted"}, headers=ZHANG).json()["jobs"]
        assert [j["job_id"] for j in only] == ["a" * 32]
        page = c.get("/jobs", params={"status": "interrupted"}, headers=ZHANG).text
        assert f"/jobs/{'a' * 32}/retry" in page


def test_the_jobs_page_says_how_many_it_lists_at_most(tmp_path):
    """Before: "最多 1 个" where one job was listed (the count shown, not the limit)."""
    from test_web_probe39 import interrupted_job
    with jobs_app(tmp_path) as c:
        interrupted_job(f"sqlite:///{tmp_path}/s.db")
        page = c.get("/jobs", headers=ZHANG).text
        # session 40: the page is paged (no cap of 200): it says how many a page holds and
        # how many there are in all
        assert "每页 50 个" in page and "共 1 个任务" in page and "最多 1 个" not in page


def test_without_a_status_the_latest_jobs_are_listed_as_before(tmp_path):
    """Near miss: no status: the latest 200, newest first; the old interrupted one past them."""
    from test_web_probe39 import interrupted_job
    with jobs_app(tmp_path) as c:
        url = f"sqlite:///{tmp_path}/s.db"
        interrupted_job(url)
        done_jobs(url, 205)
        listed = c.get("/api/jobs", params={"limit": 200}, headers=ZHANG).json()["jobs"]
        assert len(listed) == 200 and listed[0]["job_id"] == f"{204:032d}"
        assert "a" * 32 not in [j["job_id"] for j in listed]
        assert len(c.get("/api/jobs", params={"status": "done", "limit": 5}, headers=ZHANG).json()["jobs"]) == 5


# ---- "由 X% 提高到 Y%": a share only where the words name one -------------------------------------

def n_share_errors(disc, figure: str):
    from budgetlens.checks import check
    return [f for f in check(disc).findings if f.rule == "N-SHARE" and f.severity == "error" and figure in f.message]


@pytest.mark.parametrize("said", ["项目支出预算执行率由上年的 90.00% 提高到 95.00%。",
                                  "项目支出预算执行比例由上年的 90.00% 提高到 95.00%。"])
def test_a_rate_from_last_years_to_this_years_is_no_share(tmp_path, said):
    """Before: 95.00% was the share of 项目支出 (N-SHARE: "按表格计算为 12.23%", a false error)."""
    disc, claims = claims_of(tmp_path, said)
    assert [c.kind for c in claims] == ["percent", "percent"]
    assert not n_share_errors(disc, "95.00")


def test_a_growth_rate_from_last_years_to_this_years_is_no_share(tmp_path):
    disc, claims = claims_of(tmp_path, "项目支出 34.00 万元，增幅由上年的 5.00% 提高到 8.00%。")
    assert [c.kind for c in claims if c.unit == "%"] == ["percent", "percent"]
    assert not n_share_errors(disc, "8.00")


def test_a_share_named_by_its_whole_from_last_years_to_this_years_is_a_share(tmp_path):
    """Near miss: 占…的比重 names a share: last year's a prior, this year's the share."""
    _, claims = claims_of(tmp_path, "基本支出占支出总额的比重由上年的 85.67% 提高到 87.77%。")
    assert [(c.kind, c.value) for c in claims] == [("prior", Decimal("85.67")), ("share", Decimal("87.77"))]


# ---- a 部门整体绩效目标表 as text: a fund's line ends the 年度绩效目标 -------------------------------

SEED_003 = Path(__file__).parent.parent / "budgetlens" / "examples" / "003_051c06d5053f29b3.txt"
GOAL_END = "事便捷度和满意度。\n\n年度预算(万元)\n\n资金来源 资金总额（万元）\n\n财政资金（万元）\n上级安排 0.00\n\n本级安排 417.37\n"


def department_table(tmp_path, new: str):
    from budgetlens.checks import check
    from budgetlens.pipeline import parse
    text = SEED_003.read_text(encoding="utf-8")
    assert GOAL_END in text
    path = tmp_path / "003.txt"
    path.write_text(text.replace(GOAL_END, new), encoding="utf-8")
    disc = parse(path)
    [table] = [t for t in disc.narrative.performance if t.kind == "department"]
    return table, [f.message for f in check(disc).findings if f.rule == "P-DEPARTMENT-AMOUNT" and f.severity == "error"]


def test_a_fund_printed_above_its_merged_label_is_no_part_of_the_goal(tmp_path):
    """pdftotext prints a merged cell's text (年度预算(万元)) at its middle row: 上级安排 50.00
    comes right after the goal. Before: read as the goal's last words, the 50.00 lost and
    P-DEPARTMENT-AMOUNT a false error (367.37 against 417.37)."""
    table, errors = department_table(tmp_path, "事便捷度和满意度。\n\n上级安排 50.00\n\n年度预算(万元)\n\n本级安排 367.37\n")
    assert [(f.label, f.amount) for f in table.funds if f.kind == "fiscal"] == \
        [("上级安排", Decimal("50.00")), ("本级安排", Decimal("367.37"))]
    assert table.goal.endswith("切实提升企业和群众办事便捷度和满意度。")
    assert errors == []


def test_a_goal_sentence_naming_other_work_stays_the_goal(tmp_path):
    """Near miss: a line of the goal's own sentence, with its comma, is the goal's even where it
    names 其他 and a figure."""
    said = "事便捷度和满意度。\n其他 5 项重点工作，按计划完成。\n\n" + GOAL_END.removeprefix("事便捷度和满意度。\n")
    table, errors = department_table(tmp_path, said)
    assert table.goal.endswith("满意度。其他5项重点工作，按计划完成。")
    assert [(f.label, f.amount) for f in table.funds] == \
        [("上级安排", Decimal("0.00")), ("本级安排", Decimal("417.37")), ("其他", Decimal("0.00"))]
    assert errors == []


# ---- a project's 绩效目标表 as text: its unit is the one printed above the indicators --------------

PROJECT_FUNDS = "项目资金(万\n\n元)\n年度预算总额 101.34\n\n其中：财政拨\n\n款\n101.34 其他资金 0.00\n"


def project_table(tmp_path, new: str):
    from budgetlens.checks import check
    from budgetlens.pipeline import parse
    text = SEED_003.read_text(encoding="utf-8")
    assert PROJECT_FUNDS in text
    path = tmp_path / "003.txt"
    path.write_text(text.replace(PROJECT_FUNDS, new), encoding="utf-8")
    disc = parse(path)
    [table] = [t for t in disc.narrative.performance if t.project and "12345" in t.project]
    return table, [f.message for f in check(disc).findings
                   if f.rule == "P-PROJECT-AMOUNT" and f.severity == "error" and "12345" in f.message]


def test_a_table_in_yuan_keeps_its_unit_past_indicators_in_wan(tmp_path):
    """项目资金(元) above, indicators named "热线平台维护费（万元）" below: before, the last unit
    printed won, the table's 1013400.00 元 were read as 万元 (P-PROJECT-AMOUNT: "1,013,400.00 万元，
    项目支出表为 101.34 万元", three false errors)."""
    table, errors = project_table(tmp_path, "项目资金(元)\n年度预算总额 1013400.00\n\n其中：财政拨\n\n款\n"
                                            "1013400.00 其他资金 0.00\n")
    assert table.unit == "元" and table.amount == Decimal("1013400.00")
    assert errors == []


def test_a_table_in_wan_is_read_in_wan_as_before(tmp_path):
    """Near miss: the seed as printed, 项目资金(万 / 元) cut over two lines: 万元, no error."""
    table, errors = project_table(tmp_path, PROJECT_FUNDS)
    assert table.unit == "万元" and table.amount == Decimal("101.34")
    assert errors == []


# ---- a 的 alone before a figure names nothing -----------------------------------------------------

def test_a_part_after_its_de_is_not_the_item_before(tmp_path):
    """"其中的 20.00 万元用于…": before, the 的 stripped left no words, so 20.00 was 项目支出's
    amount (N-AMOUNT: "项目支出 20.00 万元，表格为 34.00", a false error)."""
    disc, claims = claims_of(tmp_path, "项目支出 34.00 万元，其中的 20.00 万元用于信息化建设。")
    assert [(c.value, c.subject.concept) for c in claims if c.kind == "amount"] == \
        [(Decimal("34.00"), "nature:project"), (Decimal("20.00"), None)]
    from budgetlens.checks import check
    assert not [f for f in check(disc).findings if f.rule == "N-AMOUNT" and "20.00" in f.message]


def test_a_bounds_de_still_heads_no_name(tmp_path):
    """Near miss: "100 万元以上的设备 0 台": 设备 counted, as the session's reading had it."""
    _, claims = claims_of(tmp_path, "单价 100 万元以上的设备 0 台。")
    assert [(c.kind, c.subject.text) for c in claims if c.kind == "count"] == [("count", "设备")]
