"""Viewers' dates: whole financial years, and what comparing them could give away.

A viewer's dates run from the start of one financial year to the end of another
(``period_of``). Every view of a cell is then a sum of whole years of one line: the cell's
count in each financial year, with its count over all years as the total. Without care one
small year could be worked out from the others (all years less every other year, or the
years to 2022-23 less the years to 2021-22).

``exposed_in_period`` runs the disclosure module's primary and secondary rules over each
cell's years (``metrics.disclosure.protect_line``): the same decision whichever view is
asked for. A view then shows the cell only when its years hold none of the cell's hidden
years, or all of them with a total that may be shown. Every view a viewer can open tells
them the shown years and, at most, the sum of the hidden ones, which the rules already
allow for: no chain of date views gives a hidden year away. Each year's count also carries
the neighbouring-filter flags (``metrics.neighbours``) for that year, so the decision is the
same from the neighbouring views too.

Day-level dates (an analyst's, or a window a page sets) are not a period: for those,
``metrics.neighbours`` compares the view with its date ends moved a month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from metrics.disclosure import EXPOSED, as_flags, primary, protect_line
from metrics.filters import Filters
from metrics.neighbours import exposed_cells
from metrics.trends import financial_year_days

YEAR = "financial_year"
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
    ``metrics.neighbours``) hold ``dims``, ``financial_year`` and ``value``. A cell is flagged
    when its count differs from a neighbouring view's by a small number (year by year, and
    over the period), or when the primary and secondary rules, run over the cell's counts in
    every year with its all-years count as the total, hide some of the period's years and not
    all of them (or all of them, where the total may not be shown).
    """
    dims = list(dims)
    base = [d for d in dims if d != YEAR]
    view = in_period(by_year, dims=dims, period=period, counts=[value])
    if threshold <= 1 or view.empty or by_year.empty:
        return pd.Series(False, index=view.index)
    years = sorted(set(by_year[YEAR]).union(*(set(n[YEAR]) for n in nearby)))
    every_year = _keyed(_by_year_exposed(by_year, nearby, base, value, threshold), base)
    cells = every_year[base].drop_duplicates() if base else pd.DataFrame(index=[0])
    hidden_years, unsafe_totals = _year_decisions(every_year, cells, base, years, value, threshold)

    keys = [tuple(row) for row in _keyed(view, base)[base].itertuples(index=False)] if base else [()] * len(view)
    if YEAR in dims:  # each row is one year of one cell
        flags = np.array([year in hidden_years.get(key, ()) for key, year in zip(keys, view[YEAR])], dtype=bool)
    else:
        inside = [y for y in years if period.covers(y)]
        flags = np.array([_partly_hidden(hidden_years.get(key, set()), inside, key in unsafe_totals)
                          for key in keys], dtype=bool)
        over_period = [in_period(n, dims=base, period=period, counts=[value]) for n in nearby]
        flags |= exposed_cells(view, over_period, dims=base, value=value, threshold=threshold).to_numpy()
    return pd.Series(flags, index=view.index) & (view[value] > 0)


def _partly_hidden(hidden: set, inside: list[str], total_unsafe: bool) -> bool:
    """Whether a view over the years ``inside`` would give one of a cell's ``hidden`` years away:
    it holds some of them and not all, or all of them where their sum may not be known."""
    held = hidden.intersection(inside)
    return bool(held) and (held != hidden or total_unsafe)


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


def _year_decisions(every_year: pd.DataFrame, cells: pd.DataFrame, base: list[str], years: list[str],
                    value: str, threshold: int) -> tuple[dict, set]:
    """Each cell's years the rules hide, and the cells whose all-years total would give a
    hidden year away."""
    grid = cells.merge(pd.DataFrame({YEAR: years}), how="cross").merge(every_year, on=[*base, YEAR], how="left")
    grid[value] = grid[value].fillna(0).astype(np.int64)
    grid[EXPOSED] = as_flags(grid[EXPOSED])
    counts = grid[value].to_numpy()
    grid["_must"] = primary(counts, threshold) | (grid[EXPOSED].to_numpy() & (counts > 0))
    hidden_years, unsafe_totals = {}, set()
    if not grid["_must"].any():
        return hidden_years, unsafe_totals  # nothing to hide in any year: the usual case
    if base:
        wanted = grid.groupby(base, sort=False)["_must"].transform("any")
        groups = grid[wanted].groupby(base, sort=False)
    else:
        groups = [((), grid)]
    for key, cell in groups:
        key = key if isinstance(key, tuple) else (key,)
        hidden, total_safe = protect_line(cell[value].to_numpy(), cell["_must"].to_numpy(), threshold)
        hidden_years[key] = set(cell[YEAR].to_numpy()[hidden])
        if not total_safe:
            unsafe_totals.add(key)
    return hidden_years, unsafe_totals


def _keyed(table: pd.DataFrame, base: Sequence[str]) -> pd.DataFrame:
    """``table`` with missing values in ``base`` as one marker: NaN never equals itself, so a
    missing area (say) could never be matched between years or views."""
    if not base:
        return table
    return table.assign(**{d: table[d].astype(object).where(table[d].notna(), MISSING) for d in base})
