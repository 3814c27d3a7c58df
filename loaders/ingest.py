"""``ingest``: load files into the database in one atomic swap, accounting for every row.

For each file: read = loaded + duplicates + rejected, always. Rejected rows go, with
file, line, column and reason, to a CSV under ``VVE_DATA_DIR/loads/`` and to the
``rejects`` table; each load gets a ``sources`` row (SHA-256, counts, real or
synthetic, private or public). Every file is read once before the database is
touched, so a file that cannot be read at all changes nothing. The same file
loaded again (same SHA-256, same loader) adds nothing: its rows count as duplicates.

Real data is never mixed with the synthetic demonstration: a load into a database
holding the demo is refused, unless ``replace_demo`` removes the demo's rows in
the same swap.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, func, select, true

import config
from loaders.base import Context, Loader, Opened
from loaders.errors import DemoDataPresent
from loaders.reading import render_rows
from storage import schema
from storage.engine import add_missing_columns, checkpoint, insert_frame, replacing_database


@dataclass
class LoadSummary:
    """What one file's load did: read = loaded + duplicates + rejected, and what it replaced."""
    source: str
    file: str
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    replaced: int = 0
    rejects_file: str | None = None
    source_id: int | None = None
    data_from: str | None = None
    data_to: str | None = None
    note: str = ""
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.read == self.loaded + self.duplicates + self.rejected

    def sentence(self) -> str:
        text = (f"{self.file}: read {self.read:,} rows: {self.loaded:,} loaded, {self.duplicates:,} "
                f"duplicates, {self.rejected:,} rejected")
        if self.replaced:
            text += f"; replaced {self.replaced:,} rows of earlier loads"
        text += "."
        if self.rejects_file:
            text += f" Rejects: {self.rejects_file}."
        return f"{text} {self.note}".strip()

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Progress:
    """How far a load has come, for a progress bar: rows so far, fraction of the file, rows/s."""
    file: str
    rows: int
    fraction: float
    rows_per_second: float


ProgressFn = Callable[[Progress], None]


def ingest(loader: Loader, paths: list[Path], *, url: str | None = None, replace_demo: bool = False,
           progress: ProgressFn | None = None, loads_dir: Path | None = None) -> list[LoadSummary]:
    """Load ``paths`` with ``loader`` into the database at ``url`` in one atomic swap.

    Raises ``UnreadableFile`` (before anything changes) for a file the loader cannot
    read, and ``DemoDataPresent`` when the database holds the synthetic demo and
    ``replace_demo`` is not set.
    """
    url = url or config.database_url()
    loads_dir = loads_dir or config.data_dir() / "loads"
    opened = [loader.open(Path(p)) for p in paths]
    loads_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    partial_files: list[Path] = []
    try:
        with replacing_database(url, start_empty=False) as conn:
            add_missing_columns(conn)
            demo_note = _demo_policy(conn, replace_demo=replace_demo)
            summaries = []
            for index, item in enumerate(opened):
                rejects_path = loads_dir / f"{stamp}-{loader.name}-{index + 1}-{item.path.stem}-rejects.csv"
                partial_files.append(rejects_path)
                summaries.append(_load_file(conn, loader, item, rejects_path=rejects_path, progress=progress))
            if demo_note and summaries:
                summaries[0].note = f"{demo_note} {summaries[0].note}".strip()
    except BaseException:
        for path in partial_files:
            path.unlink(missing_ok=True)
        raise
    for index, summary in enumerate(summaries):
        summary_path = loads_dir / f"{stamp}-{loader.name}-{index + 1}-{Path(summary.file).stem}-summary.json"
        summary_path.write_text(json.dumps(summary.as_dict(), indent=2, default=str))
    return summaries


def _demo_policy(conn: Connection, *, replace_demo: bool) -> str:
    synthetic = conn.execute(select(schema.sources.c.source_id).where(
        schema.sources.c.is_synthetic == true())).scalars().all()
    if not synthetic:
        return ""
    if not replace_demo:
        raise DemoDataPresent(
            "The database holds the synthetic demonstration data and real data must not be mixed "
            "with it: load again with --replace-demo (on the Data page: 'Replace the demonstration "
            "data') to remove the demo in the same load")
    removed = 0
    for table in schema.metadata.sorted_tables:
        if "source_id" in table.c and table is not schema.sources:
            removed += conn.execute(select(func.count()).select_from(table)
                                    .where(table.c.source_id.in_(synthetic))).scalar_one()
            conn.execute(table.delete().where(table.c.source_id.in_(synthetic)))
    conn.execute(schema.sources.delete().where(schema.sources.c.source_id.in_(synthetic)))
    return f"Removed the synthetic demonstration data ({removed:,} rows)."


def _load_file(conn: Connection, loader: Loader, opened: Opened, *, rejects_path: Path,
               progress: ProgressFn | None) -> LoadSummary:
    started = time.monotonic()
    summary = LoadSummary(source=loader.name, file=opened.path.name)
    earlier = conn.execute(select(schema.sources.c.source_id, schema.sources.c.loaded_at).where(
        schema.sources.c.name == loader.name, schema.sources.c.sha256 == opened.facts.sha256)).first()
    if earlier is not None:
        summary.read = summary.duplicates = sum(c.records for c in loader.chunks(opened))
        summary.note = (f"The same file was loaded as source {earlier.source_id} on "
                        f"{earlier.loaded_at:%d %B %Y %H:%M} UTC; nothing was added.")
        return summary

    source_id = int(conn.execute(select(func.coalesce(func.max(schema.sources.c.source_id), 0))).scalar_one()) + 1
    ctx = Context(conn=conn, source_id=source_id, opened=opened, options=loader.options)
    strategy = loader.strategy()
    first_day = last_day = None
    with rejects_path.open("w", newline="", encoding="utf-8") as handle:
        rejects_csv = csv.writer(handle)
        rejects_csv.writerow(["file", "line", "column", "reason", "raw"])
        for chunk in loader.chunks(opened):
            rows, rejects = loader.prepare(chunk.frame, ctx)
            rows = rows.assign(source_id=source_id)
            written = strategy.write(conn, rows, source_id=source_id)
            rejects = pd.concat([r for r in (rejects, written.rejects) if not r.empty] or [rejects])
            rejected = _keep_rejects(conn, rejects_csv, chunk, rejects, opened=opened, source_id=source_id)
            summary.read += chunk.records
            summary.loaded += written.loaded_lines
            summary.duplicates += written.duplicate_lines
            summary.rejected += rejected
            summary.replaced += written.replaced
            checkpoint(conn)
            start, end = loader.coverage(rows)
            first_day = min(filter(None, (first_day, start)), default=None)
            last_day = max(filter(None, (last_day, end)), default=None)
            if progress:
                elapsed = max(time.monotonic() - started, 1e-6)
                progress(Progress(opened.path.name, summary.read,
                                  min(chunk.bytes_read / max(opened.facts.size, 1), 1.0),
                                  summary.read / elapsed))
    if summary.rejected:
        summary.rejects_file = str(rejects_path)
    else:
        rejects_path.unlink()
    summary.source_id = source_id
    summary.data_from, summary.data_to = (str(d) if d else None for d in (first_day, last_day))
    summary.seconds = round(time.monotonic() - started, 3)
    if not summary.reconciles:  # a bug, never a data problem: refuse to commit it
        raise AssertionError(f"{opened.path.name}: the row counts do not reconcile: {summary}")
    conn.execute(schema.sources.insert().values(
        source_id=source_id, name=loader.name, is_synthetic=False, is_private=loader.is_private,
        file_name=opened.path.name, sha256=opened.facts.sha256, rows_read=summary.read,
        rows_loaded=summary.loaded, rows_duplicate=summary.duplicates, rows_rejected=summary.rejected,
        rows_replaced=summary.replaced, data_from=first_day, data_to=last_day,
        loaded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        note=f"Loaded with python -m loaders ingest {loader.name}. {summary.note}".strip(),
    ))
    return summary


def _keep_rejects(conn: Connection, writer, chunk, rejects: pd.DataFrame, *, opened: Opened,
                  source_id: int) -> int:
    """Write this chunk's rejects (malformed records and failed rows) to the CSV and the table."""
    frame = rejects.copy()
    if not frame.empty:
        raw = chunk.frame.set_index("_line", drop=False)
        raw = raw[~raw.index.duplicated()]
        frame["raw"] = render_rows(raw.reindex(frame["_line"].tolist()))
    if chunk.malformed:
        frame = pd.concat([frame, pd.DataFrame(chunk.malformed)], ignore_index=True)
    if frame.empty:
        return 0
    frame = frame.sort_values("_line", kind="stable")
    frame["file_name"] = opened.path.name
    frame["source_id"] = source_id
    frame = frame.rename(columns={"_line": "line", "column": "column_name"})
    frame["line"] = frame["line"].astype(int)
    writer.writerows(frame[["file_name", "line", "column_name", "reason", "raw"]].itertuples(index=False, name=None))
    insert_frame(conn, schema.rejects, frame[["source_id", "file_name", "line", "column_name", "reason", "raw"]])
    return len(frame)
