"""police.uk CSVs: stop and search, and street-level crime (data.police.uk/data/).

Both keep every row of a file, identical ones included, and replace a month (and,
for street crime, a force) that an earlier load holds, so a republished month is
never doubled. Only the borough's rows are kept: street crime by its LSOA name
("Tower Hamlets 001A"), stop and search by its point inside the borough boundary
when ``boundaries`` has loaded one (otherwise every row with a valid point is kept).
"""

from __future__ import annotations

import pandas as pd

from loaders import derive
from loaders.base import Context, Loader
from loaders.places import area_containing, borough_code
from loaders.reading import Layout
from loaders.validate import Checks
from loaders.writing import ByPeriod
from storage import schema

AGE_RANGES = {"under 10", "10-17", "18-24", "25-34", "over 34"}


class StopSearch(Loader):
    """Reads a police.uk stop and search CSV (one force and month, or several concatenated).

    Rejects: a ``Date`` that is not ISO-8601 or is in the future, a point outside the
    UK or (when the borough's boundary is loaded by name) outside the borough, an ``Age range``
    police.uk does not use, operation and outcome flags that are not True/False.
    ``Date`` is kept in UTC; hour, weekday, month and term time are Europe/London.
    """

    name = "police-uk-stop-search"
    expected = "a police.uk stop and search CSV (Type, Date, ..., Latitude, Longitude, Gender, Age range, ...)"
    table = schema.stop_search
    layouts = [Layout(
        "police.uk stop and search",
        fields={"search_type": ("Type",), "date": ("Date",), "latitude": ("Latitude",),
                "longitude": ("Longitude",), "gender": ("Gender",), "age_range": ("Age range",),
                "self_defined_ethnicity": ("Self-defined ethnicity",),
                "officer_defined_ethnicity": ("Officer-defined ethnicity",),
                "legislation": ("Legislation",), "object_of_search": ("Object of search",),
                "outcome": ("Outcome",)},
        optional={"part_of_operation": ("Part of a policing operation",),
                  "operation_name": ("Policing operation",),
                  "outcome_linked_to_object": ("Outcome linked to object of search",),
                  "removal_of_outer_clothing": ("Removal of more than just outer clothing",)},
    )]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        checks = Checks(records)
        utc = checks.timestamps("date", utc=True)
        lat, lon = checks.wgs84_point("latitude", "longitude")
        checks.one_of("age_range", AGE_RANGES)
        flags = {c: checks.flag(c) for c in ("part_of_operation", "outcome_linked_to_object",
                                             "removal_of_outer_clothing")}
        code = borough_code(ctx.conn, ctx.cache, self.borough) if self.borough else None
        if code:
            inside = area_containing(ctx.conn, ctx.cache, level="borough", latitudes=lat, longitudes=lon,
                                     code=code).notna()
            checks.fail(lat.isna(), "latitude", "has no location, so it cannot be placed in the borough")
            checks.fail(~inside, "latitude", f"is outside {self.borough} ({code})")
        good = checks.ok
        local = utc.dt.tz_localize("UTC").dt.tz_convert(derive.LONDON).dt.tz_localize(None)
        rows = pd.DataFrame({
            "_line": records["_line"],
            "search_id": str(ctx.source_id) + "-" + records["_line"].astype(str),
            "search_type": checks.text("search_type"),
            "occurred_at_utc": utc,
            "occurred_at": local,
            "part_of_operation": flags["part_of_operation"],
            "operation_name": checks.text("operation_name").replace("", None),
            "latitude": lat,
            "longitude": lon,
            "gender": checks.text("gender").replace("", None),
            "age_range": checks.text("age_range").replace("", None),
            "self_defined_ethnicity": checks.text("self_defined_ethnicity").replace("", None),
            "self_defined_ethnic_group": derive.ethnic_group(checks.text("self_defined_ethnicity")),
            "officer_defined_ethnicity": checks.text("officer_defined_ethnicity").replace("", None),
            "legislation": checks.text("legislation").replace("", None),
            "object_of_search": checks.text("object_of_search").replace("", None),
            "outcome": checks.text("outcome").replace("", None),
            "outcome_linked_to_object": flags["outcome_linked_to_object"],
            "removal_of_outer_clothing": flags["removal_of_outer_clothing"],
        })[good]
        rows = rows.join(derive.time_columns(rows["occurred_at"], has_time=pd.Series(True, index=rows.index)))
        rows["area_code"] = area_containing(ctx.conn, ctx.cache, level="ward",
                                            latitudes=rows["latitude"], longitudes=rows["longitude"])
        return derive.add_h3(rows), checks.rejects()

    def strategy(self) -> ByPeriod:
        # The month is the Europe/London month, as police.uk files it: a search at 00:30 BST
        # on 1 July is 23:30 UTC on 30 June, and is in July's file.
        return ByPeriod(self.table, period=("month",))


class Street(Loader):
    """Reads a police.uk street-level crime CSV (any force; one month or several).

    Keeps the borough's rows (LSOA name starting with the borough's name; ``--borough ''``
    keeps all). Rejects: a ``Month`` that is not YYYY-MM or is in the future, a blank
    ``Crime type`` or ``Reported by``, a point outside the UK, a malformed LSOA code, and
    rows outside the borough. A ``Crime ID`` an earlier load holds (outside the months
    this file replaces) is a duplicate; blank IDs (anti-social behaviour) never are.
    Month only: ``has_time`` is False and ``hour`` null, so hour views leave these out.
    """

    name = "police-uk-street"
    expected = "a police.uk street-level crime CSV (Crime ID, Month, Reported by, Falls within, ...)"
    table = schema.street_crimes
    layouts = [Layout(
        "police.uk street",
        fields={"crime_id": ("Crime ID",), "month": ("Month",), "reported_by": ("Reported by",),
                "falls_within": ("Falls within",), "longitude": ("Longitude",), "latitude": ("Latitude",),
                "location": ("Location",), "lsoa_code": ("LSOA code",), "lsoa_name": ("LSOA name",),
                "crime_type": ("Crime type",)},
        optional={"last_outcome_category": ("Last outcome category",), "context": ("Context",)},
    )]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        checks = Checks(records)
        month = checks.month("month")
        checks.required("crime_type", "reported_by")
        lat, lon = checks.wgs84_point("latitude", "longitude")
        lsoa = checks.area_code("lsoa_code", required=False)
        lsoa_name = checks.text("lsoa_name")
        if self.borough:
            checks.fail(~lsoa_name.str.startswith(self.borough + " "), "lsoa_name",
                        f"is not in {self.borough} (its LSOA name does not start with '{self.borough}')")
        rows = pd.DataFrame({
            "_line": records["_line"],
            "crime_id": checks.text("crime_id").replace("", None),
            "month": month.dt.date,
            "has_time": False,
            "hour": pd.Series(pd.NA, index=records.index, dtype="Int64"),
            "reported_by": checks.text("reported_by"),
            "falls_within": checks.text("falls_within").replace("", None),
            "crime_type": checks.text("crime_type"),
            "last_outcome_category": checks.text("last_outcome_category").replace("", None),
            "location": checks.text("location").replace("", None),
            "context": checks.text("context").replace("", None),
            "latitude": lat,
            "longitude": lon,
            "lsoa_code": lsoa,
            "lsoa_name": lsoa_name.replace("", None),
        })[checks.ok]
        rows["financial_year"] = derive.financial_year(rows["month"])
        rows["area_code"] = area_containing(ctx.conn, ctx.cache, level="ward",
                                            latitudes=rows["latitude"], longitudes=rows["longitude"])
        return derive.add_h3(rows), checks.rejects()

    def strategy(self) -> ByPeriod:
        return ByPeriod(self.table, period=("month", "reported_by"), id_column="crime_id")
