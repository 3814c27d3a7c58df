"""Schools: the DfE's Get Information about Schools (GIAS) CSV, or any CSV with URN,
name, latitude and longitude (https://get-information-schools.service.gov.uk/Downloads)."""

from __future__ import annotations

import pandas as pd

from loaders.base import Context, Loader
from loaders.reading import Layout
from loaders.validate import Checks
from loaders.writing import ByKey
from storage import schema

_URN = ("URN", "school_urn")
_NAME = ("EstablishmentName", "school_name", "name")
_OPTIONAL = {"phase": ("PhaseOfEducation (name)", "phase", "Phase"), "la": ("LA (name)", "la_name"),
             "status": ("EstablishmentStatus (name)", "status")}


class Schools(Loader):
    """Reads GIAS (Easting/Northing in British National Grid, EPSG:27700) or a URN/name/
    Latitude/Longitude CSV.

    Keeps the borough's open schools when the file says the local authority and status
    (GIAS does); rejects a school of another authority, a closed school, a URN that is not
    a number, a blank name, and a school without a location or located outside the UK.
    A URN an earlier load holds is replaced when its name, phase or place changed.
    """

    name = "schools"
    expected = "a DfE Get Information about Schools CSV (URN, EstablishmentName, Easting, Northing) or a CSV with URN, name, Latitude, Longitude"
    table = schema.schools
    layouts = [
        Layout("gias", fields={"urn": _URN, "name": _NAME, "easting": ("Easting",), "northing": ("Northing",)},
               optional=_OPTIONAL),
        Layout("latlon", fields={"urn": _URN, "name": _NAME, "latitude": ("Latitude", "lat"),
                                 "longitude": ("Longitude", "lon", "lng")}, optional=_OPTIONAL),
    ]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        checks = Checks(records)
        checks.number("urn", low=100000, high=999999, integer=True, required=True)
        checks.required("name")
        if "la" in records and self.borough:
            la = checks.text("la")
            checks.fail(la.ne(self.borough), "la", la.radd("is in ") + f", not {self.borough}")
        if "status" in records:
            checks.fail(checks.text("status").str.lower().str.startswith("closed"), "status", "is closed")
        if ctx.opened.layout.name == "gias":
            lat, lon = checks.bng_point("easting", "northing")
            column = "easting"
        else:
            lat, lon = checks.wgs84_point("latitude", "longitude")
            column = "latitude"
        checks.fail(lat.isna(), column, "is blank: the school has no location")
        rows = pd.DataFrame({
            "_line": records["_line"],
            "urn": checks.text("urn"),
            "name": checks.text("name"),
            "phase": checks.text("phase").replace("", None),
            "latitude": lat,
            "longitude": lon,
        })[checks.ok]
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("urn",), values=("name", "phase", "latitude", "longitude"), scope="urn")

    def coverage(self, rows):
        return None, None
