"""Viewers' dates: one financial year or all years, and what comparing them could give away.

A viewer sees one financial year or all years (``view_period``). Every view of a table is
then one row of a larger table: the table in each year, and over all years, where each
cell's years sum to its all-years count. Without care a small count could be worked out
from the other rows (all years less every other year), and so could a partner a year's
table hides beside a small cell (its all-years count less its other years).

``exposed_in_period`` decides, for every year's view and the all-years view at once, which
cells to hide (``metrics.disclosure.protect_views``: each view's own lines are known, and
each cell's years sum to its all-years count), and flags the cells of the view asked for.
The decision is the same whichever view is asked for. Each year's count also carries the
neighbouring-filter flags (``metrics.neighbours``) for that year, and each all-years count
those of all years, so the decision is the same from the neighbouring views too.

Tables of two or more dimensions (heatmaps, maps, cross-tables) and large tables are
decided line by line instead (``metrics.disclosure.protect_line`` over each cell's years):
no year is given away by the other years and the all-years count, but a partner a year's
table hides is not protected across the years (see the README's limits).

Day-level dates and spans of several years (an analyst's, or a window a page sets) are not
a viewer's period: for those, ``metrics.neighbours`` compares the view with its date ends
moved a month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from metrics.disclosure import EXPOSED, known_lines, as_flags, primary, protect_line, protect_views
from metrics.filters import Filters
from metrics.neighbours import exposed_cells
from metrics.trends import financial_year_days

YEAR = "financial_year"
# Tables of one dimension (or none) with up to this many cells (cells times years and all
# years) are protected in all their views at once; larger tables, and tables of two or more
# dimensions (heatmaps, maps, cross-tables), line by line: the programme grows with the cells
# (a 14-cell cross-table over 7 years took 14 s at once).
JOINT_CAP = 300
MISSING = "\u2205 not recorded"


@dataclass(frozen=True)
class Period:
    """Whole financial years from ``first`` to ``last`` ('2021-22'); None: from the data's
    first year, or to its latest."""

    first: str | None = None
    last: str | None = None

    def covers(self, year: str) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


ALL_YEARS = Period()


def year_of(day: dt.date) -> str:
    """'2023-24' for any day from 1 April 2023 to 31 March 2024."""
    start = day.year - (1 if day.month < 4 else 0)
    return f"{start}-{(start + 1) % 100:02d}"


def years_between(first_day: dt.date | None, last_day: dt.date | None) -> list[str]:
    """Every financial year the data touches, oldest first."""
    if first_day is None or last_day is None:
        return []
    first, last = int(year_of(first_day)[:4]), int(year_of(last_day)[:4])
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(first, last + 1)]


def year_filters(filters: Filters, period: Period, *, first_day: dt.date | None,
                 last_day: dt.date | None) -> Filters:
    """``filters`` with its dates set to ``period``; an end on the data's edge reads None, as
    the sidebar and the URL write it."""
    start = financial_year_days(period.first)[0] if period.first else None
    end = financial_year_days(period.last)[1] if period.last else None
    return replace(filters, date_from=None if start is None or (first_day and start <= first_day) else start,
                   date_to=None if end is None or (last_day and end >= last_day) else end)


def period_of(filters: Filters, *, first_day: dt.date | None, last_day: dt.date | None) -> Period | None:
    """The whole financial years ``filters``' dates cover exactly, or None for any other span.
    The dates cover whole years when they run from a 1 April (or the data's first day) to a
    31 March (or the data's last day)."""
    if first_day is None or last_day is None:
        return ALL_YEARS if not (filters.date_from or filters.date_to) else None
    start = max(filters.date_from or first_day, first_day)
    end = min(filters.date_to or last_day, last_day)
    first, last = year_of(start), year_of(end)
    if start != max(financial_year_days(first)[0], first_day) or end != min(financial_year_days(last)[1], last_day):
        return None
    return Period(first=None if start <= first_day else first, last=None if end >= last_day else last)


def view_period(filters: Filters, *, first_day: dt.date | None, last_day: dt.date | None) -> Period | None:
    """``period_of`` where it is one financial year or all years, the views a viewer can open;
    None for any other span (several years, or days)."""
    period = period_of(filters, first_day=first_day, last_day=last_day)
    if period is None or period == ALL_YEARS:
        return period
    years = years_between(first_day, last_day)
    first, last = period.first or (years[0] if years else None), period.last or (years[-1] if years else None)
    return Period(first, last) if first == last else None


def in_period(by_year: pd.DataFrame, *, dims: Sequence[str], period: Period,
              counts: Sequence[str] = ("value",)) -> pd.DataFrame:
    """The view of ``period`` from counts by ``dims`` and financial year: its years summed
    (``dims`` holding the year keeps them apart). Ordered by ``dims``."""
    dims = list(dims)
    rows = by_year[[period.covers(y) for y in by_year[YEAR]]] if len(by_year) else by_year
    if not dims:
        return pd.DataFrame({c: [int(rows[c].sum())] for c in counts})
    summed = rows.groupby(dims, dropna=False, sort=True)[list(counts)].sum().reset_index()
    return summed.astype({c: int for c in counts})


def exposed_in_period(by_year: pd.DataFrame, nearby: Sequence[pd.DataFrame], *, dims: Sequence[str],
                      period: Period, threshold: int, value: str = "value") -> pd.Series:
    """For each row of ``in_period(by_year, dims=dims, period=period)``: True where the cell
    must be hidden because of what other views give away.

    ``by_year`` and each table in ``nearby`` (the same counts under each neighbouring filter,
    ``metrics.neighbours``) hold ``dims``, ``financial_year`` and ``value``; ``period`` is one
    financial year or ALL_YEARS. The cells to hide are decided for every year's view and the
    all-years view at once (``_joint_decisions``, or ``_year_decisions`` for large tables),
    starting from the small counts and those a neighbouring view of the same year (or of all
    years) gives away. A small count the page's own primary rule hides is flagged only where
    it must read "hidden" rather than "<5".
    """
    dims = list(dims)
    base = [d for d in dims if d != YEAR]
    view = in_period(by_year, dims=dims, period=period, counts=[value])
    if threshold <= 1 or view.empty or by_year.empty:
        return pd.Series(False, index=view.index)
    years = sorted(set(by_year[YEAR]).union(*(set(n[YEAR]) for n in nearby)))
    single = _single_year(period, years)
    every_year = _keyed(_by_year_exposed(by_year, nearby, base, value, threshold), base)
    cells = every_year[base].drop_duplicates().reset_index(drop=True) if base else pd.DataFrame(index=[0])
    all_years = in_period(by_year, dims=base, period=ALL_YEARS, counts=[value])
    all_exposed = exposed_cells(all_years, [in_period(n, dims=base, period=ALL_YEARS, counts=[value])
                                            for n in nearby], dims=base, value=value, threshold=threshold)
    all_years = _keyed(all_years.assign(**{EXPOSED: all_exposed.to_numpy()}), base)
    joint = len(base) <= 1 and len(cells) * (len(years) + 1) <= JOINT_CAP
    decide = _joint_decisions if joint else _year_decisions
    hidden_years, hidden_totals = decide(every_year, all_years, cells, base, years, value, threshold)

    keys = [tuple(row) for row in _keyed(view, base)[base].itertuples(index=False)] if base else [()] * len(view)
    if YEAR in dims:  # each row is one year of one cell
        flags = [year in hidden_years.get(key, ()) for key, year in zip(keys, view[YEAR])]
    elif single is None:  # all years: the cells whose all-years count is hidden
        flags = [key in hidden_totals for key in keys]
    else:
        flags = [single in hidden_years.get(key, ()) for key in keys]
    return pd.Series(np.asarray(flags, dtype=bool), index=view.index) & (view[value] > 0)


def _single_year(period: Period, years: list[str]) -> str | None:
    """The one year ``period`` covers, or None for all years; any other span is refused."""
    inside = [y for y in years if period.covers(y)]
    if period == ALL_YEARS or inside == years:
        return None
    if period.first is not None and period.first == period.last:
        return period.first
    raise ValueError(f"{period} is neither one financial year nor all years: viewers' views are one or the other")


def _by_year_exposed(by_year: pd.DataFrame, nearby: Sequence[pd.DataFrame], base: list[str], value: str,
                     threshold: int) -> pd.DataFrame:
    """Each cell's count in each year, flagged where a neighbouring view of the same year gives
    it away: ``metrics.neighbours.exposed_cells`` year by year (a cell whose counts differ by a
    small number, or every cell of a year whose totals do), in one merge per neighbour."""
    keys = [*base, YEAR]
    every_year = by_year.groupby(keys, dropna=False)[value].sum().reset_index()
    counts = every_year[value].to_numpy(dtype=np.int64)
    totals = every_year.groupby(YEAR)[value].sum()

    def small(difference) -> np.ndarray:
        difference = np.abs(np.asarray(difference, dtype=np.int64))
        return (difference >= 1) & (difference < threshold)

    flags = np.zeros(len(every_year), dtype=bool)
    for neighbour in nearby:
        other = neighbour.groupby(keys, dropna=False)[value].sum().rename("_neighbour").reset_index()
        matched = every_year[keys].merge(other, on=keys, how="left")["_neighbour"].fillna(0).to_numpy()
        flags |= small(counts - matched)
        their_totals = neighbour.groupby(YEAR)[value].sum().reindex(totals.index, fill_value=0)
        flags |= every_year[YEAR].isin(totals.index[small(totals - their_totals)]).to_numpy()
    return every_year.assign(**{EXPOSED: flags & (counts > 0)})


def _year_decisions(every_year: pd.DataFrame, all_years: pd.DataFrame, cells: pd.DataFrame, base: list[str],
                    years: list[str], value: str, threshold: int) -> tuple[dict, set]:
    """Each cell's years the rules hide, and the cells whose all-years count is hidden, line by
    line: for tables too large for ``_joint_decisions``. A year's view does not show the cell
    where its year is hidden; the all-years view where its total would give a hidden year away,
    or a neighbouring view of all years gives it away. Partners a year's table hides beside a
    small cell are not protected across years here (see the README's limits)."""
    grid = cells.merge(pd.DataFrame({YEAR: years}), how="cross").merge(every_year, on=[*base, YEAR], how="left")
    grid[value] = grid[value].fillna(0).astype(np.int64)
    grid[EXPOSED] = as_flags(grid[EXPOSED])
    counts = grid[value].to_numpy()
    grid["_must"] = primary(counts, threshold) | (grid[EXPOSED].to_numpy() & (counts > 0))
    hidden_years, unsafe_totals = {}, set()
    if not grid["_must"].any() and not as_flags(all_years[EXPOSED]).any():
        return hidden_years, unsafe_totals  # nothing to hide in any year: the usual case
    if base:
        wanted = grid.groupby(base, sort=False)["_must"].transform("any")
        groups = grid[wanted].groupby(base, sort=False)
    else:
        groups = [((), grid)]
    for key, cell in groups:
        key = key if isinstance(key, tuple) else (key,)
        counts = cell[value].to_numpy()
        hidden, total_safe = protect_line(counts, cell["_must"].to_numpy(), threshold)
        # A "<5" the page's own primary rule hides needs no flag (a flag would make it read "hidden").
        hidden_years[key] = set(cell[YEAR].to_numpy()[hidden & ~primary(counts, threshold)])
        if not total_safe:
            unsafe_totals.add(key)
    keys = [tuple(row) for row in all_years[base].itertuples(index=False)] if base else [()]
    unsafe_totals |= {key for key, flagged in zip(keys, as_flags(all_years[EXPOSED])) if flagged}
    return hidden_years, unsafe_totals


def _keyed(table: pd.DataFrame, base: Sequence[str]) -> pd.DataFrame:
    """``table`` with missing values in ``base`` as one marker: NaN never equals itself, so a
    missing area (say) could never be matched between years or views."""
    if not base:
        return table
    return table.assign(**{d: table[d].astype(object).where(table[d].notna(), MISSING) for d in base})


def _joint_decisions(every_year: pd.DataFrame, all_years: pd.DataFrame, cells: pd.DataFrame, base: list[str],
                     years: list[str], value: str, threshold: int) -> tuple[dict, set]:
    """Each cell's years the rules hide, and the cells whose all-years count is hidden, deciding
    for every year's view and the all-years view at once (``metrics.disclosure.protect_views``):
    each view's own lines are known, and each cell's years sum to its all-years count. So a
    partner a year's table hides beside a small cell is protected across the years too."""
    rows = [*years, None]  # None: the all-years view
    width = len(cells)
    grid = pd.concat([cells.assign(**{YEAR: row}) for row in years], ignore_index=True)
    grid = grid.merge(every_year, on=[*base, YEAR], how="left")
    totals = cells.merge(all_years, on=base, how="left") if base else all_years.reset_index(drop=True)
    counts = np.concatenate([grid[value].fillna(0).to_numpy(dtype=np.int64),
                             totals[value].fillna(0).to_numpy(dtype=np.int64)])
    exposed = np.concatenate([as_flags(grid[EXPOSED]), as_flags(totals[EXPOSED])])
    must = primary(counts, threshold) | (exposed & (counts > 0))
    if not must.any():
        return {}, set()
    own_lines = known_lines(cells, base) if base else []
    lines = [line + r * width for r in range(len(rows)) for line in own_lines]
    lines += [np.arange(r * width, (r + 1) * width) for r in range(len(rows)) if width > 1]
    sums = [(np.arange(len(years)) * width + c, len(years) * width + c) for c in range(width)]
    hidden, relabelled = protect_views(counts, must, lines=_distinct(lines), sums=sums, threshold=threshold)
    # A "<5" the page's own primary rule hides needs no flag, unless it must read "hidden".
    hidden &= ~primary(counts, threshold) | relabelled
    keys = [tuple(row) for row in cells[base].itertuples(index=False)] if base else [()]
    hidden_years = {}
    for r, year in enumerate(years):
        for c in np.flatnonzero(hidden[r * width:(r + 1) * width]):
            hidden_years.setdefault(keys[c], set()).add(year)
    return hidden_years, {keys[c] for c in np.flatnonzero(hidden[len(years) * width:])}


def _distinct(lines: list[np.ndarray]) -> list[np.ndarray]:
    seen, found = set(), []
    for line in lines:
        key = tuple(sorted(line.tolist()))
        if key not in seen:
            seen.add(key)
            found.append(line)
    return found
