"""Neighbouring views: the same table under filters a viewer can set one step away.

The secondary rule of ``metrics.disclosure`` protects a table against its own totals. A
viewer can also subtract the same cell under two filters that differ by one step (age
10-16 minus 10-13 gives 14-16; no sex filter minus Male gives Female; areas {A, B} minus
{A} gives B). ``metrics.families`` decides a view's counts with those of its neighbours,
and with every year's: a viewer's dates are one financial year or all years
(``metrics.periods``). Four views two steps apart (girls aged 10-16, all aged 10-16, girls,
everyone) give the people outside both filters: ``metrics.families`` compares those too.

A viewer selects at most ``AREA_CAP`` areas (one neighbour per area costs a query each): a
larger selection is refused here, for a selection of 11 less one of 10 would give that area
away unless each were compared.
"""

from __future__ import annotations

from dataclasses import replace

from metrics.filters import AGE_CHOICES, Filters

# A viewer selects at most this many areas: each is compared with the selection less it (a query each).
AREA_CAP = 10
# Filters relaxed to "all" when set: each is one neighbour.
RELAXED = ("sex", "ethnicity", "ethnicity_detail", "offence_group")


def contains(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether age range ``a`` contains ``b``."""
    (a_low, a_high), (b_low, b_high) = a, b
    a_high = float("inf") if a_high is None else a_high
    b_high = float("inf") if b_high is None else b_high
    return a_low <= b_low and b_high <= a_high


def neighbouring_filters(filters: Filters) -> list[Filters]:
    """Every view one step from ``filters`` whose table, subtracted from this one, could give
    a group's count away.

    - age: every other age choice whose range contains the chosen one, and no age filter (of two
      nested choices, the narrower is compared with the wider: hiding it is enough, and the
      wider, often the measure's own definition such as 1-24, stays shown);
    - sex, ethnicity, detailed ethnicity, offence group: each relaxed to "all" when set;
    - areas: the selection less each one of its areas, and no area filter (a selection of more
      than ``AREA_CAP`` areas is refused: ValueError).

    Dates are not moved: the views of every year are decided together (``metrics.families``).
    No filter set: no neighbours. The list holds no duplicates and not ``filters`` itself.
    """
    found: list[Filters] = []
    if filters.age_band:
        chosen = AGE_CHOICES[filters.age_band]
        found += [replace(filters, age_band=name) for name, span in AGE_CHOICES.items()
                  if name != filters.age_band and contains(span, chosen)]
        found.append(replace(filters, age_band=None))
    found += [replace(filters, **{name: None}) for name in RELAXED if getattr(filters, name)]
    if len(filters.areas) > AREA_CAP:
        raise ValueError(f"a viewer selects at most {AREA_CAP} areas, not {len(filters.areas)}")
    if filters.areas:
        found += [replace(filters, areas=tuple(a for a in filters.areas if a != left_out))
                  for left_out in filters.areas]
        found.append(replace(filters, areas=()))
    unique = []
    for candidate in found:
        if candidate != filters and candidate not in unique:
            unique.append(candidate)
    return unique
