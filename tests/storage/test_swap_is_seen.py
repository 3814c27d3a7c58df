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
