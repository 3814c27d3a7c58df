"""The loaders on a real PostgreSQL server: the same counts, replacement and rollback as DuckDB."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from loaders import writing
from loaders.ingest import ingest
from loaders.sources import loader_for
from storage.engine import database_stamp, make_engine
from storage.schema import metadata
from tests.loaders.conftest import STOP_SEARCH_HEADER, STREET_HEADER, csv_text, search_row, street_row
from tests.loaders.test_mps import KNIFE_HEADER, knife_row
from tests.loaders.test_partnership import HEADER as INCIDENT_HEADER
from tests.loaders.test_partnership import incident

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url, tmp_path):
    engine = make_engine(postgres_url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
    def run(source, *paths, **options):
        return ingest(loader_for(source, options), list(paths), url=postgres_url, loads_dir=tmp_path / "loads")
    def count(sql):
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    yield run, count
    engine.dispose()


def test_loaders_write_replace_and_deduplicate_on_postgres(pg, write_file):
    run, count = pg
    run("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row()] * 3 + [search_row(lat="999")])))
    [again] = run("police-uk-stop-search", write_file("ss2.csv", csv_text(STOP_SEARCH_HEADER, [search_row()] * 2)))
    assert (again.loaded, again.replaced) == (2, 3)
    assert count("SELECT COUNT(*) FROM stop_search") == 2
    assert count("SELECT COUNT(*) FROM rejects") == 1
    run("police-uk-street", write_file("s.csv", csv_text(STREET_HEADER, [street_row("a", "2023-05")])))
    [street] = run("police-uk-street", write_file("s2.csv", csv_text(STREET_HEADER, [street_row("a", "2023-06")])))
    assert (street.loaded, street.duplicates) == (0, 1)
    run("mps-knife-crime", write_file("k.csv", csv_text(KNIFE_HEADER, [knife_row(count="7")])))
    [knife] = run("mps-knife-crime", write_file("k2.csv", csv_text(KNIFE_HEADER, [knife_row(count="8")])))
    assert (knife.loaded, knife.replaced) == (1, 1)
    assert count("SELECT SUM(count) FROM knife_crime_counts") == 8
    run("incidents", write_file("i.csv", csv_text(INCIDENT_HEADER, [incident("A/1"), incident("A/2", age="")])))
    assert count("SELECT COUNT(*) FROM incidents WHERE victim_age IS NULL") == 1
    assert count("SELECT COUNT(*) FROM sources") == 7  # seven loads, each with its sources row


def test_a_failed_load_on_postgres_rolls_back(pg, write_file, monkeypatch):
    run, count = pg
    run("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row()] * 4)))
    monkeypatch.setattr(writing.ByPeriod, "write", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("killed")))
    with pytest.raises(RuntimeError):
        run("police-uk-stop-search", write_file("ss2.csv", csv_text(STOP_SEARCH_HEADER, [search_row()])))
    assert count("SELECT COUNT(*) FROM stop_search") == 4
    assert count("SELECT COUNT(*) FROM sources") == 1


def test_two_loads_at_once_on_postgres_both_land(pg, postgres_url, tmp_path):
    from tests.loaders.conftest import all_at_once
    from tests.loaders.test_ingest import write_searches
    run, count = pg
    paths = [tmp_path / f"{n}.csv" for n in ("a", "b")]
    for seed, path in enumerate(paths):
        write_searches(path, 3_000, seed=seed)
    assert not all_at_once(lambda path: run("police-uk-stop-search", path), paths)
    assert count("SELECT COUNT(*) FROM sources") == 2
    assert count("SELECT COUNT(*) FROM stop_search") == 3_000


def test_each_load_on_postgres_changes_the_stamp_the_pages_cache_on(pg, write_file, postgres_url):
    # A load commits in place on PostgreSQL: the pages' caches key on the stamp, and with the
    # URL alone for one they never saw a load another process made.
    run, _ = pg
    assert database_stamp(postgres_url) == postgres_url  # no tables yet
    run("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row()])))
    first = database_stamp(postgres_url)
    assert first != postgres_url and database_stamp(postgres_url) == first
    run("police-uk-stop-search", write_file("ss2.csv", csv_text(STOP_SEARCH_HEADER, [search_row()] * 2)))
    assert database_stamp(postgres_url) not in (first, postgres_url)
