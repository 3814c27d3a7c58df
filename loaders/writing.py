"""How a chunk of valid rows goes into its table: loaded, duplicate, or replacing.

Two ways, one for records and one for keyed values:

- ``ByPeriod``: record-level sources (police.uk, the partnership's incidents). The
  first time a load meets a period (a month, a month and force), it deletes the rows
  earlier loads hold for that period, and counts them as replaced: a republished
  month replaces the old one, never doubles it. Every row of the file is kept, even
  identical ones (two people searched together are two searches). A row whose ID an
  earlier load already holds, outside the periods replaced, is a duplicate.
- ``ByKey``: counts and reference data (knife crime counts, areas, schools, ...). A
  row whose key an earlier load holds with the same values is a duplicate; with other
  values it replaces the old row. A key repeated within one load is rejected, with the
  line that first had it, since one file cannot give two values for one thing.

Both count file lines (one line can become several rows, e.g. a wide month file):
a line is a duplicate only if all its rows are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Table, and_, bindparam, func, select

from storage.engine import insert_frame, read_frame

ID_BATCH = 5_000


@dataclass
class Written:
    """What writing one chunk did, in file lines: loaded, duplicate, rejected; and rows replaced."""
    loaded_lines: int = 0
    duplicate_lines: int = 0
    replaced: int = 0
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["_line", "column", "reason"]))


def _line_outcomes(rows: pd.DataFrame, duplicate: pd.Series) -> tuple[int, int]:
    all_duplicate = duplicate.groupby(rows["_line"]).all()
    return int((~all_duplicate).sum()), int(all_duplicate.sum())


class ByPeriod:
    """Record-level writes: replace earlier loads' periods, keep every row, skip IDs loaded before."""
    def __init__(self, table: Table, *, period: tuple[str, ...] = (), id_column: str | None = None) -> None:
        self.table = table
        self.period = period
        self.id_column = id_column
        self.seen: set[tuple] = set()

    def write(self, conn: Connection, rows: pd.DataFrame, *, source_id: int) -> Written:
        written = Written()
        if rows.empty:
            return written
        if self.period:
            for key in rows[list(self.period)].drop_duplicates().itertuples(index=False, name=None):
                if key in self.seen:
                    continue
                self.seen.add(key)
                where = and_(*(self.table.c[c] == v for c, v in zip(self.period, key)),
                             self.table.c.source_id != source_id)
                count = conn.execute(select(func.count()).select_from(self.table).where(where)).scalar_one()
                if count:
                    conn.execute(self.table.delete().where(where))
                    written.replaced += int(count)
        duplicate = pd.Series(False, index=rows.index)
        if self.id_column:
            duplicate = self._already_loaded(conn, rows[self.id_column], source_id=source_id)
        insert_frame(conn, self.table, rows.loc[~duplicate].drop(columns="_line"))
        written.loaded_lines, written.duplicate_lines = _line_outcomes(rows, duplicate)
        return written

    def _already_loaded(self, conn: Connection, ids: pd.Series, *, source_id: int) -> pd.Series:
        column = self.table.c[self.id_column]
        wanted = [i for i in ids.dropna().unique().tolist() if i != ""]
        found: set = set()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start:start + ID_BATCH]
            query = select(column).where(column.in_(batch), self.table.c.source_id != source_id).distinct()
            found.update(conn.execute(query).scalars())
        return ids.isin(found)


class ByKey:
    """Keyed values: replace an earlier value that changed, skip one that did not, reject repeats."""
    def __init__(self, table: Table, *, key: tuple[str, ...], values: tuple[str, ...], scope: str) -> None:
        self.table = table
        self.key = key
        self.values = values
        self.scope = scope
        self.first_line: dict[str, int] = {}

    def write(self, conn: Connection, rows: pd.DataFrame, *, source_id: int) -> Written:
        written = Written()
        if rows.empty:
            return written
        rows = self._reject_repeated_keys(rows, written)
        if rows.empty:
            return written
        existing = self._existing(conn, rows, source_id=source_id)
        key_text = _as_text(rows, self.key)
        old = None
        if not existing.empty:
            old = existing.set_index(_as_text(existing, self.key))
            old = old[~old.index.duplicated()]
        same = pd.Series(False, index=rows.index)
        changed = pd.Series(False, index=rows.index)
        if old is not None:
            held = key_text.isin(old.index)
            old_values = old.reindex(key_text[held])
            equal = pd.Series(True, index=rows.index[held])
            for column in self.values:
                equal &= _equal(rows.loc[held, column], old_values[column])
            same[held] = equal.to_numpy()
            changed[held] = ~equal.to_numpy()
        if changed.any():
            condition = and_(*(self.table.c[c] == bindparam(f"k_{c}") for c in self.key),
                             self.table.c.source_id != source_id)
            params = [{f"k_{c}": _plain(v) for c, v in zip(self.key, key)}
                      for key in rows.loc[changed, list(self.key)].itertuples(index=False, name=None)]
            conn.execute(self.table.delete().where(condition), params)
            written.replaced += len(params)
        insert_frame(conn, self.table, rows.loc[~same].drop(columns="_line"))
        written.loaded_lines, written.duplicate_lines = _line_outcomes(rows, same)
        return written

    def _reject_repeated_keys(self, rows: pd.DataFrame, written: Written) -> pd.DataFrame:
        keys = _as_text(rows, self.key).tolist()
        bad_lines: dict[int, int] = {}
        for key, line in zip(keys, rows["_line"].tolist()):
            first = self.first_line.setdefault(key, line)
            if first != line:
                bad_lines.setdefault(line, first)
        if not bad_lines:
            return rows
        written.rejects = pd.DataFrame({
            "_line": list(bad_lines),
            "column": None,
            "reason": [f"repeats what line {first} already gives ({', '.join(self.key)})"
                       for first in bad_lines.values()],
        })
        return rows[~rows["_line"].isin(bad_lines)]

    def _existing(self, conn: Connection, rows: pd.DataFrame, *, source_id: int) -> pd.DataFrame:
        columns = [self.table.c[c] for c in (*self.key, *self.values)]
        scope = self.table.c[self.scope]
        wanted = [_plain(v) for v in rows[self.scope].dropna().unique().tolist()]
        frames = []
        for start in range(0, len(wanted), ID_BATCH):
            query = select(*columns).where(scope.in_(wanted[start:start + ID_BATCH]),
                                           self.table.c.source_id != source_id)
            frames.append(read_frame(conn, query, [c.name for c in columns]))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _as_text(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Index:
    parts = [frame[c].astype(object).where(frame[c].notna(), "").astype(str).astype(object) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\x1f" + part
    return pd.Index(joined)


def _equal(new: pd.Series, old: pd.Series) -> pd.Series:
    new = new.reset_index(drop=True)
    old = old.reset_index(drop=True)
    both_missing = new.isna() & old.isna()
    numeric_new = pd.to_numeric(new, errors="coerce").astype("float64")
    numeric_old = pd.to_numeric(old, errors="coerce").astype("float64")
    # Float columns are 4-byte on DuckDB: a value read back differs from the file's text
    # in the 8th significant digit, which is not a change.
    close = (numeric_new - numeric_old).abs() <= 1e-7 * numeric_old.abs().clip(lower=1)
    text_same = new.astype(str) == old.astype(str)
    return (both_missing | close.fillna(False) | text_same).to_numpy()


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value

