"""What every loader is: a named reader of one kind of file into one table.

A loader says which headers it knows (``layouts``), turns a chunk of string
records into rows of its table plus rejects (``prepare``), and says how rows meet
what earlier loads hold (``strategy``: see ``loaders.writing``). The framework in
``loaders.ingest`` does the rest: reading, counting, rejects, sources, the swap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Table

from loaders.reading import FileFacts, Layout, RawChunk, choose_layout, csv_chunks, inspect_file, read_header

BOROUGH_NAME = "Tower Hamlets"
BOROUGH_CODE = "E09000030"


@dataclass
class Opened:
    """A file that passed the first read: its fingerprint, encoding and layout."""

    facts: FileFacts
    layout: Layout | None = None
    fields: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.facts.path


@dataclass
class Context:
    """What ``prepare`` may use besides the chunk: the open transaction and the options."""

    conn: Connection
    source_id: int
    opened: Opened
    options: dict
    cache: dict = field(default_factory=dict)


class Loader:
    """A named reader of one kind of file into one table (subclasses set the class attributes)."""
    name: str = ""
    expected: str = "a CSV file"
    table: Table
    layouts: list[Layout] = []
    is_private: bool = False
    chunk_rows: int = 20_000

    def __init__(self, options: dict | None = None) -> None:
        self.options = {k: v for k, v in (options or {}).items() if v is not None}

    @property
    def borough(self) -> str:
        return self.options.get("borough", BOROUGH_NAME)

    def open(self, path: Path) -> Opened:
        """First pass: fingerprint, encoding, header. Raises UnreadableFile / UnknownHeader."""
        facts = inspect_file(path, expected=self.expected)
        header = read_header(facts, expected=self.expected)
        layout, fields = choose_layout(self.layouts, header, path=path, expected=self.expected)
        return Opened(facts, layout, fields, header)

    def chunks(self, opened: Opened) -> Iterator[RawChunk]:
        """Second pass: the file's records in chunks, columns renamed to the layout's fields."""
        renames = {column: name for name, column in opened.fields.items()}
        for chunk in csv_chunks(opened.facts, chunk_rows=self.chunk_rows):
            chunk.frame = chunk.frame.rename(columns=renames)
            yield chunk

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Rows for ``table`` (with ``_line``) and rejects (``_line``, ``column``, ``reason``)."""
        raise NotImplementedError

    def strategy(self):
        raise NotImplementedError

    def coverage(self, rows: pd.DataFrame) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day the rows cover (for ``sources``); None for reference data."""
        if "month" not in rows or rows.empty:
            return None, None
        months = pd.to_datetime(rows["month"])
        return months.min().date(), (months.max() + pd.offsets.MonthEnd(0)).date()
