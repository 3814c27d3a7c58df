"""Counts as a viewer may be shown them: each read with an ``exposed`` column, True where the
same table under a neighbouring filter, in another year or under another value of a filter
would give a small group away (``metrics.neighbours``, ``metrics.families``). The pages read
through here (``ui.data``, which caches), and so does ``python -m metrics``.

Not for showing as they are: ``metrics.disclosure.suppress`` hides the exposed cells and the
small ones, and protects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pandas as pd
from sqlalchemy import Connection

from metrics.families import Parts, exposed_in_view, view_of
from metrics.filters import AGE_CHOICES, ETHNIC_GROUPS, POLICE_UK_AGE_BANDS, SEXES, Filters, answered_span
from metrics.measures import DIMENSIONS, FILTER_KEYS, MEASURES, Measure, applicable_filters
from metrics.neighbours import neighbouring_filters
from metrics.periods import viewer_period
from storage import queries
from storage.equality_queries import POLICE_UK_AGE_RANGES as SEARCH_AGE_RANGES

# Counts of a sex alone are shown at every age choice (the Overview's trends under girls, under boys).
SHOWN_BY_AGE = (queries.split_column("sex"),)

# Filters whose values sum to "all" (metrics.families), with the values a viewer can choose
# (None: any the data records). Areas and ages are compared one step away instead
# (metrics.neighbours): a family of every area selection would be far too large.
PARTITIONS = {"sex": SEXES, "ethnicity": ETHNIC_GROUPS, "ethnicity_detail": None, "offence_group": None}
# The filters a table of two or more dimensions (a heatmap, a map) is split by: sex and ethnic
# group: each value's view, and the view under none, are then decided in one family. Read by
# year alone, each compared one step away, a group's count was everyone's less the other
# groups' (each view far from the others), and the records of a value no viewer can choose
# (police.uk's "Other" gender) every sex's less men's and women's: Priority 3's heatmaps gave
# an hour's 1 to 4 searches away, 80 of "Other" gender and 12 of one ethnic group, borough-wide.
# Detailed groups and offence groups are not split (read so, a repeat-locations table took 24 s;
# README's limits).
WIDE_PARTITIONS = ("sex", "ethnicity")
# Tables of two dimensions whose cells' age choices are decided too, each cell as one family
# (``metrics.families._age_sums``), as a table of one dimension's are: the heatmaps of searches
# and of harm by youth group, and the maps. Priority 1's heatmap of 17-24-year-olds at every
# age, less those at 18-20 and 21-24, gave an hour's victims aged 17 away (45 hours over all
# years, 72 in 2023-24, all violence borough-wide): each hour was compared one step away only.
CELLS_DECIDED = ("weekday_hour", "youth_weekday_hour", *(f"h3_{r}_area" for r in (7, 8, 9)))
# What ``with_wider_views`` reads again: a view's filters, or its table.
View = TypeVar("View")
# Subsets a page reads counts in (``storage.queries.SCOPES``) that a viewer can switch off: the
# same counts without one are a neighbouring view (all days beside term time).
RELAXED_SCOPES = ("term_time", "school_holidays", "near_school")
# The column a read split by area holds each record's area in (``read_nearby``).
AREA = queries.split_column("area")
# A filter whose values each lie inside one of another's: detailed ethnic groups inside ethnic
# groups (Asian is the sum of its detailed groups). The two are decided in one family.
NESTED = {"ethnicity_detail": "ethnicity"}
# Tables by single year of age or by the stored age bands: a viewer sees none. Each band is an
# age choice, whose count every page reads alike (by total or by year). A table of single ages
# was decided in families of its own beside those counts, and a reader of both could still work
# some small counts out (its count at 17 was the trend at 17's; each age choice's sum of ages
# was taken as known in the page's rule only).
BY_AGE = ("age", "age_band")


def count_by(conn: Connection, source: Measure, dimension: str, filters: Filters, scopes: tuple[str, ...],
             threshold: int, *, first_day, last_day) -> pd.DataFrame:
    """``source``'s counts by ``dimension`` under ``filters`` (which it must be able to
    answer: see ``applicable_filters``), with ``exposed``; none is exposed below a threshold of 2.
    For a viewer, ``filters``' dates are one financial year or all years: any other span is
    refused (ValueError, ``metrics.periods.viewer_period``).

    One query for the table and, for a viewer, one per neighbouring view: at most 6 for an age
    band within five wider choices (14-16: 10-16, 10-17, Under 18, 10-24, 1-24) and no age, 11
    for up to AREA_CAP areas, 4 for sex, ethnicity, detailed ethnicity and offence group (for a
    table of one dimension none: it reads their values at once, metrics.families), and 16 two
    steps away where an age band and areas are both set (``two_steps``; the wider ages are
    then read split by area too, ``read_nearby``): 38 queries at most, each split by
    financial year, a few ms each on the demo. The busiest page (Priority 3) makes 9 filtered
    reads: at most 342 queries under every filter at once; the equality page at most
    2 x 38 + 3 x 14 = 118. Under a scope a viewer can switch off (term time), and for a
    measure within others (knife injuries within serious youth violence), as many again for
    each: each view read without the scope, or as the wider measure (``with_wider_views``). A
    table of one dimension reads its counts at every age too, by year, single year of age and
    its dimension: one query more (``age_parts``). No table by age or age band (``BY_AGE``).
    """
    if threshold <= 1:
        return queries.count_by(conn, source, dimension, filters, scopes).assign(exposed=False)
    if dimension in BY_AGE:
        raise ValueError(f"counts by {dimension.replace('_', ' ')} are not shown to viewers: set an age band and "
                         "count by total or by financial year instead")
    period = viewer_period(filters, first_day=first_day, last_day=last_day)  # other spans: refused
    # One financial year, or all years: every year at once, and every value of each filter
    # whose values sum to all (sex...), so that each view is protected against the others
    # (metrics.families). The split query answers every value: the filters are lifted.
    unsplit, keys, chosen, choices, nested = family_reads(source, dimension, filters)
    split, tables, corners = _family_tables(conn, source, dimension, filters, scopes)
    dims = DIMENSIONS[dimension]
    # A table by one of the split filters (by sex): its cells are views of their own families.
    key = FILTER_KEYS.get(dimension)
    values_in = queries.split_column(key) if key in keys and dims == (key,) else None
    # Its totals' age choices, decided as one family, and its cells' (by month, by location
    # type, and the tables of two dimensions in ``CELLS_DECIDED``): a cell's count at one age
    # choice, less the others. The repeat locations by month and the cross-tables decide neither
    # (README's limits).
    base = tuple(d for d in dims if d != "financial_year")
    cells = (len(base) == 1 or dimension in CELLS_DECIDED) and values_in is None
    parts = (age_parts(conn, source, unsplit, scopes, keys, dimension=dimension if cells else "financial_year")
             if len(base) <= 1 or cells else None)
    table = view_of(split, dims=dims, period=period, chosen=chosen)
    exposed = exposed_in_view(split, tables, dims=dims, period=period, threshold=threshold, chosen=chosen,
                              choices=choices, nested=nested, corners=corners, values_in=values_in, parts=parts)
    table = table.assign(exposed=exposed.to_numpy())
    table.attrs.update(exposed.attrs)  # decided with its total: the page hides no more (``suppress``)
    return table


def age_parts(conn: Connection, source: Measure, filters: Filters, scopes: tuple[str, ...],
              keys: tuple[str, ...], *, without_time: bool = False, dimension: str = "financial_year") -> Parts | None:
    """The view's counts at every age, by year, the split ``keys``, ``dimension`` (a table's
    one, whose cells' age choices are decided too) and single year of age, so that its age
    choices are decided as one family (``metrics.families.Parts``); of its records with no time
    of day, ``without_time``.

    A source that records ages in bands only (police.uk's stop and search: under 10, 10-17...)
    answers each age choice with the bands it touches (``covering_bands``: 10-16 and 17 by
    10-17), so its counts are by band, each band standing for its youngest age, and its age
    choices are the spans of the bands that answer them. None for a source with no ages."""
    every = replace(filters, age_band=None)
    bands = source.age_bands if "age" not in source.columns else None
    if bands is None and "age" not in source.columns:
        return None
    by = "age_band" if bands else "age"
    every_age = (queries.count_without_time_by_year(conn, source, every, scopes, split=(*keys, by))
                 if without_time else
                 queries.count_by(conn, source, dimension, every, scopes, by_year=True, split=(*keys, by)))
    column = queries.split_column(by)
    cells = tuple(d for d in DIMENSIONS[dimension] if d != "financial_year")
    if not bands:
        return Parts(column, filters.age_range() or (0, None), tuple(AGE_CHOICES.values()), every_age, cells,
                     SHOWN_BY_AGE)

    youngest = {name: low for name, (low, _) in bands.items()}
    every_age = every_age.assign(**{column: every_age[column].map(youngest).astype("Int64")})
    return Parts(column, answered_span(filters.age_band, bands),
                 tuple(answered_span(band, bands) for band in AGE_CHOICES), every_age, cells, SHOWN_BY_AGE)


def search_age_parts(every_age: pd.DataFrame, age_range: str | None, dims: tuple[str, ...]) -> Parts:
    """A search read's ``Parts`` (the equality page's: ``ui.data.searches``), from its counts
    split by police.uk age range too (``split_age_band``), each range standing for its youngest
    age. Its age choices are the page's own ranges (10-17, 18-24) and the spans of the ranges
    that answer the other pages' age choices (under 18: under 10 and 10-17); its cells, the
    read's one dimension less the year (each self-defined ethnic group)."""
    column = queries.split_column("age_band")
    youngest = {name: low for name, (low, _) in POLICE_UK_AGE_BANDS.items()}
    every_age = every_age.assign(**{column: every_age[column].map(youngest).astype("Int64")})
    choices = [*(POLICE_UK_AGE_BANDS[name] for name in SEARCH_AGE_RANGES),
               *(answered_span(band, POLICE_UK_AGE_BANDS) for band in AGE_CHOICES)]
    span = POLICE_UK_AGE_BANDS[age_range] if age_range else (0, None)
    return Parts(column, span, tuple(dict.fromkeys(choices)), every_age,
                 tuple(d for d in dims if d != "financial_year"), SHOWN_BY_AGE)


def _family_tables(conn: Connection, source: Measure, dimension: str, filters: Filters,
                   scopes: tuple[str, ...]) -> tuple[pd.DataFrame, list[pd.DataFrame], list[tuple]]:
    """The reads ``metrics.families`` decides a view's counts from: its counts by ``dimension``,
    each year and each value of the filters whose values sum to all, and the same under each
    neighbouring view, with the corners they make (``nearby_views``, ``read_nearby``,
    ``with_wider_views``)."""
    unsplit, keys, *_ = family_reads(source, dimension, filters)
    nearby, corners = nearby_views(source, unsplit)
    split = queries.count_by(conn, source, dimension, unsplit, scopes, by_year=True, split=keys)
    tables, corners = read_nearby(
        lambda n, by_area: queries.count_by(conn, source, dimension, n, scopes, by_year=True,
                                            split=(*keys, "area") if by_area else keys),
        unsplit, nearby, corners)
    tables, corners = with_wider_views(
        [lambda n, measure=measure, wider=wider: queries.count_by(
            conn, measure, dimension, applicable_filters(measure, n)[0], wider, by_year=True, split=keys)
         for measure, wider in wider_views(source, scopes)], unsplit, nearby, tables, corners)
    return split, tables, corners


def count_without_time(conn: Connection, source: Measure, filters: Filters, scopes: tuple[str, ...],
                       threshold: int, *, first_day, last_day) -> tuple[int, bool]:
    """How many records under ``filters`` have no time of day, and whether that count is
    exposed, as ``count_by`` decides."""
    if threshold <= 1:
        return queries.count_without_time(conn, source, filters, scopes), False
    period = viewer_period(filters, first_day=first_day, last_day=last_day)  # as count_by
    # As count_by: every year and every value of the filters whose values sum to all.
    unsplit, keys, chosen, choices, nested = family_reads(source, "financial_year", filters)
    nearby, corners = nearby_views(source, unsplit)
    split = queries.count_without_time_by_year(conn, source, unsplit, scopes, split=keys)
    tables, corners = read_nearby(
        lambda n, by_area: queries.count_without_time_by_year(conn, source, n, scopes,
                                                              split=(*keys, "area") if by_area else keys),
        unsplit, nearby, corners)
    tables, corners = with_wider_views(
        [lambda n, measure=measure, wider=wider: queries.count_without_time_by_year(
            conn, measure, applicable_filters(measure, n)[0], wider, split=keys)
         for measure, wider in wider_views(source, scopes)], unsplit, nearby, tables, corners)
    one = view_of(split, dims=(), period=period, chosen=chosen)
    parts = age_parts(conn, source, unsplit, scopes, keys, without_time=True)  # age choices, as count_by
    exposed = exposed_in_view(split, tables, dims=(), period=period, threshold=threshold, chosen=chosen,
                              choices=choices, nested=nested, corners=corners, parts=parts)
    return int(one["value"].iloc[0]), bool(exposed.iloc[0])


def nearby_views(source: Measure, filters: Filters) -> tuple[list[Filters], list[tuple]]:
    """The views one step from ``filters`` (as ``source`` answers them), then those two steps
    away, and the corners ``metrics.families`` compares (``two_steps``)."""
    one_step = dict.fromkeys(applicable_filters(source, n)[0]
                             for n in neighbouring_filters(filters))
    return two_steps(filters, [n for n in one_step if n != filters], source)


def two_steps(filters: Filters, nearby: list[Filters],
              source: Measure | None = None) -> tuple[list[Filters], list[tuple]]:
    """``nearby`` with the views two steps away where an age choice and an area selection are
    both set, and the corners ``metrics.families`` compares: the view, it with its age relaxed,
    with its areas relaxed, and with both, give the people outside both (victims of other ages
    in other areas). Each relaxed age with no area filter, and no age filter with each relaxed
    area selection: at most 5 + 11 queries more (each wider age in each smaller selection:
    ``read_nearby``). ``source``, where given, answers each view as it can (``applicable_filters``)."""
    ages = [n for n in nearby if n.areas == filters.areas and n.age_band != filters.age_band]
    areas = [n for n in nearby if n.age_band == filters.age_band and n.areas != filters.areas]
    found, corners = list(nearby), []
    for age in ages:
        for area in areas:
            if age.age_band is not None and area.areas:
                continue
            both = replace(area, age_band=age.age_band)
            both = applicable_filters(source, both)[0] if source else both
            if both not in found:
                found.append(both)
            corners.append((found.index(age), found.index(area), found.index(both)))
    return found, corners


def read_nearby(read: Callable[[Filters, bool], pd.DataFrame], filters: Filters, nearby: list[Filters],
                corners: list[tuple]) -> tuple[list[pd.DataFrame], list[tuple]]:
    """Each of ``nearby`` (``two_steps``) as ``read(view, by_area)`` gives it, and the corners
    ``two_steps`` leaves out: each wider age choice in each smaller area selection (10-17 in
    {A} beside 10-16 in {A, B} gives the 17-year-olds of B). Their tables come from the wider
    age's read split by area (``by_area``: one more column, ``split_area``), so they cost no
    query more. Returns the tables, those corners' tables after ``nearby``'s, and every corner."""
    fewer = [(j, set(n.areas)) for j, n in enumerate(nearby)
             if n.age_band == filters.age_band and n.areas and n.areas != filters.areas]
    tables, derived, more = [], [], []
    for i, view in enumerate(nearby):
        if not (fewer and view.areas == filters.areas and view.age_band not in (None, filters.age_band)):
            tables.append(read(view, False))
            continue
        by_area = read(view, True)
        tables.append(_summed_over_areas(by_area))
        for j, areas in fewer:
            derived.append(_summed_over_areas(by_area[by_area[AREA].isin(areas)]))
            more.append((i, j, len(nearby) + len(derived) - 1))
    return tables + derived, [*corners, *more]


def scopes_relaxed(scopes: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``scopes`` less each one a viewer can switch off (``RELAXED_SCOPES``)."""
    return [tuple(s for s in scopes if s != relaxed) for relaxed in scopes if relaxed in RELAXED_SCOPES]


def with_wider_views(reads: list[Callable[[View], pd.DataFrame]], filters: View, nearby: list[View],
                     tables: list[pd.DataFrame], corners: list[tuple]) -> tuple[list[pd.DataFrame], list[tuple]]:
    """``tables`` (``nearby``'s, then those only corners use) with, for each of ``reads`` (the
    same counts read wider than the view's own: all days beside term time, all violence beside
    serious youth violence), the view under ``filters`` read so, and every view one step away
    read so too, with the corners the four make (term time in 10-16 and in 10-17 and all days
    in both give the 17-year-olds harmed in the holidays). One query per read, and one per
    view one step away, more. A view is what ``read`` takes: Filters, or a table already read
    (``ui.data`` compares a count of searches with the counts it lies within so)."""
    two_steps = {k for _, _, k in corners} - {n for i, j, _ in corners for n in (i, j)}
    one_step = [j for j in range(len(nearby)) if j not in two_steps]
    tables, corners = list(tables), list(corners)
    for read in reads:
        at = len(tables)
        tables.append(read(filters))
        for j in one_step:
            tables.append(read(nearby[j]))
            corners.append((at, j, len(tables) - 1))
    return tables, corners


def wider_views(source: Measure, scopes: tuple[str, ...]) -> list[tuple[Measure, tuple[str, ...]]]:
    """The same counts read wider than ``source`` under ``scopes``: without each scope a viewer
    can switch off (``scopes_relaxed``), and each measure ``source`` lies within."""
    return ([(source, wider) for wider in scopes_relaxed(scopes)]
            + [(MEASURES[name], scopes) for name in source.within])


def _summed_over_areas(table: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in table.columns if c not in (AREA, "value")]
    return table.groupby(keys, dropna=False, sort=False)["value"].sum().reset_index()


def family_reads(source: Measure, dimension: str, filters: Filters) -> tuple[Filters, tuple, dict, dict, dict]:
    """How to read a viewer's counts for ``metrics.families``: the filters with their dates and
    split filters lifted, the keys to split by, the view's chosen value of each split column,
    the values a viewer can choose, and which split column nests inside which. Split by the
    filters the source records, for tables of one dimension; heatmaps, maps and cross-tables
    by sex and ethnic group only (``WIDE_PARTITIONS``; split by every filter, they would be read
    in tens of thousands of rows; README's limits)."""
    one_dimension = len([key for key in DIMENSIONS[dimension] if key != "financial_year"]) <= 1
    parts = [a for a in PARTITIONS if (one_dimension or a in WIDE_PARTITIONS) and FILTER_KEYS[a] in source.columns]
    unsplit = replace(filters, date_from=None, date_to=None, **{a: None for a in parts})
    columns = {a: queries.split_column(FILTER_KEYS[a]) for a in parts}
    return (unsplit, tuple(FILTER_KEYS[a] for a in parts), {columns[a]: getattr(filters, a) for a in parts},
            {columns[a]: PARTITIONS[a] for a in parts},
            {columns[inner]: columns[outer] for inner, outer in NESTED.items() if inner in parts and outer in parts})
