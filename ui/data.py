"""Cached reads for the pages. Caches key on the database file's identity, so a load
that swaps in a new file is picked up on the next rerun.

Every count a page shows is read here and passes through ``safe`` (small-number
suppression, ``metrics.disclosure``) before it is drawn, tabled or downloaded.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

import config
from ui import access
from metrics.disclosure import suppress
from metrics.filters import Filters
from metrics.measures import MEASURES, applicable_filters
from storage import equality_queries, queries, reference
from storage.engine import database_exists, database_stamp, make_engine


class NoDatabase(RuntimeError):
    """There is no database yet at the configured URL."""


@st.cache_resource(show_spinner=False)
def _engine(url: str, stamp: str) -> Engine:
    return make_engine(url, read_only=True)


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


@st.cache_data(show_spinner=False)
def count_by(url: str, stamp: str, measure: str, dimension: str, filters: Filters,
             scopes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Raw counts under the part of ``filters`` the measure's source can answer.
    Not for showing as they are: pass what is shown through ``safe``."""
    usable, _ = applicable_filters(MEASURES[measure], filters)
    with _engine(url, stamp).connect() as conn:
        return queries.count_by(conn, MEASURES[measure], dimension, usable, scopes)


def filter_notes(measure: str, filters: Filters) -> list[str]:
    """What the measure's source cannot answer of ``filters``, in words."""
    return applicable_filters(MEASURES[measure], filters)[1]


@st.cache_data(show_spinner=False)
def count_without_time(url: str, stamp: str, measure: str, filters: Filters, scopes: tuple[str, ...] = ()) -> int:
    usable, _ = applicable_filters(MEASURES[measure], filters)
    with _engine(url, stamp).connect() as conn:
        return queries.count_without_time(conn, MEASURES[measure], usable, scopes)


def threshold() -> int:
    """Counts from 1 up to this (exclusive) are never shown: the configured threshold for a
    viewer, none for an analyst or admin. Decided by the session's role, never by the URL."""
    return access.threshold()


@st.cache_data(show_spinner=False)
def safe(table: pd.DataFrame, dims: tuple[str, ...], dependent: tuple[str, ...] = ()) -> pd.DataFrame:
    """``table`` (a complete grid of counts in ``value``) made safe to show: see
    ``metrics.disclosure.suppress``; ``display`` is the text to show."""
    return suppress(table, dims=list(dims), threshold=threshold(), dependent=list(dependent))


@st.cache_data(show_spinner=False)
def area_choices(url: str, stamp: str) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return reference.area_choices(conn)


@st.cache_data(show_spinner=False)
def area_shapes(url: str, stamp: str) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return reference.area_shapes(conn)


@st.cache_data(show_spinner=False)
def schools(url: str, stamp: str) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return reference.schools(conn)


@st.cache_data(show_spinner=False)
def offence_groups(url: str, stamp: str) -> list[str]:
    with _engine(url, stamp).connect() as conn:
        return reference.offence_groups(conn)


@st.cache_data(show_spinner=False)
def ethnicity_details(url: str, stamp: str) -> list[str]:
    with _engine(url, stamp).connect() as conn:
        return reference.ethnicity_details(conn)


@st.cache_data(show_spinner=False)
def date_range(url: str, stamp: str) -> tuple[dt.date | None, dt.date | None]:
    with _engine(url, stamp).connect() as conn:
        return reference.date_range(conn)


@st.cache_data(show_spinner=False)
def population_by(url: str, stamp: str, key: str, *, year: int, filters: Filters,
                  age_bands: tuple[str, ...] = ()) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return reference.population_by(conn, key, year=year, filters=filters, age_bands=age_bands)


@st.cache_data(show_spinner=False)
def population_years(url: str, stamp: str) -> list[int]:
    with _engine(url, stamp).connect() as conn:
        return reference.population_years(conn)


@st.cache_data(show_spinner=False)
def indicator_values(url: str, stamp: str, measures: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """Outcome-measure values (borough-wide): only the date filter applies to them."""
    with _engine(url, stamp).connect() as conn:
        return reference.indicator_values(conn, measures, date_from=filters.date_from, date_to=filters.date_to)


@st.cache_data(show_spinner=False)
def sources(url: str, stamp: str) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return queries.sources(conn)


@st.cache_data(show_spinner=False)
def freshness(url: str, stamp: str) -> tuple[dt.date | None, dt.datetime | None, bool]:
    """Latest day covered, last load time (UTC), and whether any synthetic data is loaded."""
    with _engine(url, stamp).connect() as conn:
        latest_day, loaded_at = queries.data_as_of(conn)
        return latest_day, loaded_at, queries.any_synthetic(conn)


@st.cache_data(show_spinner=False)
def equality_counts(url: str, stamp: str, measure: str, by: str, filters: Filters) -> pd.DataFrame:
    """Counts of a victim measure by 'ethnicity' or 'sex' as columns group, value."""
    table = count_by(url, stamp, measure, by, filters)
    return table.rename(columns={by: "group"})


@st.cache_data(show_spinner=False)
def searches(url: str, stamp: str, kind: str, **criteria) -> pd.DataFrame:
    """Stop and search reads for equality monitoring; ``kind`` names the query."""
    reads = {
        "by_ethnicity": equality_queries.searches_by_ethnicity,
        "by_year_and_ethnicity": equality_queries.searches_by_year_and_ethnicity,
        "officer_against_self_defined": equality_queries.officer_against_self_defined,
    }
    with _engine(url, stamp).connect() as conn:
        return reads[kind](conn, **criteria)


@st.cache_data(show_spinner=False)
def private_loaded(url: str, stamp: str) -> bool:
    with _engine(url, stamp).connect() as conn:
        return queries.any_private(conn)


def records(url: str, stamp: str, measure: str, filters: Filters, *, role) -> pd.DataFrame:
    """Record-level rows: refused below the analyst role, whatever the page or URL asks."""
    from access import Role

    if role < Role.ANALYST:
        raise PermissionError("Record-level data is for analysts.")
    with _engine(url, stamp).connect() as conn:
        return queries.records(conn, MEASURES[measure], filters)


@st.cache_data(show_spinner=False)
def knife_crime_by_borough(url: str, stamp: str) -> tuple[pd.DataFrame, dt.date | None, dt.date | None]:
    with _engine(url, stamp).connect() as conn:
        return queries.knife_crime_by_borough(conn)
