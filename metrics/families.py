"""Views that sum one another, and what comparing them could give away.

A viewer opens a table in one financial year or over all years (``metrics.periods``), under
one value of a filter such as sex, or under none. Each such view is one row of a larger
table, its *family*: the table in each year and over all years, under each of the filter's
values and under none. Each cell's years sum to its all-years count, and its values of the
filter to its count under none. Records with no value, or a value no viewer can choose
(police.uk's "Other" gender), are in those sums but in no view: they are *unseen*.

Without care a small count could be worked out from the other rows (all years less the
other years; all sexes less boys), and so could a partner a view hides beside a small cell
(girls' Asian, hidden beside girls' "<5" Other, is all sexes' Asian less boys').

``exposed_in_view`` decides, for every view of a family at once, which cells to hide
(``metrics.disclosure.protect_views``), one family per filter the table's counts are split
by (years alone when they are split by none), and flags the cells of the view asked for that
any of its families hides. Every view of a family makes the same decision for it, so each
view hides at least what each of its families needs; hiding more gives nothing away. Each
member view starts from its small counts and those a neighbouring view gives away
(``metrics.neighbours``: wider ages, fewer areas, a set filter relaxed).

Each view's total is shown by another page (the same counts without their cells), whose own
family decides it: that decision is made again inside the table's family, from the same
counts, and the table then keeps the totals it hides from being added up from its cells.

Families of more than ``JOINT_CAP`` non-zero counts or ``JOINT_HIDDEN_CAP`` unknowns, and
tables of two or more dimensions (heatmaps, maps, cross-tables), are decided cell by cell
instead (``_cell_decisions``): no count is given away by its other years or values and their
sums, but neither a partner hidden beside it in its own table nor a total another page hides
is protected across the family (see the README's limits).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from metrics.disclosure import known_lines, primary, protect_line, protect_views
from metrics.periods import ALL_YEARS, YEAR, Period, in_period

# Families with up to this many non-zero counts (cells by years and all years by values and
# none) are decided at once; larger ones cell by cell. The programme grows with the hidden
# cells: a 14-cell cross-table over seven years took 14 s at once.
JOINT_CAP = 300
# ... and up to this many unknowns (counts to hide before the secondary rule, and unseen ones):
# each round of the programme hides a few more. On the demo, the busiest family a page reads
# (stop and search outcomes for Mixed girls) has about 90 and takes 1.6 s.
JOINT_HIDDEN_CAP = 150
# How a missing value reads as a key: NaN never equals itself, so it could not be matched.
MISSING = "\u2205 not recorded"


def exposed_in_view(split: pd.DataFrame, nearby: Sequence[pd.DataFrame], *, dims: Sequence[str], period: Period,
                    threshold: int, chosen: Mapping[str, object] | None = None,
                    choices: Mapping[str, Collection | None] | None = None, value: str = "value") -> pd.Series:
    """For each row of the view asked for: True where the cell must be hidden because of what
    the other views of its families give away.

    ``split`` holds counts by ``dims``, ``financial_year`` and each column of ``chosen`` (the
    values of a filter, such as sex, NA where not recorded), under the view's other filters;
    ``nearby`` the same under each neighbouring filter (ages, areas). ``chosen`` maps each of
    those columns to the view's value, or None for all; ``choices`` to the values a viewer can
    choose (None: any recorded value). ``period`` is one financial year or ALL_YEARS.

    The view asked for is ``view_of(split, ...)``; the result is aligned on its rows. A small
    count the page's own primary rule hides is flagged only where it must read "hidden" rather
    than "<5"; a view's total, decided in the same families as the table, is protected with it.
    """
    chosen, choices, dims = dict(chosen or {}), dict(choices or {}), list(dims)
    base = [d for d in dims if d != YEAR]
    view = view_of(split, dims=dims, period=period, chosen=chosen, value=value)
    if threshold <= 1 or view.empty or split.empty:
        return pd.Series(False, index=view.index)
    years = sorted(set(split[YEAR]).union(*(set(n[YEAR]) for n in nearby)))
    single = _single_year(period, years)
    if single is not None and single not in years:  # a year with no records: nothing to hide
        return pd.Series(False, index=view.index)
    cells = (_keyed(split, base)[base].drop_duplicates().reset_index(drop=True) if base
             else pd.DataFrame(index=[0]))
    place = _Placer(cells, base, years)
    flagged = np.zeros((len(years) + 1, len(cells)), dtype=bool)  # the view's rows: each year, then all years
    for column in list(chosen) or [None]:
        values = _values([split, *nearby], column, chosen[column]) if column else []
        unseen = np.array([v is MISSING or (choices.get(column) is not None and v not in choices[column])
                           for v in values] + [False])
        counts, exposed, totals_exposed = _family(split, nearby, column, values, chosen, place, value, threshold)
        flags = _decide(counts, exposed, unseen, cells, base, threshold, totals_exposed)
        flagged |= flags[values.index(chosen[column]) if column and chosen[column] is not None else -1]

    cell_of = {key: c for c, key in enumerate(_keys(cells, base))}
    row_of = {year: r for r, year in enumerate(years)}
    at = [cell_of[key] for key in _keys(_keyed(view, base), base)] if base else [0] * len(view)
    if YEAR in dims:  # each row is one year of one cell
        rows = [row_of[year] for year in view[YEAR]]
    else:
        rows = [len(years) if single is None else row_of[single]] * len(view)
    return pd.Series(flagged[rows, at], index=view.index) & (view[value] > 0)


def view_of(split: pd.DataFrame, *, dims: Sequence[str], period: Period, chosen: Mapping[str, object] | None = None,
            value: str = "value", counts: Sequence[str] | None = None) -> pd.DataFrame:
    """The view ``chosen`` picks out of ``split`` (its columns holding the chosen values; None:
    any) in ``period``: ``counts`` (``value`` alone unless given) by ``dims``, ordered by them."""
    dims, counts = list(dims), list(counts or [value])
    keys = [*(d for d in dims if d != YEAR), YEAR]
    return in_period(_member(split, dict(chosen or {}), keys, counts), dims=dims, period=period, counts=counts)


def _member(table: pd.DataFrame, choice: Mapping[str, object], keys: list[str], counts: list[str]) -> pd.DataFrame:
    """``counts`` by ``keys`` of the rows whose columns hold ``choice``'s set values (None: any)."""
    rows = _member_rows(table, choice)
    return rows.groupby(keys, dropna=False)[counts].sum().reset_index()


def _values(tables: Sequence[pd.DataFrame], column: str, wanted: object) -> list:
    """The values ``column`` holds in any of ``tables``, and ``wanted`` (a view of a value with
    no records is a view of zeros), MISSING for NA, in a fixed order."""
    present = pd.concat([table[column] for table in tables], ignore_index=True)
    values = sorted(set(present.dropna().unique().tolist()) | ({wanted} - {None, MISSING}), key=str)
    return values + [MISSING] if present.isna().any() or wanted is MISSING else values


def _single_year(period: Period, years: list[str]) -> str | None:
    """The one year ``period`` covers, or None for all years; any other span is refused."""
    inside = [y for y in years if period.covers(y)]
    if period == ALL_YEARS or inside == years:
        return None
    if period.first is not None and period.first == period.last:
        return period.first
    raise ValueError(f"{period} is neither one financial year nor all years: viewers' views are one or the other")


def _keyed(table: pd.DataFrame, base: Sequence[str]) -> pd.DataFrame:
    """``table`` with missing values in ``base`` as MISSING, so that they match between views."""
    if not base:
        return table
    return table.assign(**{d: table[d].astype(object).where(table[d].notna(), MISSING) for d in base})


def _keys(table: pd.DataFrame, base: Sequence[str]) -> list[tuple]:
    return [tuple(row) for row in table[list(base)].itertuples(index=False)]


class _Placer:
    """Where a table's rows go in a family's arrays: the cell (by ``base``; -1 for a cell the
    family's own table lacks) and the row (each year, then all years)."""

    def __init__(self, cells: pd.DataFrame, base: list[str], years: list[str]):
        self.base, self.years = base, years
        self.cell_of = {key: c for c, key in enumerate(_keys(cells, base))} if base else {}
        self.row_of = {year: r for r, year in enumerate(years)}
        self.width = len(cells)

    def cube(self, table: pd.DataFrame, column: str | None, values: list, fixed: Mapping[str, object],
             value: str) -> tuple[np.ndarray, np.ndarray]:
        """Counts of ``table`` narrowed to ``fixed`` (None: any) as members (each of ``column``'s
        ``values``, then all) by rows by cells, and each member's row totals (cells the family
        lacks included: a neighbour's total counts them)."""
        rows = _member_rows(table, fixed)
        members, height = len(values) + 1, len(self.years) + 1
        counts, totals = np.zeros((members, height, self.width), dtype=np.int64), np.zeros((members, height), np.int64)
        if len(rows):
            m = (np.full(len(rows), 0) if column is None else
                 np.array([values.index(MISSING if pd.isna(v) else v) for v in rows[column]]))
            r = rows[YEAR].map(self.row_of).to_numpy()
            c = (np.array([self.cell_of.get(key, -1) for key in _keys(_keyed(rows, self.base), self.base)])
                 if self.base else np.zeros(len(rows), dtype=int))
            amount = rows[value].to_numpy(dtype=np.int64)
            np.add.at(totals, (m, r), amount)
            inside = c >= 0
            np.add.at(counts, (m[inside], r[inside], c[inside]), amount[inside])
        if column is not None:  # the last member is all values
            counts[-1], totals[-1] = counts[:-1].sum(axis=0), totals[:-1].sum(axis=0)
        counts[:, -1], totals[:, -1] = counts[:, :-1].sum(axis=1), totals[:, :-1].sum(axis=1)
        return counts, totals


def _member_rows(table: pd.DataFrame, choice: Mapping[str, object]) -> pd.DataFrame:
    rows = table
    for column, wanted in choice.items():
        if wanted is not None:
            rows = rows[rows[column].isna()] if wanted is MISSING else rows[rows[column] == wanted]
    return rows


def _family(split, nearby, column, values, chosen, place, value, threshold) -> tuple[np.ndarray, ...]:
    """Each member view's counts, and where a neighbouring view gives them away, as arrays of
    members (each of ``column``'s values, then all) by rows (each year, then all years) by cells.

    A member's neighbours, as ``metrics.neighbours.exposed_cells`` compares them row by row: the
    ``nearby`` tables narrowed to the same values, and each of its set values relaxed to all
    (for ``column``, the last member). A cell is given away when its counts differ by a small
    number, and every cell of a row whose totals do. Also returns, for each member and row,
    whether its total is given away so (members by rows)."""
    fixed = {k: v for k, v in chosen.items() if k != column}
    counts, totals = place.cube(split, column, values, fixed, value)
    others = [place.cube(table, column, values, fixed, value) for table in nearby]
    others += [place.cube(split, column, values, {**fixed, relaxed: None}, value)
               for relaxed, v in fixed.items() if v is not None]
    if column is not None:
        others.append((np.broadcast_to(counts[-1:], counts.shape), np.broadcast_to(totals[-1:], totals.shape)))

    def small(difference: np.ndarray) -> np.ndarray:
        return (np.abs(difference) >= 1) & (np.abs(difference) < threshold)

    exposed, totals_exposed = np.zeros(counts.shape, dtype=bool), np.zeros(totals.shape, dtype=bool)
    for their_counts, their_totals in others:
        totals_exposed |= small(totals - their_totals)
        exposed |= small(counts - their_counts)
    exposed |= totals_exposed[:, :, None]
    return counts, exposed & (counts > 0), totals_exposed & (totals > 0)


def _must_hide(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, threshold: int) -> np.ndarray:
    """Members by rows by cells: the counts to hide before the secondary rule (small ones, and
    those a neighbouring view gives away), and the small ones no view shows."""
    small = primary(counts, threshold)
    seen = ~unseen[:, None, None]
    return np.where(seen, small | (exposed & (counts > 0)), small)


def _decide(counts, exposed, unseen, cells, base, threshold, totals_exposed) -> np.ndarray:
    """Which counts of the family to flag: at once where the family is small enough, else cell by cell."""
    unknowns = _must_hide(counts, exposed, unseen, threshold) | (unseen[:, None, None] & (counts > 0))
    joint = (len(base) <= 1 and np.count_nonzero(counts) <= JOINT_CAP
             and np.count_nonzero(unknowns) <= JOINT_HIDDEN_CAP)
    if not joint:
        return _cell_decisions(counts, exposed, unseen, cells, base, threshold)
    return _joint_decisions(counts, exposed, unseen, cells, base, threshold, totals_exposed)


def _joint_decisions(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, cells: pd.DataFrame,
                     base: list[str], threshold: int, totals_exposed: np.ndarray) -> np.ndarray:
    """Which counts of the family to flag, deciding for all its views at once
    (``metrics.disclosure.protect_views``): each view's cells sum to its total (one more cell,
    kept: shown or hidden as its own family decides), each cell's years sum to its all-years
    count, and each cell's values (the last member is "all") to its count under none. So a
    partner a view hides beside a small cell is protected too."""
    members, rows, width = counts.shape
    if not _must_hide(counts, exposed, unseen, threshold).any():
        return np.zeros(counts.shape, dtype=bool)
    totals = counts.sum(axis=2, keepdims=True)
    if width > 1:
        # Each view's total is one more cell. Another page shows it, as the same counts' family
        # decides without their cells: decided here the same way, and kept whatever this
        # family decides (it hides no total, and checks none it hides is pinned by the cells).
        total_flags = _decide(totals, totals_exposed[:, :, None], unseen, pd.DataFrame(index=[0]), [], threshold,
                              totals_exposed)
        counts = np.concatenate([counts, totals], axis=2)
        exposed = np.concatenate([exposed, total_flags], axis=2)
    full = counts.shape[2]

    def at(m, r, c=0):  # the flat index of member m's row r, cell c
        return (m * rows + r) * full + c

    # A view's own lines beyond its total (two or more dimensions); its total is a sum below.
    own = [line for line in (known_lines(cells, base) if base else []) if len(line) < width]
    lines = [line + at(m, r) for m in range(members) if not unseen[m] for r in range(rows) for line in own]
    sums = [(np.array([at(m, r, c) for c in range(width)]), at(m, r, width))
            for m in range(members) for r in range(rows)] if width > 1 else []
    sums += [(np.array([at(m, r, c) for r in range(rows - 1)]), at(m, rows - 1, c))
             for m in range(members) for c in range(full)]
    if members > 1:
        sums += [(np.array([at(m, r, c) for m in range(members - 1)]), at(members - 1, r, c))
                 for r in range(rows) for c in range(full)]
    flat = counts.reshape(-1)
    must = primary(flat, threshold) | (exposed.reshape(-1) & (flat > 0))
    kept = np.zeros(counts.shape, dtype=bool)
    if width > 1:
        kept[:, :, width] = True
    reads_hidden = np.zeros(counts.shape, dtype=bool)
    if width > 1:
        reads_hidden[:, :, width] = exposed[:, :, width]
    hidden, relabelled = protect_views(flat, must, lines=_distinct(lines), sums=sums, threshold=threshold,
                                       unseen=np.repeat(unseen, rows * full), kept=kept.reshape(-1),
                                       reads_hidden=reads_hidden.reshape(-1))
    # A "<5" the page's own primary rule hides needs no flag, unless it must read "hidden".
    return (hidden & (~primary(flat, threshold) | relabelled)).reshape(counts.shape)[:, :, :width]


def _cell_decisions(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, cells: pd.DataFrame,
                    base: list[str], threshold: int) -> np.ndarray:
    """Which counts of the family to flag, cell by cell: for families too large for
    ``_joint_decisions``. Each cell's counts form a grid of members by rows whose lines sum to
    its last member ("all") and its last row (all years); ``metrics.disclosure.protect_line``
    runs over each line until none changes, and a line whose total would give it away has
    that total withheld (read "hidden", even when small). A partner a view hides beside a
    small cell is not protected across the family here, nor a view's total that its own family
    hides on another page (see the README's limits)."""
    must = _must_hide(counts, exposed, unseen, threshold)
    flags = np.zeros(counts.shape, dtype=bool)
    members, rows, _ = counts.shape
    lines = [((m, slice(None)), np.repeat(unseen[m], rows)) for m in range(members)]
    lines += [((slice(None), r), unseen) for r in range(rows)] if members > 1 else []
    for c in np.flatnonzero(must.any(axis=(0, 1))):
        grid = counts[:, :, c]
        hidden, withheld = must[:, :, c] & (grid > 0), np.zeros(grid.shape, dtype=bool)
        while True:
            before = hidden.copy()
            for where, unseen_in_line in lines:  # basic indexing: hidden[where] is a view
                if not hidden[where][:-1].any():
                    continue
                now, total_safe = protect_line(grid[where][:-1], hidden[where][:-1], threshold,
                                               unseen=unseen_in_line[:-1])
                hidden[where][:-1] |= now
                if not total_safe:
                    hidden[where][-1] = withheld[where][-1] = True
            if np.array_equal(before, hidden):
                break
        flags[:, :, c] = ~unseen[:, None] & ((hidden & ~primary(grid, threshold)) | withheld)
    return flags


def _distinct(lines: list[np.ndarray]) -> list[np.ndarray]:
    seen, found = set(), []
    for line in lines:
        key = tuple(sorted(line.tolist()))
        if key not in seen:
            seen.add(key)
            found.append(line)
    return found
