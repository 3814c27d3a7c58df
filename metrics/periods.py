"""Viewers' dates: one financial year or all years.

A viewer sees one financial year or all years (``view_period``); an analyst any span of days.
Every view a viewer can open is then one row of a larger table, the table in each year and
over all years, where each cell's years sum to its all-years count: ``in_period`` reads a
view from counts split by year, and ``metrics.families`` decides what the views together
may show.

Day-level dates and spans of several years are an analyst's: a viewer's read of any other
span is refused where the data is read (``viewer_period``), whatever a page or link asks,
for such a view is not decided with the others and two of them, a month apart, could give
a small count away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from metrics.filters import Filters
from metrics.trends import financial_year_days

YEAR = "financial_year"


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


def viewer_period(filters: Filters, *, first_day: dt.date | None, last_day: dt.date | None) -> Period:
    """``view_period`` for a viewer's read: any other span is refused (ValueError)."""
    period = view_period(filters, first_day=first_day, last_day=last_day)
    if period is None:
        start, end = filters.date_from or first_day, filters.date_to or last_day
        raise ValueError(f"a viewer's counts cover one financial year (1 April to 31 March) or all years, not "
                         f"{start or 'the start'} to {end or 'the latest data'}: other dates are for analysts")
    return period


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
