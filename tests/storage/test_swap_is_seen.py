"""A reader in the same process sees a newly swapped-in database on its next query."""

from sqlalchemy import text

from storage import schema
from storage.engine import database_stamp, make_engine, replacing_database


def test_a_read_after_a_swap_sees_the_new_file(tmp_path):
    url = f"duckdb:///{tmp_path / 'vve.duckdb'}"
    with replacing_database(url, start_empty=True) as conn:
        conn.execute(schema.schools.insert().values(urn="1", name="Old", latitude=51.5, longitude=0.0, source_id=1))
    reader = make_engine(url, read_only=True)
    with reader.connect() as conn:
        assert conn.execute(text("SELECT name FROM schools")).scalar_one() == "Old"
    stamp = database_stamp(url)
    with replacing_database(url, start_empty=False) as conn:
        conn.execute(text("UPDATE schools SET name = 'New'"))
    assert database_stamp(url) != stamp
    for engine in (reader, make_engine(url, read_only=True)):
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM schools")).scalar_one() == "New"


def test_sources_of_a_database_built_before_rows_replaced_still_list(tmp_path):
    from storage.queries import sources
    url = f"duckdb:///{tmp_path / 'old.duckdb'}"
    with replacing_database(url, start_empty=True) as conn:
        conn.exec_driver_sql("ALTER TABLE sources DROP COLUMN rows_replaced")
        conn.exec_driver_sql(
            "INSERT INTO sources (source_id, name, is_synthetic, is_private, file_name, sha256, rows_read, "
            "rows_loaded, rows_duplicate, rows_rejected, loaded_at) VALUES (1, 'demo', true, false, 'x', 'y', 1, 1, "
            "0, 0, TIMESTAMP '2024-01-01 00:00:00')")
    engine = make_engine(url, read_only=True)
    with engine.connect() as conn:
        listed = sources(conn)
    assert listed["name"].tolist() == ["demo"] and listed["rows_replaced"].isna().all()
