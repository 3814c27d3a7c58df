"""Every read the dashboard and the CLI make: SQLAlchemy Core with bound parameters.

Aggregation happens in the database; only grouped counts come back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Callable

import pandas as pd
from sqlalchemy import Connection, and_, case, false, func, literal, literal_column, or_, select, text, true

from metrics.filters import Filters, covering_bands
from metrics.measures import AFTER_SCHOOL_HOURS, AFTER_SCHOOL_WEEKDAYS, DIMENSIONS, YOUTH_GROUPS, Measure
from storage import schema
from storage.engine import read_frame

TABLES = {"incidents": schema.incidents, "stop_search": schema.stop_search, "street_crimes": schema.street_crimes}


class UnsupportedQuery(ValueError):
    """A measure asked for a dimension or filter its source cannot answer."""


# The execution option a connection carries a ``CountsMemo`` in (``remembering``).
MEMO_OPTION = "vve_counts_memo"


class CountsMemo:
    """``count_by``'s answers for one version of the database. One page's read asks the same
    few queries many times over, its views' neighbours and families overlapping (the equality
    page's tables at every age choice: 3,690 queries, 169 of them different). The most
    recently asked are kept, up to ``cells`` cells in all; each caller gets its own copy."""

    def __init__(self, cells: int = 2_000_000):
        self._answers: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._cells, self._held = cells, 0
        self._lock = threading.Lock()

    def answer(self, key: tuple, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key].copy()
        frame = read()
        with self._lock:
            if key not in self._answers and frame.size <= self._cells:
                self._answers[key] = frame
                self._held += frame.size
                while self._held > self._cells:
                    self._held -= self._answers.popitem(last=False)[1].size
        return frame.copy()


def remembering(conn: Connection, memo: CountsMemo) -> Connection:
    """``conn``, its ``count_by`` answers kept in ``memo``: only for a connection to one
    version of the data that nothing writes to (a reader's, keyed on the database's stamp)."""
    return conn.execution_options(**{MEMO_OPTION: memo})


def _constant(value):
    # Inlined, not bound: PostgreSQL must see the GROUP BY expression equal to the SELECT one.
    return literal_column(repr(value) if isinstance(value, str) else str(value))


def _youth_group(measure: Measure):
    age = _column(measure, "age")
    return case(*[(age.between(_constant(low), _constant(high)), _constant(name))
                  for name, (low, high) in YOUTH_GROUPS.items()], else_=None)


def _after_school(measure: Measure):
    weekday, hour = _column(measure, "weekday"), _column(measure, "hour")
    inside = and_(weekday.between(_constant(min(AFTER_SCHOOL_WEEKDAYS)), _constant(max(AFTER_SCHOOL_WEEKDAYS))),
                  hour.between(_constant(min(AFTER_SCHOOL_HOURS)), _constant(max(AFTER_SCHOOL_HOURS))))
    return case((inside, _constant(True)), else_=_constant(False))


COMPUTED = {"youth_group": _youth_group, "after_school": _after_school}

# Named subsets a page can ask for on top of the shared filters.
SCOPES = {
    "term_time": lambda m: _column(m, "term_time").is_(True),
    "school_holidays": lambda m: _column(m, "term_time").is_(False),
    "near_school": lambda m: _column(m, "near_school").is_(True),
    "after_school_window": lambda m: and_(_column(m, "weekday").in_(AFTER_SCHOOL_WEEKDAYS),
                                          _column(m, "hour").in_(AFTER_SCHOOL_HOURS)),
    "youth_groups": lambda m: _column(m, "age").between(
        min(low for low, _ in YOUTH_GROUPS.values()), max(high for _, high in YOUTH_GROUPS.values())),
}


def _column(measure: Measure, key: str):
    if key in COMPUTED:
        return COMPUTED[key](measure)
    table = TABLES[measure.table]
    try:
        return table.c[measure.columns[key]]
    except KeyError as err:
        raise UnsupportedQuery(
            f"{measure.title} cannot be grouped or filtered by {key.replace('_', ' ')}: "
            f"its source ({measure.table}) does not record it."
        ) from err


def _conditions(measure: Measure, filters: Filters) -> list:
    table = TABLES[measure.table]
    clauses = [table.c[name] == value for name, value in measure.conditions.items()]
    if filters.date_from:
        clauses.append(_column(measure, "date") >= filters.date_from)
    if filters.date_to:
        clauses.append(_column(measure, "date") <= filters.date_to)
    if filters.areas:
        in_area = _column(measure, "area").in_(filters.areas)
        if "lsoa" in measure.columns:  # an area filter may name wards or LSOAs
            in_area = or_(in_area, _column(measure, "lsoa").in_(filters.areas))
        clauses.append(in_area)
    if filters.age_band and "age" not in measure.columns and measure.age_bands:
        bands, _ = covering_bands(filters.age_range(), measure.age_bands)
        clauses.append(_column(measure, "age_band").in_(bands) if bands else false())
    elif filters.age_band:
        low, high = filters.age_range()
        age = _column(measure, "age")
        clauses.append(age >= low)
        if high is not None:
            clauses.append(age <= high)
    if filters.sex:
        clauses.append(_column(measure, "sex") == filters.sex)
    if filters.ethnicity:
        clauses.append(_column(measure, "ethnicity") == filters.ethnicity)
    if filters.ethnicity_detail:
        clauses.append(_column(measure, "ethnicity_detail") == filters.ethnicity_detail)
    if filters.offence_group:
        clauses.append(_column(measure, "offence_group") == filters.offence_group)
    return clauses


def _scoped(measure: Measure, scopes: tuple[str, ...]) -> list:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise UnsupportedQuery(f"Unknown scope {unknown[0]!r}; choose from {', '.join(SCOPES)}")
    return [SCOPES[s](measure) for s in scopes]


def count_by(conn: Connection, measure: Measure, dimension: str, filters: Filters = Filters(),
             scopes: tuple[str, ...] = (), *, by_year: bool = False, split: tuple[str, ...] = ()) -> pd.DataFrame:
    """Counts of ``measure`` grouped by ``dimension``: the dimension's columns, then ``value``.

    ``scopes`` name subsets (``SCOPES``) on top of the filters, e.g. ("term_time",).
    The hour-of-day dimensions count only records that carry a time of day; a youth
    group dimension counts only ages 10-24. ``by_year`` splits each count by financial
    year too (a ``financial_year`` column, where the dimension has none). ``split`` names
    filter keys (``sex``, ``ethnicity``...) to split each count by as well, in columns named
    ``split_column(key)``: NA where the record has no value.
    """
    memo = conn.get_execution_options().get(MEMO_OPTION)
    if memo is None:
        return _count_by(conn, measure, dimension, filters, scopes, by_year, split)
    return memo.answer((repr(measure), dimension, filters, scopes, by_year, split),
                       lambda: _count_by(conn, measure, dimension, filters, scopes, by_year, split))


def _count_by(conn: Connection, measure: Measure, dimension: str, filters: Filters, scopes: tuple[str, ...],
              by_year: bool, split: tuple[str, ...]) -> pd.DataFrame:
    if dimension not in DIMENSIONS:
        raise UnsupportedQuery(f"Unknown dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
    keys = DIMENSIONS[dimension]
    if by_year and "financial_year" not in keys:
        keys = (*keys, "financial_year")
    group_columns = [_column(measure, key).label(key) for key in keys]
    group_columns += [_column(measure, key).label(split_column(key)) for key in split]
    clauses = _conditions(measure, filters) + _scoped(measure, scopes)
    if "hour" in keys or "after_school" in keys:
        clauses.append(_column(measure, "hour").is_not(None))
    if "youth_group" in keys:
        clauses.append(SCOPES["youth_groups"](measure))
    query = (
        select(*group_columns, func.count().label("value"))
        .where(and_(true(), *clauses))
        .group_by(*[c.element for c in group_columns])
        .order_by(*[c.element for c in group_columns])
    )
    frame = read_frame(conn, query, [*keys, *map(split_column, split), "value"])
    frame["value"] = frame["value"].astype(int)
    return frame


def split_column(key: str) -> str:
    """The column ``count_by`` splits counts by filter ``key`` into: 'split_sex'."""
    return f"split_{key}"


def count_without_time(conn: Connection, measure: Measure, filters: Filters = Filters(),
                       scopes: tuple[str, ...] = ()) -> int:
    """How many records under the filters carry no time of day (left out of hour views)."""
    query = select(func.count()).where(and_(true(), *_without_time(measure, filters, scopes)))
    return int(conn.execute(query).scalar_one())


def count_without_time_by_year(conn: Connection, measure: Measure, filters: Filters = Filters(),
                               scopes: tuple[str, ...] = (), *, split: tuple[str, ...] = ()) -> pd.DataFrame:
    """``count_without_time`` split by financial year (and by filter keys, as ``count_by``):
    financial_year, the split columns, value."""
    keys = [_column(measure, "financial_year"), *(_column(measure, key) for key in split)]
    names = ["financial_year", *map(split_column, split)]
    query = (select(*(k.label(n) for k, n in zip(keys, names)), func.count().label("value"))
             .where(and_(true(), *_without_time(measure, filters, scopes))).group_by(*keys).order_by(*keys))
    return read_frame(conn, query, [*names, "value"]).astype({"value": int})


def _without_time(measure: Measure, filters: Filters, scopes: tuple[str, ...]) -> list:
    scopes = tuple(s for s in scopes if s != "after_school_window")
    return [*_conditions(measure, filters), *_scoped(measure, scopes), _column(measure, "hour").is_(None)]


def sources(conn: Connection) -> pd.DataFrame:
    """Every load, in order; a column the database predates (e.g. rows_replaced) comes back empty."""
    present = set(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'sources'")).scalars())
    columns = [c for c in schema.sources.c if c.name in present]
    rows = conn.execute(select(*columns).order_by(schema.sources.c.source_id)).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in columns]).reindex(columns=[c.name for c in schema.sources.c])


def data_as_of(conn: Connection) -> tuple[dt.date | None, dt.datetime | None]:
    """The latest day any source covers, and when data was last loaded (UTC)."""
    query = select(func.max(schema.sources.c.data_to), func.max(schema.sources.c.loaded_at))
    latest_day, loaded_at = conn.execute(query).one()
    return latest_day, loaded_at


def any_synthetic(conn: Connection) -> bool:
    query = select(literal(1)).where(schema.sources.c.is_synthetic == true()).limit(1)
    return conn.execute(query).first() is not None


def any_private(conn: Connection) -> bool:
    """Whether any source private to the partnership (partner incidents, outcome values) is loaded."""
    query = select(literal(1)).where(schema.sources.c.is_private == true()).limit(1)
    return conn.execute(query).first() is not None


RECORD_COLUMNS = ("incident_id", "occurred_at", "offence_group", "weapon", "injury", "domestic_abuse", "victim_age",
                  "victim_sex", "victim_ethnicity", "location_type", "area_code")


def records(conn: Connection, measure: Measure, filters: Filters = Filters(), *, limit: int = 500) -> pd.DataFrame:
    """Record-level rows behind a victim measure: for analysts only (the caller checks the role)."""
    table = TABLES[measure.table]
    if measure.table != "incidents":
        raise UnsupportedQuery(f"{measure.title} has no record-level view.")
    columns = [table.c[name] for name in RECORD_COLUMNS]
    query = (select(*columns).where(and_(true(), *_conditions(measure, filters)))
             .order_by(table.c.occurred_at.desc()).limit(limit))
    return read_frame(conn, query, list(RECORD_COLUMNS))


def table_exists(conn: Connection, name: str) -> bool:
    """Whether the database has table ``name`` (one built before the table existed may not)."""
    query = text("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                 "AND table_name = :name")
    return bool(conn.execute(query, {"name": name}).scalar_one())


def knife_crime_by_borough(conn: Connection, *, subtype: str = "Knife Injury Victims (1-24)",
                           measure: str = "Offences") -> tuple[pd.DataFrame, dt.date | None, dt.date | None]:
    """Monthly counts of ``subtype`` for every borough (``area``, ``month``, ``value``), and the
    first and last month the loaded extract covers (any subtype, any area)."""
    if not table_exists(conn, "knife_crime_counts"):
        return pd.DataFrame(columns=["area", "month", "value"]), None, None
    t = schema.knife_crime_counts
    frame = read_frame(conn, select(t.c.area_name.label("area"), t.c.month, func.sum(t.c.count).label("value"))
                       .where(t.c.area_type == "Borough", t.c.crime_subtype == subtype, t.c.measure == measure)
                       .group_by(t.c.area_name, t.c.month).order_by(t.c.area_name, t.c.month),
                       ["area", "month", "value"])
    first, last = conn.execute(select(func.min(t.c.month), func.max(t.c.month))).one()
    frame["value"] = frame["value"].astype(int)
    return frame, first, last
