"""Reads of the reference tables (areas, schools, population, outcome-measure values) and
of the choices the shared filters offer. SQLAlchemy Core, bound parameters, aggregates only."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
from sqlalchemy import Connection, and_, func, select, true

from metrics.filters import Filters
from storage import schema
from storage.engine import read_frame


def _frame(conn: Connection, query, columns: list[str], *, sort: list[str] | None = None) -> pd.DataFrame:
    frame = read_frame(conn, query, columns)
    # Text is sorted here, not in SQL: PostgreSQL's collation orders text differently from DuckDB's.
    return frame.sort_values(sort, kind="stable").reset_index(drop=True) if sort else frame


def area_choices(conn: Connection) -> pd.DataFrame:
    """Every area the filters can name: area_code, name, level (ward, lsoa, demo-zone...)."""
    a = schema.areas
    query = select(a.c.area_code, a.c.name, a.c.level).distinct()
    return _frame(conn, query, ["area_code", "name", "level"], sort=["level", "name", "area_code"])


def area_shapes(conn: Connection, levels: tuple[str, ...] = ()) -> pd.DataFrame:
    """Boundaries as GeoJSON text (EPSG:4326): area_code, name, level, geometry_geojson."""
    a = schema.areas
    query = select(a.c.area_code, a.c.name, a.c.level, a.c.geometry_geojson)
    if levels:
        query = query.where(a.c.level.in_(levels))
    return _frame(conn, query, ["area_code", "name", "level", "geometry_geojson"], sort=["area_code"])


def schools(conn: Connection) -> pd.DataFrame:
    s = schema.schools
    query = select(s.c.urn, s.c.name, s.c.phase, s.c.latitude, s.c.longitude)
    return _frame(conn, query, ["urn", "name", "phase", "latitude", "longitude"], sort=["name", "urn"])


def offence_groups(conn: Connection) -> list[str]:
    column = schema.incidents.c.offence_group
    return sorted(row[0] for row in conn.execute(select(column).distinct()).all())


def ethnicity_details(conn: Connection) -> list[str]:
    """The detailed ethnic groups victims are recorded in (the incident sources that have them)."""
    column = schema.incidents.c.victim_ethnicity_detail
    return sorted(row[0] for row in conn.execute(select(column).distinct().where(column.is_not(None))).all())


def date_range(conn: Connection) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day any incident, search or street crime falls on (a street crime's
    month, which police.uk gives alone, from its first day to its last)."""
    i, s, m = schema.incidents.c.occurred_on, schema.stop_search.c.occurred_on, schema.street_crimes.c.month
    first_i, last_i = conn.execute(select(func.min(i), func.max(i))).one()
    first_s, last_s = conn.execute(select(func.min(s), func.max(s))).one()
    first_m, last_m = conn.execute(select(func.min(m), func.max(m))).one()
    if last_m is not None:
        last_m = last_m.replace(day=calendar.monthrange(last_m.year, last_m.month)[1])
    firsts = [d for d in (first_i, first_s, first_m) if d is not None]
    lasts = [d for d in (last_i, last_s, last_m) if d is not None]
    return (min(firsts) if firsts else None), (max(lasts) if lasts else None)


def population_by(conn: Connection, key: str, *, year: int, filters: Filters,
                  age_bands: tuple[str, ...] = ()) -> pd.DataFrame:
    """Population in ``year`` grouped by ``key`` (ethnicity, sex or age_band): key, population.

    Narrowed by the filters' areas, sex and ethnicity, and to ``age_bands`` when given (the
    population table's own bands). Rows with ethnicity 'All' are left out of an
    ethnicity breakdown (they would double count).
    """
    p = schema.population
    clauses = [p.c.year == year]
    if filters.areas:
        clauses.append(p.c.area_code.in_(filters.areas))
    if filters.sex:
        clauses.append(p.c.sex == filters.sex)
    if filters.ethnicity:
        clauses.append(p.c.ethnicity == filters.ethnicity)
    if age_bands:
        clauses.append(p.c.age_band.in_(age_bands))
    clauses.append(p.c.ethnicity != "All")
    column = p.c[key]
    query = (select(column.label(key), func.sum(p.c.population).label("population"))
             .where(and_(true(), *clauses)).group_by(column))
    frame = _frame(conn, query, [key, "population"], sort=[key])
    frame["population"] = frame["population"].astype(int)
    return frame


def population_years(conn: Connection) -> list[int]:
    column = schema.population.c.year
    return [row[0] for row in conn.execute(select(column).distinct().order_by(column)).all()]


def indicator_values(conn: Connection, measures: tuple[str, ...], *, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> pd.DataFrame:
    """Outcome-measure values per period (summed over areas): measure, period_start, period_label, value."""
    v = schema.indicator_values
    clauses = [v.c.measure.in_(measures)]
    if date_from:
        clauses.append(v.c.period_start >= date_from)
    if date_to:
        clauses.append(v.c.period_end <= date_to)
    query = (select(v.c.measure, v.c.period_start, v.c.period_label, func.sum(v.c.value).label("value"))
             .where(and_(*clauses))
             .group_by(v.c.measure, v.c.period_start, v.c.period_label))
    frame = _frame(conn, query, ["measure", "period_start", "period_label", "value"], sort=["measure", "period_start"])
    frame["value"] = frame["value"].astype(float)
    return frame
