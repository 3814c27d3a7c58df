"""The tables exist with the columns the issue asks for, and a failed write changes nothing."""

import pytest
from sqlalchemy import select, text

from storage import schema
from storage.engine import database_stamp, make_engine, replacing_database

REQUIRED = {
    "incidents": {"occurred_at", "hour", "weekday", "financial_year", "term_time", "age_band", "victim_sex",
                  "victim_ethnicity", "weapon", "injury", "domestic_abuse", "location_type", "h3_9",
                  "is_serious_youth_violence", "is_knife_injury"},
    "stop_search": {"occurred_at_utc", "occurred_at", "self_defined_ethnicity", "self_defined_ethnic_group",
                    "officer_defined_ethnicity", "object_of_search", "outcome", "outcome_linked_to_object"},
    "areas": {"area_code", "name", "level", "scheme", "geometry_geojson"},
    "schools": {"urn", "name", "latitude", "longitude"},
    "population": {"area_code", "year", "age_band", "sex", "ethnicity", "population"},
    "indicator_values": {"measure", "period_start", "period_end", "area_code", "value", "numerator", "denominator"},
    "sources": {"name", "is_synthetic", "file_name", "sha256", "rows_read", "rows_loaded", "rows_duplicate",
                "rows_rejected", "loaded_at"},
    "rejects": {"file_name", "line", "column_name", "reason"},
}


def test_every_table_has_its_columns(tmp_path):
    url = f"duckdb:///{tmp_path / 'empty.duckdb'}"
    with replacing_database(url, start_empty=True):
        pass
    assert_schema(url)


def assert_schema(url: str) -> None:
    """Shared with the PostgreSQL test: the information schema lists every required column."""
    engine = make_engine(url)
    with engine.connect() as conn:
        for table, columns in REQUIRED.items():
            found = set(conn.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table}).scalars())
            assert columns <= found, f"{table} lacks {columns - found}"
    engine.dispose()


def _write_source(conn, source_id: int) -> None:
    conn.execute(schema.sources.insert().values(
        source_id=source_id, name="test", is_synthetic=True, is_private=False, file_name="f", sha256="0",
        rows_read=0, rows_loaded=0, rows_duplicate=0, rows_rejected=0, loaded_at="2024-01-01 00:00:00"))


def _source_ids(url):
    engine = make_engine(url, read_only=True)
    with engine.connect() as conn:
        ids = sorted(conn.execute(select(schema.sources.c.source_id)).scalars())
    engine.dispose()
    return ids


def test_a_failed_write_leaves_the_previous_database_untouched(tmp_path):
    url = f"duckdb:///{tmp_path / 'live.duckdb'}"
    with replacing_database(url, start_empty=True) as conn:
        _write_source(conn, 1)
    stamp = database_stamp(url)
    with pytest.raises(RuntimeError, match="part way"):
        with replacing_database(url, start_empty=False) as conn:
            _write_source(conn, 2)
            raise RuntimeError("killed part way")
    assert _source_ids(url) == [1]
    assert database_stamp(url) == stamp
    # No half-built copy is left behind; the writers' lock file stays, empty, by design.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.duckdb", "live.duckdb.lock"]


def test_a_write_adds_to_a_copy_and_swaps_it_in(tmp_path):
    url = f"duckdb:///{tmp_path / 'live.duckdb'}"
    with replacing_database(url, start_empty=True) as conn:
        _write_source(conn, 1)
    reader = make_engine(url, read_only=True)
    with reader.connect() as held_open:  # a dashboard reading while the load runs
        with replacing_database(url, start_empty=False) as conn:
            _write_source(conn, 2)
        assert held_open.execute(text("SELECT COUNT(*) FROM sources")).scalar_one() == 1
    reader.dispose()
    assert _source_ids(url) == [1, 2]
