"""Engines, and the one way data is written: build beside, then swap in.

DuckDB allows one writing process, and the dashboard must never see half a load.
A write therefore builds a new database file beside the live one (a copy of it,
or an empty one) and replaces the live file atomically with ``os.replace``; a
failure leaves the live file as it was. On PostgreSQL the same guarantee comes
from one transaction.
"""

from __future__ import annotations

import fcntl
import functools
import math
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, Table, create_engine, func, make_url, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from storage.schema import metadata, sources

WRITER_LOCK_KEY = 7_412_003  # any constant: the advisory lock PostgreSQL writers queue on
# DuckDB's buffer pool for a build: enough for any chunk, small enough to share a 2-core
# machine with the dashboard (DuckDB spills to disk beyond it).
BUILD_MEMORY_LIMIT = "128MB"


def read_frame(conn: Connection, query, columns: list[str]) -> pd.DataFrame:
    """``query``'s rows as a frame with ``columns``. The rows are made plain tuples first:
    pandas probes each SQLAlchemy row for attributes it lacks, and each probe raises and is
    caught inside SQLAlchemy (a table of a thousand rows took three times as long)."""
    return pd.DataFrame([tuple(row) for row in conn.execute(query)], columns=columns)


def duckdb_file(url: str) -> Path | None:
    """The DuckDB file behind ``url``, or None for other engines and in-memory DuckDB."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "duckdb":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    path = duckdb_file(url)
    if path is not None and read_only:
        # No pool: DuckDB hands a new connection the database instance an open connection in
        # this process still holds, so a pooled connection to the old file would hide a
        # newly swapped-in one. Each read opens the file as it is now (a few milliseconds).
        return create_engine(url, connect_args={"read_only": True}, poolclass=NullPool)
    return create_engine(url)


def database_stamp(url: str) -> str:
    """Changes whenever a load swaps in a new database file, so caches can key on it. On a
    server (PostgreSQL), where a load commits in place, it changes with each load's row in
    ``sources`` instead: the pages' caches, keyed on the URL alone, never saw a load made by
    another process."""
    path = duckdb_file(url)
    if path is None:
        return _server_stamp(url) if make_url(url).get_backend_name() != "duckdb" else url
    if not path.exists():
        return url
    info = path.stat()
    return f"{info.st_ino}:{info.st_mtime_ns}"


@functools.lru_cache(maxsize=8)
def _stamp_engine(url: str) -> Engine:
    return create_engine(url)


def _server_stamp(url: str) -> str:
    """``url`` with how many loads ``sources`` records and when the latest was (just ``url``
    before the first load)."""
    try:
        with _stamp_engine(url).connect() as conn:
            loads, latest = conn.execute(select(func.count(), func.max(sources.c.loaded_at))).one()
    except SQLAlchemyError:
        return url
    return f"{url}#{loads}:{latest}"


def database_exists(url: str) -> bool:
    path = duckdb_file(url)
    if path is not None:
        return path.exists()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.dialect.has_table(conn, "sources")
    finally:
        engine.dispose()


@contextmanager
def replacing_database(url: str, *, start_empty: bool) -> Iterator[Connection]:
    """Yield a connection to write a new version of the database in one piece.

    ``start_empty`` builds from nothing (the demo); otherwise the new version
    starts as a copy of the live one (a load adds to what is there). Nothing is
    visible to readers until the block finishes without an exception.
    """
    path = duckdb_file(url)
    if path is None:
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # one writer at a time, until this commits
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
                if start_empty:
                    metadata.drop_all(conn)
                metadata.create_all(conn)
                yield conn
        finally:
            engine.dispose()
        return

    path.parent.mkdir(parents=True, exist_ok=True)
    # One writer at a time: two loads that each copied the live file would each swap in a
    # copy without the other's rows. The lock is released when the file closes, even if
    # the process is killed.
    with path.with_name(f"{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        building = path.with_name(f"{path.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        if not start_empty and path.exists():
            shutil.copyfile(path, building)
        engine = create_engine(f"duckdb:///{building}", connect_args={"config": {"memory_limit": BUILD_MEMORY_LIMIT}})
        try:
            with engine.connect() as conn:
                metadata.create_all(conn)
                conn.info["building_copy"] = True
                yield conn
                conn.commit()
            engine.dispose()
            os.replace(building, path)
        except BaseException:
            engine.dispose()
            _remove_database_file(building)
            raise


def checkpoint(conn: Connection) -> None:
    """Commit what is written so far when ``conn`` writes a copy nobody reads yet (DuckDB).

    DuckDB keeps a transaction's new rows in memory until it commits; committing the
    copy being built bounds memory on a large load and changes nothing a reader sees,
    since the copy is swapped in only at the end. On PostgreSQL the load stays one
    transaction, and this does nothing.
    """
    if conn.info.get("building_copy"):
        conn.commit()


def add_missing_columns(conn: Connection) -> list[str]:
    """Add columns the schema has gained since the database was built (all nullable).

    Returns the ``table.column`` names added, so a load into an older database works.
    """
    rows = conn.exec_driver_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema()").all()
    present_by_table: dict[str, set[str]] = {}
    for table_name, column_name in rows:
        present_by_table.setdefault(table_name, set()).add(column_name)
    added = []
    for table in metadata.sorted_tables:
        present = present_by_table.get(table.name)
        if present is None:
            continue
        for column in table.columns:
            if column.name not in present and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
                added.append(f"{table.name}.{column.name}")
    return added


def _remove_database_file(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> int:
    """Bulk-insert ``frame`` (columns named as the table's) inside the caller's transaction."""
    if frame.empty:
        return 0
    columns = [c for c in frame.columns if c in table.c]
    frame = frame[columns]
    raw = conn.connection.driver_connection
    column_list = ", ".join(columns)
    if conn.dialect.name == "duckdb":
        raw.register("frame_to_insert", frame)
        try:
            raw.execute(
                f"INSERT INTO {table.name} ({column_list}) SELECT {column_list} FROM frame_to_insert"
            )
        finally:
            raw.unregister("frame_to_insert")
    elif conn.dialect.name == "postgresql":
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({column_list}) FROM STDIN") as copy:
                for row in frame.itertuples(index=False, name=None):
                    copy.write_row([_plain(value) for value in row])
    else:
        conn.execute(table.insert(), [
            {k: _plain(v) for k, v in record.items()} for record in frame.to_dict("records")
        ])
    return len(frame)


def _plain(value: object) -> object:
    """pandas missing values and numpy scalars as the database driver expects them."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
