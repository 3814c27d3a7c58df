"""Cached reads for the pages. Caches key on the database file's identity, so a load
that swaps in a new file is picked up on the next rerun.

Every count a page shows is read here and passes through ``safe`` (small-number
suppression, ``metrics.disclosure``) before it is drawn, tabled or downloaded.
"""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import streamlit as st
from sqlalchemy import Connection, Engine

import config
from ui import access, warm
from metrics.disclosure import DECIDED, complete_grid, suppress
from metrics.filters import SEXES, Filters
from metrics.measures import MEASURES, applicable_filters
from metrics.neighbours import neighbouring_filters
from metrics.families import exposed_in_view, view_of
from metrics.periods import viewer_period
from storage import equality_queries, queries, reference, viewer_counts
from storage.engine import database_exists, database_stamp, make_engine

# Shown where a chart or table is about to appear while its counts are read and decided for
# the first time (a few seconds for a table by month at an age choice); a cached read shows nothing.
WORKING = "Counting, and working out which counts can be shown safely\u2026"


class NoDatabase(RuntimeError):
    """There is no database yet at the configured URL."""


@st.cache_resource(show_spinner=False)
def _engine(url: str, stamp: str) -> Engine:
    return make_engine(url, read_only=True)


@st.cache_resource(show_spinner=False, max_entries=2)
def _memo(url: str, stamp: str) -> queries.CountsMemo:
    return queries.CountsMemo()


@contextmanager
def _reading(url: str, stamp: str) -> Iterator[Connection]:
    """A connection to the data as of ``stamp``, its counts' queries remembered between reads."""
    with _engine(url, stamp).connect() as conn:
        yield queries.remembering(conn, _memo(url, stamp))


@st.cache_data(ttl=30, show_spinner=False)
def _exists(url: str, stamp: str) -> bool:
    return database_exists(url)


def current() -> tuple[str, str]:
    """The database URL and its stamp; raises NoDatabase with what to do about it."""
    url = config.database_url()
    if not _exists(url, database_stamp(url)):
        raise NoDatabase(
            f"There is no data yet ({url}). Build the demonstration data with "
            "`python -m loaders demo`, or run `make run`, which builds it."
        )
    return url, database_stamp(url)


# The reads ``warm`` makes again, by the name ``_remember`` gives them.
READ_AGAIN = {
    "count_by": lambda url, stamp, *args: _count_by(url, stamp, *args),
    "count_without_time": lambda url, stamp, *args: _count_without_time(url, stamp, *args),
    "searches": lambda url, stamp, kind, limit, criteria: _searches(url, stamp, kind, limit, **criteria),
}


@st.cache_resource(show_spinner=False)
def _warmer(path: str, kept: int) -> warm.Warmer:
    return warm.Warmer(warm.Remembered(Path(path), kept), READ_AGAIN, stamp_of=lambda url: database_stamp(url))


def _warming() -> warm.Warmer | None:
    kept = int(config.setting("VVE_WARM_READS") or 0)
    return _warmer(str(config.data_dir() / "recent-reads.json"), kept) if kept > 0 else None


def _remember(name: str, *args) -> None:
    warmer = _warming()
    if warmer is not None:
        warmer.reads.add(name, args)


def warm_in_background() -> threading.Thread | None:
    """After a page has run: read again, under the data's current stamp, the pages' latest
    reads not yet read under it (``ui.warm``), so that the next person finds them ready."""
    warmer = _warming()
    if warmer is not None:
        try:
            url, stamp = current()
        except NoDatabase:
            return None
        # From now on, a load this process did not make is read again too, before anyone asks.
        warmer.watch(url, float(config.setting("VVE_WARM_WATCH") or 0))
        return warmer.start(url, stamp)
    return None


def count_by(url: str, stamp: str, measure: str, dimension: str, filters: Filters,
             scopes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Raw counts under the part of ``filters`` the measure's source can answer, with an
    ``exposed`` column: True where the same table under a neighbouring filter would give a
    small group away (``metrics.neighbours``; always False for an analyst or admin).
    Not for showing as they are: pass what is shown through ``safe``, which hides exposed cells.
    """
    _remember("count_by", measure, dimension, filters, scopes, threshold())
    return _count_by(url, stamp, measure, dimension, filters, scopes, threshold())


@st.cache_data(show_spinner=WORKING, show_time=True)
def _count_by(url: str, stamp: str, measure: str, dimension: str, filters: Filters, scopes: tuple[str, ...],
              limit: int) -> pd.DataFrame:
    source = MEASURES[measure]
    usable, _ = applicable_filters(source, filters)
    first_day, last_day = date_range(url, stamp)
    with _reading(url, stamp) as conn:
        return viewer_counts.count_by(conn, source, dimension, usable, scopes, limit, first_day=first_day,
                                      last_day=last_day)


def filter_notes(measure: str, filters: Filters) -> list[str]:
    """What the measure's source cannot answer of ``filters``, in words."""
    return applicable_filters(MEASURES[measure], filters)[1]


def count_without_time(url: str, stamp: str, measure: str, filters: Filters,
                       scopes: tuple[str, ...] = ()) -> tuple[int, str]:
    """How many records under ``filters`` have no time of day, and how that number may be shown:
    hidden ("<5") when small, or when the same count under a neighbouring filter would give a
    small group away (``metrics.neighbours``)."""
    _remember("count_without_time", measure, filters, scopes, threshold())
    return _count_without_time(url, stamp, measure, filters, scopes, threshold())


@st.cache_data(show_spinner=WORKING, show_time=True)
def _count_without_time(url: str, stamp: str, measure: str, filters: Filters, scopes: tuple[str, ...],
                        limit: int) -> tuple[int, str]:
    source = MEASURES[measure]
    usable, _ = applicable_filters(source, filters)
    first_day, last_day = date_range(url, stamp)
    with _reading(url, stamp) as conn:
        count, exposed = viewer_counts.count_without_time(conn, source, usable, scopes, limit, first_day=first_day,
                                                          last_day=last_day)
    one = pd.DataFrame({"value": [count], "exposed": [exposed]})
    return count, suppress(one, dims=[], threshold=limit)["display"].iloc[0] if limit > 1 else f"{count:,}"


def threshold() -> int:
    """Counts from 1 up to this (exclusive) are never shown: the configured threshold for a
    viewer, none for an analyst or admin. Decided by the session's role, never by the URL."""
    return access.threshold()


def safe(table: pd.DataFrame, dims: tuple[str, ...], dependent: tuple[str, ...] = ()) -> pd.DataFrame:
    """``table`` (a complete grid of counts in ``value``, and ``exposed`` where ``count_by``
    gave it) made safe to show: see ``metrics.disclosure.suppress``; ``display`` is the text to show."""
    return _safe(table, dims, dependent, threshold(), bool(table.attrs.get(DECIDED)))


def heatmap(grid: pd.DataFrame) -> pd.DataFrame:
    """A table by weekday and hour (of one youth group, for Priority 1) as its heatmap shows it:
    every hour of every weekday, made safe (``safe``)."""
    return safe(complete_grid(grid, {"weekday": range(7), "hour": range(24)}), ("weekday", "hour"))


@st.cache_data(show_spinner=False)
def _safe(table: pd.DataFrame, dims: tuple[str, ...], dependent: tuple[str, ...], limit: int,
          decided: bool) -> pd.DataFrame:
    # The threshold is part of the key: the cache is shared by every session, viewers and analysts alike.
    # So is whether the counts were decided with their total (``suppress``): the key hashes no attrs.
    table = table.copy()
    table.attrs[DECIDED] = decided
    return suppress(table, dims=list(dims), threshold=limit, dependent=list(dependent))


@st.cache_data(show_spinner=False)
def area_choices(url: str, stamp: str) -> pd.DataFrame:
    with _reading(url, stamp) as conn:
        return reference.area_choices(conn)


@st.cache_data(show_spinner=False)
def area_shapes(url: str, stamp: str) -> pd.DataFrame:
    with _reading(url, stamp) as conn:
        return reference.area_shapes(conn)


@st.cache_data(show_spinner=False)
def schools(url: str, stamp: str) -> pd.DataFrame:
    with _reading(url, stamp) as conn:
        return reference.schools(conn)


@st.cache_data(show_spinner=False)
def offence_groups(url: str, stamp: str) -> list[str]:
    with _reading(url, stamp) as conn:
        return reference.offence_groups(conn)


@st.cache_data(show_spinner=False)
def ethnicity_details(url: str, stamp: str) -> list[str]:
    with _reading(url, stamp) as conn:
        return reference.ethnicity_details(conn)


@st.cache_data(show_spinner=False)
def date_range(url: str, stamp: str) -> tuple[dt.date | None, dt.date | None]:
    with _reading(url, stamp) as conn:
        return reference.date_range(conn)


@st.cache_data(show_spinner=False)
def population_by(url: str, stamp: str, key: str, *, year: int, filters: Filters,
                  age_bands: tuple[str, ...] = ()) -> pd.DataFrame:
    with _reading(url, stamp) as conn:
        return reference.population_by(conn, key, year=year, filters=filters, age_bands=age_bands)


@st.cache_data(show_spinner=False)
def population_years(url: str, stamp: str) -> list[int]:
    with _reading(url, stamp) as conn:
        return reference.population_years(conn)


@st.cache_data(show_spinner=False)
def indicator_values(url: str, stamp: str, measures: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """Outcome-measure values (borough-wide): only the date filter applies to them."""
    with _reading(url, stamp) as conn:
        return reference.indicator_values(conn, measures, date_from=filters.date_from, date_to=filters.date_to)


@st.cache_data(show_spinner=False)
def sources(url: str, stamp: str) -> pd.DataFrame:
    with _reading(url, stamp) as conn:
        return queries.sources(conn)


@st.cache_data(show_spinner=False)
def freshness(url: str, stamp: str) -> tuple[dt.date | None, dt.datetime | None, bool]:
    """Latest day covered, last load time (UTC), and whether any synthetic data is loaded."""
    with _reading(url, stamp) as conn:
        latest_day, loaded_at = queries.data_as_of(conn)
        return latest_day, loaded_at, queries.any_synthetic(conn)


def equality_counts(url: str, stamp: str, measure: str, by: str, filters: Filters) -> pd.DataFrame:
    """Counts of a victim measure by 'ethnicity' or 'sex' as columns group, value, exposed.
    Not cached itself: ``count_by`` is, keyed on the session's threshold."""
    table = count_by(url, stamp, measure, by, filters)
    return table.rename(columns={by: "group"})


def searches_by_group(url: str, stamp: str, *, date_from: dt.date, date_to: dt.date, age_range: str | None,
                      areas: tuple[str, ...], gender: str | None) -> pd.DataFrame:
    """Searches by self-defined ethnic group (group, value, exposed) as Priority 3 reads them:
    ``count_by`` by ethnicity, each group a view of the ethnicity family, decided once whichever
    page shows it (its ``attrs`` say so). Read apart, by the equality page's own read, a group's
    searches read "hidden" on one page and a number on the other (DEMO02, 2020-21: Mixed 19)."""
    counts = count_by(url, stamp, "stop_and_search", "ethnicity",
                      Filters(date_from=date_from, date_to=date_to, areas=tuple(areas), age_band=age_range, sex=gender))
    return counts.rename(columns={"ethnicity": "group"})


def searches_by_ethnicity(url: str, stamp: str, **criteria) -> pd.DataFrame:
    """Searches by self-defined ethnic group, as columns group, value, exposed, positive,
    positive_exposed, linked and linked_exposed: each group's searches as ``searches_by_group``
    reads them, and its positive and linked outcomes as the searches read decides them."""
    counts = searches_by_group(url, stamp, **criteria)
    outcomes = searches(url, stamp, "by_ethnicity", **criteria)
    table = (counts[["group", "value", "exposed"]]
             .merge(outcomes.drop(columns=["value", "exposed"]), on="group", how="outer"))
    for column in ("value", "positive", "linked"):
        table[column] = table[column].fillna(0).astype(int)
    for column in ("exposed", "positive_exposed", "linked_exposed"):
        table[column] = table[column].fillna(False).astype(bool)
    table.attrs = dict(counts.attrs)
    return table


SEARCH_READS = {
    "by_ethnicity": (equality_queries.searches_by_ethnicity, ("group",)),
    "officer_against_self_defined": (equality_queries.officer_against_self_defined, ("self_defined", "officer_defined")),
}


def searches(url: str, stamp: str, kind: str, **criteria) -> pd.DataFrame:
    """Stop and search reads for equality monitoring; ``kind`` names the query. Like ``count_by``,
    each table comes with ``exposed`` (and, by ethnicity, ``positive_exposed`` and
    ``linked_exposed``): cells the same read under a neighbouring filter would give away."""
    _remember("searches", kind, threshold(), criteria)
    return _searches(url, stamp, kind, threshold(), **criteria)


@st.cache_data(show_spinner=WORKING, show_time=True)
def _searches(url: str, stamp: str, kind: str, limit: int, **criteria) -> pd.DataFrame:
    read, dims = SEARCH_READS[kind]
    counts = ["value", "positive", "linked"] if kind == "by_ethnicity" else ["value"]
    with _reading(url, stamp) as conn:
        if limit <= 1:
            return read(conn, **criteria).assign(**{_flag(c): False for c in counts})
        first_day, last_day = date_range(url, stamp)
        dates = Filters(date_from=criteria.get("date_from"), date_to=criteria.get("date_to"))
        period = viewer_period(dates, first_day=first_day, last_day=last_day)  # other spans: refused
        # A whole financial year, or all years: every year at once, the same read one step away
        # (police.uk ages: only its own ranges, or none; at most 1 (ages) + 11 (areas) + 1 (sex)
        # = 13 queries more per read, and 11 two steps away, no age with each relaxed area
        # selection), and (reads by ethnicity) every gender, police.uk's "Other" included, as
        # count_by does (metrics.families).
        undated = {k: v for k, v in criteria.items() if k not in ("date_from", "date_to")}
        by_gender = kind in GENDER_SPLIT
        if by_gender:
            undated["gender"] = None
        split = {"by_gender": True} if by_gender else {}
        split |= {} if "financial_year" in dims else {"by_year": True}
        by_year = read(conn, **undated, **split)
        nearby, corners = _search_neighbours(undated)
        tables = [read(conn, **criteria_nearby, **split) for criteria_nearby in nearby]
        # Its age choices (every age, 10-17, 18-24), decided as one family for each group's
        # count too (metrics.families._age_sums): every age less the two gives the searches of
        # other ages, which no view shows. The cross-table is decided line by line instead.
        parts = (viewer_counts.search_age_parts(read(conn, **{**undated, "age_range": None}, **split, by_age=True),
                                                criteria.get("age_range"), dims)
                 if kind in AGE_FAMILIES else None)
    chosen = {queries.split_column("sex"): criteria.get("gender")} if by_gender else {}
    choices = {queries.split_column("sex"): SEXES} if by_gender else {}
    table = view_of(by_year, dims=dims, period=period, chosen=chosen, counts=counts)
    flags = {}
    for c in counts:
        # Each count beside the counts it lies within, in this view and in each one step away.
        wider = [lambda t, c=c, w=w: t.assign(**{c: t[w]}) for w in WIDER_COUNTS.get(c, ())]
        compared, at = viewer_counts.with_wider_views(wider, by_year, tables, tables, corners)
        flags[_flag(c)] = exposed_in_view(by_year, compared, dims=dims, period=period, threshold=limit,
                                          chosen=chosen, choices=choices, value=c, corners=at, parts=parts).to_numpy()
    return table.assign(**flags)


# Counts of one search read within another: a positive outcome is a search, and an outcome
# linked to the object searched for is a positive one. Side by side (the equality page's table
# of outcomes), their difference is a count of searches too: compared as a wider view is.
WIDER_COUNTS = {"positive": ("value",), "linked": ("positive", "value")}


# Stop and search reads whose age choices, and each cell's, are decided as one family.
AGE_FAMILIES = ("by_ethnicity",)


# Stop and search reads decided over every gender at once (metrics.families): officers' against
# self-defined ethnicity, a cross-table, line by line.
GENDER_SPLIT = ("by_ethnicity", "officer_against_self_defined")


def _flag(count: str) -> str:
    return "exposed" if count == "value" else f"{count}_exposed"


def _search_neighbours(criteria: dict) -> tuple[list[dict], list[tuple[int, int, int]]]:
    """A search read's views one step from ``criteria`` (undated; police.uk ages: only its own
    ranges, or none), then two steps away (``storage.viewer_counts.two_steps``), as the read's
    criteria; and the corners among them."""
    chosen = Filters(areas=tuple(criteria.get("areas") or ()), age_band=criteria.get("age_range"),
                     sex=criteria.get("gender"))
    one_step = [nearby for nearby in neighbouring_filters(chosen)
                if nearby.age_band in (None, *equality_queries.POLICE_UK_AGE_RANGES)]  # the read asks no finer
    views, corners = viewer_counts.two_steps(chosen, one_step)
    found, at = [], []
    for nearby in views:
        asked = {"age_range": nearby.age_band, "areas": nearby.areas, "gender": nearby.sex}
        if asked not in found:
            found.append(asked)
        at.append(found.index(asked))
    return found, [(at[one], at[other], at[both]) for one, other, both in corners]


@st.cache_data(show_spinner=False)
def private_loaded(url: str, stamp: str) -> bool:
    with _reading(url, stamp) as conn:
        return queries.any_private(conn)


def records(url: str, stamp: str, measure: str, filters: Filters, *, role) -> pd.DataFrame:
    """Record-level rows: refused below the analyst role, whatever the page or URL asks."""
    from access import Role

    if role < Role.ANALYST:
        raise PermissionError("Record-level data is for analysts.")
    with _reading(url, stamp) as conn:
        return queries.records(conn, MEASURES[measure], filters)


@st.cache_data(show_spinner=False)
def knife_crime_by_borough(url: str, stamp: str) -> tuple[pd.DataFrame, dt.date | None, dt.date | None]:
    with _reading(url, stamp) as conn:
        return queries.knife_crime_by_borough(conn)
