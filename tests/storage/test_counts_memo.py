"""A reader's memo of count queries: each asked once for one version of the data, never shared
between versions, and each caller's answer its own."""

import shutil

import pandas as pd
from sqlalchemy import event, text

from metrics.filters import Filters
from metrics.measures import MEASURES
from storage import queries
from storage.engine import make_engine, replacing_database
from tests.conftest import clear_streamlit_caches

SYV = MEASURES["serious_youth_violence"]


def test_a_count_asked_twice_is_read_once_and_each_caller_gets_its_own_copy(demo_url, demo_connection):
    engine = make_engine(demo_url, read_only=True)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as conn:
        conn = queries.remembering(conn, queries.CountsMemo())
        first = queries.count_by(conn, SYV, "sex", Filters(age_band="10-17"))
        first["value"] = -1  # a caller's change stays its own
        second = queries.count_by(conn, SYV, "sex", Filters(age_band="10-17"))
        assert len(statements) == 1
        queries.count_by(conn, SYV, "sex", Filters(age_band="18-24"))
        assert len(statements) == 2
    plain = queries.count_by(demo_connection, SYV, "sex", Filters(age_band="10-17"))
    pd.testing.assert_frame_equal(second, plain)
    assert plain["value"].sum() > 0
    engine.dispose()


def test_the_memo_keeps_the_most_recently_asked_up_to_its_cells():
    memo, reads = queries.CountsMemo(cells=20), []

    def read(name):
        reads.append(name)
        return pd.DataFrame({"value": range(5), "key": range(5)})  # 10 cells

    for name in ("a", "b", "a", "c", "a", "b"):
        memo.answer((name,), lambda: read(name))
    # a and b fill it; a, asked again, is the most recent; c pushes b out; b is read again.
    assert reads == ["a", "b", "c", "b"]


def test_the_pages_count_a_swapped_in_database_afresh(demo_url, monkeypatch, tmp_path):
    from ui import data

    path = tmp_path / "vve.duckdb"
    shutil.copy(demo_url.removeprefix("duckdb:///"), path)
    url = f"duckdb:///{path}"
    monkeypatch.setenv("VVE_DATABASE_URL", url)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    clear_streamlit_caches()

    def girls() -> int:
        table = data.count_by(*data.current(), "serious_youth_violence", "sex", Filters())
        return int(table.loc[table["sex"] == "Female", "value"].sum())

    before = girls()
    with replacing_database(url, start_empty=False) as conn:
        conn.execute(text("DELETE FROM incidents WHERE victim_sex = 'Female'"))
    assert before > 0 and girls() == 0
    clear_streamlit_caches()
