"""Neighbouring views: the same table under filters a viewer can set one step away.

The secondary rule of ``metrics.disclosure`` protects a table against its own totals. A
viewer can also subtract the same cell under two filters that differ by one step (age
10-16 minus 10-13 gives 14-16; no sex filter minus Male gives Female; areas {A, B} minus
{A} gives B; a year minus the same year less its last month gives that month). A cell is
*exposed* when such a difference is a small number: it is then hidden like a primary cell.
Four views two steps apart (girls aged 10-16, all aged 10-16, girls, everyone) give the
people outside both filters: ``metrics.families`` compares those for a viewer's views.

A viewer selects at most ``AREA_CAP`` areas (one neighbour per area costs a query each): a
larger selection is refused here, for a selection of 11 less one of 10 would give that area
away unless each were compared. Limits: a date end is moved by one calendar month only, so
a difference over a longer or shorter step is not covered.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from metrics.filters import AGE_CHOICES, Filters

# A viewer selects at most this many areas: each is compared with the selection less it (a query each).
AREA_CAP = 10
# Filters relaxed to "all" when set: each is one neighbour.
RELAXED = ("sex", "ethnicity", "ethnicity_detail", "offence_group")


def _contains(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether age range ``a`` contains ``b``."""
    (a_low, a_high), (b_low, b_high) = a, b
    a_high = float("inf") if a_high is None else a_high
    b_high = float("inf") if b_high is None else b_high
    return a_low <= b_low and b_high <= a_high


def shift_month(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months; a month's last day stays a month's last day
    (31 March less one month is 28 February), any other day is clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    length = calendar.monthrange(year, month)[1]
    last = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, length if last else min(day.day, length))


def neighbouring_filters(filters: Filters, *, first_day: dt.date | None, last_day: dt.date | None) -> list[Filters]:
    """Every view one step from ``filters`` whose table, subtracted from this one, could give
    a group's count away.

    - age: every other age choice whose range contains the chosen one, and no age filter (of two
      nested choices, the narrower is compared with the wider: hiding it is enough, and the
      wider, often the measure's own definition such as 1-24, stays shown);
    - sex, ethnicity, detailed ethnicity, offence group: each relaxed to "all" when set;
    - areas: the selection less each one of its areas, and no area filter (a selection of more
      than ``AREA_CAP`` areas is refused: ValueError);
    - dates (an unset end is the data's first or last day): each set end moved one calendar
      month either way, kept within ``first_day``..``last_day``; an end on the data's edge reads None.

    No filter set but the full date range: no neighbours. The list holds no duplicates and
    not ``filters`` itself.
    """
    found: list[Filters] = []
    if filters.age_band:
        chosen = AGE_CHOICES[filters.age_band]
        found += [replace(filters, age_band=name) for name, span in AGE_CHOICES.items()
                  if name != filters.age_band and _contains(span, chosen)]
        found.append(replace(filters, age_band=None))
    found += [replace(filters, **{name: None}) for name in RELAXED if getattr(filters, name)]
    if len(filters.areas) > AREA_CAP:
        raise ValueError(f"a viewer selects at most {AREA_CAP} areas, not {len(filters.areas)}")
    if filters.areas:
        found += [replace(filters, areas=tuple(a for a in filters.areas if a != left_out))
                  for left_out in filters.areas]
        found.append(replace(filters, areas=()))
    found += _date_neighbours(filters, first_day=first_day, last_day=last_day)
    unique = []
    for candidate in found:
        if candidate != filters and candidate not in unique:
            unique.append(candidate)
    return unique


def _date_neighbours(filters: Filters, *, first_day, last_day) -> list[Filters]:
    start = filters.date_from if filters.date_from and filters.date_from != first_day else None
    end = filters.date_to if filters.date_to and filters.date_to != last_day else None
    lowest, highest = first_day or dt.date.min, last_day or dt.date.max

    def clipped(day: dt.date) -> dt.date:
        return min(max(day, lowest), highest)

    moves = []
    if start is not None:
        moves += [(clipped(shift_month(start, step)), filters.date_to) for step in (-1, 1)]
    if end is not None:
        moves += [(filters.date_from, clipped(shift_month(end, step))) for step in (-1, 1)]
    found = []
    for new_from, new_to in moves:
        new_from = None if new_from in (None, first_day) else new_from
        new_to = None if new_to in (None, last_day) else new_to
        if (new_from or lowest) <= (new_to or highest):
            found.append(replace(filters, date_from=new_from, date_to=new_to))
    return found


def exposed_cells(table: pd.DataFrame, neighbour_tables: Sequence[pd.DataFrame], *, dims: Sequence[str],
                  threshold: int, value: str = "value") -> pd.Series:
    """True for each row of ``table`` whose count a neighbouring table gives away.

    A non-zero cell is exposed when, for some neighbour, the difference between its count and
    the neighbour's count of the same cell (matched on ``dims``; a cell the neighbour lacks is
    0) is from 1 to ``threshold - 1``. When the tables' grand totals differ by 1 to
    ``threshold - 1``, every non-zero cell is exposed: the totals give the small group away.
    A zero cell is never exposed: its difference is the neighbour's own count, which the
    neighbour's primary rule hides when small. Unit: a flag per row, aligned on ``table``'s index.
    """
    counts = table[value].fillna(0).astype(np.int64)
    exposed = pd.Series(False, index=table.index)
    if threshold <= 1:
        return exposed
    dims = list(dims)

    def small(difference) -> np.ndarray:
        difference = np.abs(np.asarray(difference, dtype=np.int64))
        return (difference >= 1) & (difference < threshold)

    for neighbour in neighbour_tables:
        if small([counts.sum() - int(neighbour[value].fillna(0).sum())])[0]:
            return counts > 0
        if dims:
            other = neighbour.groupby(dims, dropna=False)[value].sum().rename("_neighbour").reset_index()
            matched = table[dims].merge(other, on=dims, how="left")["_neighbour"].fillna(0).to_numpy()
        else:
            matched = np.full(len(table), int(neighbour[value].fillna(0).sum()))
        exposed |= small(counts.to_numpy() - matched)
    return exposed & (counts > 0)
