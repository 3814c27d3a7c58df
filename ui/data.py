"""Cached reads for the pages. Caches key on the database file's identity, so a load
that swaps in a new file is picked up on the next rerun."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

import config
from metrics.filters import Filters
from metrics.measures import MEASURES
from storage import queries
from storage.engine import database_exists, database_stamp, make_engine


class NoDatabase(RuntimeError):
    """There is no database yet at the configured URL."""


@st.cache_resource(show_spinner=False)
def _engine(url: str, stamp: str) -> Engine:
    return make_engine(url, read_only=True)


def current() -> tuple[str, str]:
    """The database URL and its stamp; raises NoDatabase with what to do about it."""
    url = config.database_url()
    if not database_exists(url):
        raise NoDatabase(
            f"There is no data yet ({url}). Build the demonstration data with "
            "`python -m loaders demo`, or run `make run`, which builds it."
        )
    return url, database_stamp(url)


@st.cache_data(show_spinner=False)
def count_by(url: str, stamp: str, measure: str, dimension: str, filters: Filters) -> pd.DataFrame:
    with _engine(url, stamp).connect() as conn:
        return queries.count_by(conn, MEASURES[measure], dimension, filters)


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
def knife_crime_by_borough(url: str, stamp: str) -> tuple[pd.DataFrame, dt.date | None, dt.date | None]:
    with _engine(url, stamp).connect() as conn:
        return queries.knife_crime_by_borough(conn)
