"""Fixtures for the loader tests: an empty database and a loads folder per test, and a
helper that writes a CSV into the test's temp folder with a chosen encoding."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from loaders.ingest import ingest
from loaders.sources import loader_for
from storage.engine import make_engine

STOP_SEARCH_HEADER = ["Type", "Date", "Part of a policing operation", "Policing operation", "Latitude",
                      "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
                      "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
                      "Removal of more than just outer clothing"]
STREET_HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]


def search_row(date="2023-06-14T15:30:00+00:00", lat="51.515", lon="-0.04", age="10-17",
               ethnicity="Asian/Asian British - Bangladeshi") -> list[str]:
    return ["Person search", date, "False", "", lat, lon, "Male", age, ethnicity, "Asian",
            "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", "A no further action disposal",
            "", "False"]


def street_row(crime_id="abc1", month="2023-06", lat="51.515", lon="-0.04", lsoa="E01004198",
               lsoa_name="Tower Hamlets 002B", crime_type="Burglary") -> list[str]:
    return [crime_id, month, "Metropolitan Police Service", "Metropolitan Police Service", lon, lat,
            "On or near Somewhere", lsoa, lsoa_name, crime_type, "Under investigation", ""]


def csv_text(header: list[str], rows: list[list[str]], *, newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def write_file(tmp_path):
    def write(name: str, content: str | bytes, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path
    return write


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path / "data"))
    return f"duckdb:///{tmp_path / 'data' / 'vve.duckdb'}"


@pytest.fixture
def load(db_url, tmp_path):
    """Run ``ingest`` for one source into the test's database; returns the summaries."""
    def run(source: str, *paths: Path, replace_demo: bool = False, **options):
        return ingest(loader_for(source, options), list(paths), url=db_url, replace_demo=replace_demo,
                      loads_dir=tmp_path / "data" / "loads")
    return run


@pytest.fixture
def query(db_url):
    """Run SQL against the test's database (read only) and return all rows."""
    def run(sql: str, **params):
        engine = make_engine(db_url, read_only=True)
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).all()
        finally:
            engine.dispose()
    return run


def all_at_once(load, paths: list[Path]) -> list[Exception]:
    """Call ``load(path)`` for every path in its own thread, all at once; return what they raised."""
    import threading

    errors: list[Exception] = []

    def run(path):
        try:
            load(path)
        except Exception as err:  # noqa: BLE001 - the caller asserts there were none
            errors.append(err)

    threads = [threading.Thread(target=run, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
