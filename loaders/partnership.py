"""The partnership's own extracts: incidents (police CRIS/CONNECT, A&E, ambulance) and
outcome-measure values. Both are private to the partnership; their CSV schemas are in
the README and templates in ``data/templates/``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from loaders import derive
from loaders.base import Context, Loader
from loaders.places import area_containing
from loaders.reading import Layout
from loaders.validate import Checks
from loaders.writing import ByKey
from storage import schema
from strategy import OUTCOME_MEASURES

OFFENCE_GROUPS = {derive.MOST_SERIOUS_VIOLENCE, "Violence with injury", "Violence without injury", "Robbery",
                  "Sexual offences"}
WEAPONS = {derive.KNIFE, "Firearm", "Other weapon", "None"}
SEXES = {"Male", "Female", "Other", "Not known"}
NEAR_SCHOOL_METRES = 400
INCIDENT_COLUMNS = ("incident_id", "occurred_at", "offence_group", "weapon", "injury", "domestic_abuse",
                    "victim_age", "victim_sex", "victim_ethnicity", "latitude", "longitude", "easting",
                    "northing", "location_type")
INCIDENT_VALUES = ("occurred_at", "occurred_on", "offence_group", "weapon", "injury", "domestic_abuse", "victim_age",
                   "victim_sex", "victim_ethnicity_detail", "latitude", "longitude", "location_type")
INDICATOR_COLUMNS = ("measure", "period_start", "period_end", "period_label", "area_code", "value",
                     "numerator", "denominator")


def _template_layout(name: str, columns: tuple[str, ...], required: tuple[str, ...]) -> Layout:
    return Layout(name, fields={c: (c,) for c in required},
                  optional={c: (c,) for c in columns if c not in required})


class Incidents(Loader):
    """Reads the partnership's incident extract, one row per victim (see data/templates/incidents.csv).

    ``occurred_at`` is Europe/London local time, ``YYYY-MM-DD HH:MM`` or ``DD/MM/YYYY HH:MM``;
    a date alone means no time of day (``has_time`` False, left out of hour views).
    Location is ``latitude``/``longitude`` (WGS84) or ``easting``/``northing`` (British
    National Grid), or blank. Rejects: a blank ``incident_id``, an unreadable or future
    date, an offence group or weapon outside the listed ones, injury or domestic abuse
    that is not yes/no, an age outside 0 to 120, a sex outside Male/Female/Other/Not known,
    and a point outside the UK, and an ``incident_id`` repeated within the file. An
    ``incident_id`` an earlier load holds is a duplicate when nothing changed, and replaces
    the earlier row when something did (a corrected extract).
    """

    name = "incidents"
    expected = "the partnership's incident extract CSV (incident_id, occurred_at, offence_group, weapon, ...; see data/templates/incidents.csv)"
    table = schema.incidents
    is_private = True
    layouts = [_template_layout("incidents", INCIDENT_COLUMNS,
                                ("incident_id", "occurred_at", "offence_group", "weapon", "injury",
                                 "domestic_abuse", "victim_age", "victim_sex"))]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        # DD/MM/YYYY (as CRIS exports write it) becomes ISO before parsing.
        records = records.assign(occurred_at=records["occurred_at"].astype(str).str.strip().str.replace(
            r"^(\d{1,2})/(\d{1,2})/(\d{4})", lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", regex=True))
        checks = Checks(records)
        checks.required("incident_id")
        raw_time = checks.text("occurred_at")
        local = checks.timestamps("occurred_at", required=True)
        has_time = raw_time.str.contains(r"\d:\d", regex=True)
        checks.one_of("offence_group", OFFENCE_GROUPS, required=True)
        checks.one_of("weapon", WEAPONS, required=True)
        injury = checks.flag("injury", required=True)
        domestic = checks.flag("domestic_abuse", required=True)
        age = checks.number("victim_age", low=0, high=120, integer=True)
        sex = checks.one_of("victim_sex", SEXES)
        lat, lon = checks.wgs84_point("latitude", "longitude")
        bng_lat, bng_lon = checks.bng_point("easting", "northing")
        lat, lon = lat.fillna(bng_lat), lon.fillna(bng_lon)
        ethnicity = checks.text("victim_ethnicity")
        rows = pd.DataFrame({
            "_line": records["_line"],
            "incident_id": checks.text("incident_id"),
            "occurred_at": local,
            "has_time": has_time,
            "offence_group": checks.one_of("offence_group", OFFENCE_GROUPS),
            "weapon": checks.one_of("weapon", WEAPONS),
            "injury": injury,
            "domestic_abuse": domestic,
            "victim_age": age.where(age % 1 == 0).astype("Int64"),
            "victim_sex": sex.fillna("Not known"),
            "victim_ethnicity": derive.ethnic_group(ethnicity),
            "victim_ethnicity_detail": ethnicity.replace("", None),
            "location_type": checks.text("location_type").replace("", "Not recorded"),
            "latitude": lat,
            "longitude": lon,
        })[checks.ok]
        rows = rows.join(derive.time_columns(rows["occurred_at"], has_time=rows["has_time"]))
        rows["occurred_at"] = rows["occurred_at"].where(rows["has_time"])
        rows["injury"] = rows["injury"].astype(bool)
        rows["domestic_abuse"] = rows["domestic_abuse"].astype(bool)
        rows["age_band"] = derive.age_band(rows["victim_age"])
        rows = rows.join(derive.strategy_flags(rows.assign(victim_age=rows["victim_age"].astype("float"))))
        rows["near_school"] = _near_school(ctx, rows["latitude"], rows["longitude"])
        for level, column in (("ward", "area_code"), ("lsoa", "lsoa_code")):
            rows[column] = area_containing(ctx.conn, ctx.cache, level=level, latitudes=rows["latitude"],
                                           longitudes=rows["longitude"])
        return derive.add_h3(rows), checks.rejects()

    def strategy(self) -> ByKey:
        # The ID is unique per victim: a corrected extract replaces what changed.
        return ByKey(self.table, key=("incident_id",), values=INCIDENT_VALUES, scope="incident_id")

    def coverage(self, rows):
        if rows.empty:
            return None, None
        return min(rows["occurred_on"]), max(rows["occurred_on"])


def _near_school(ctx: Context, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Within 400 m of a loaded school (the demo's rule)."""
    if "schools" not in ctx.cache:
        ctx.cache["schools"] = ctx.conn.execute(
            select(schema.schools.c.latitude, schema.schools.c.longitude)).all()
    nearest = np.full(len(lat), np.inf)
    for school_lat, school_lon in ctx.cache["schools"]:
        nearest = np.minimum(nearest, derive.haversine_metres(lat.to_numpy(float), lon.to_numpy(float),
                                                              school_lat, school_lon))
    return pd.Series(nearest <= NEAR_SCHOOL_METRES, index=lat.index)


class Indicators(Loader):
    """Reads values of the strategy's outcome measures (see data/templates/indicators.csv).

    Rejects: a ``measure`` the strategy does not list, dates that are not YYYY-MM-DD, a
    period that ends before it starts or starts in the future, a malformed area code, a
    ``value`` that is not a number, a negative numerator or denominator, and a numerator
    above its denominator. The same measure, period and area again replaces the earlier
    value when it differs.
    """

    name = "indicators"
    expected = "the partnership's outcome-measure values CSV (measure, period_start, period_end, area_code, value, ...; see data/templates/indicators.csv)"
    table = schema.indicator_values
    is_private = True
    layouts = [_template_layout("indicators", INDICATOR_COLUMNS,
                                ("measure", "period_start", "period_end", "area_code", "value"))]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        checks = Checks(records)
        measure = checks.one_of("measure", {m.measure for m in OUTCOME_MEASURES}, required=True)
        start = checks.timestamps("period_start", formats="%Y-%m-%d")
        end = checks.timestamps("period_end", formats="%Y-%m-%d", not_future=False)
        checks.fail(end < start, "period_end", "is before period_start")
        area = checks.area_code("area_code")
        value = checks.number("value", required=True)
        numerator = checks.number("numerator", low=0)
        denominator = checks.number("denominator", low=0)
        checks.fail(numerator > denominator, "numerator", "is above the denominator")
        label = checks.text("period_label")
        rows = pd.DataFrame({
            "_line": records["_line"],
            "measure": measure,
            "period_start": start.dt.date,
            "period_end": end.dt.date,
            "period_label": label.where(label.ne(""), start.dt.strftime("%Y-%m-%d") + " to "
                                        + end.dt.strftime("%Y-%m-%d")),
            "area_code": area,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
        })[checks.ok]
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("measure", "period_start", "period_end", "area_code"),
                     values=("value", "numerator", "denominator"), scope="measure")

    def coverage(self, rows):
        if rows.empty:
            return None, None
        return min(rows["period_start"]), max(rows["period_end"])
