"""Validation at the boundary, vectorised over a chunk of string records.

A ``Checks`` object wraps one chunk. Each check parses a column and marks the rows
that fail with the column and the reason; a row keeps its first failure. The
loader then takes ``checks.good()`` forward and hands ``checks.rejects()`` to the
framework, so every row is either carried on or kept with its reason.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pyproj import Transformer

AREA_CODE = r"^[EWSN]\d{8}$"
ENGLISH_AREA_CODE = r"^E0\d{7}$"
# The United Kingdom with its islands, generously: a point outside is a wrong coordinate.
UK_LATITUDE = (49.8, 60.95)
UK_LONGITUDE = (-8.7, 1.9)
BNG_EASTING = (0, 700_000)
BNG_NORTHING = (0, 1_300_000)
TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}

_TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def utc_now() -> dt.datetime:
    """The time now in UTC, naive (as the database stores it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Checks:
    """Checks over ``frame`` (string columns, ``_line``); failures accumulate per row."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.column = pd.Series(None, index=frame.index, dtype=object)
        self.reason = pd.Series(None, index=frame.index, dtype=object)

    def text(self, column: str) -> pd.Series:
        if column not in self.frame:
            return pd.Series("", index=self.frame.index, dtype=object)
        return self.frame[column].fillna("").astype(str).str.strip()

    def fail(self, mask: pd.Series, column: str, reason: str | pd.Series) -> None:
        """Mark rows in ``mask`` as rejected (a row keeps its first reason)."""
        new = mask & self.reason.isna()
        if not new.any():
            return
        self.column[new] = column
        self.reason[new] = reason[new] if isinstance(reason, pd.Series) else reason

    def required(self, *columns: str) -> None:
        for column in columns:
            self.fail(self.text(column).eq(""), column, "is blank but required")

    def number(self, column: str, *, low: float | None = None, high: float | None = None,
               integer: bool = False, required: bool = False) -> pd.Series:
        """The column as numbers (NaN where blank); rejects non-numbers and values out of range."""
        raw = self.text(column)
        values = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
        blank = raw.eq("")
        self.fail(~blank & values.isna(), column, "is not a number")
        if required:
            self.fail(blank, column, "is blank but required")
        if integer:
            self.fail(values.notna() & (values % 1 != 0), column, "is not a whole number")
        if low is not None or high is not None:
            outside = values.notna() & ~values.between(-np.inf if low is None else low,
                                                       np.inf if high is None else high)
            span = f"between {low:g} and {high:g}" if low is not None and high is not None else (
                f"at least {low:g}" if low is not None else f"at most {high:g}")
            self.fail(outside, column, raw.radd("is ") + f", outside the expected range ({span})")
        return values

    def timestamps(self, column: str, *, utc: bool = False, formats: str = "ISO8601",
                   required: bool = True, not_future: bool = True) -> pd.Series:
        """Parsed timestamps (naive; UTC when ``utc``); rejects unparseable and future ones."""
        raw = self.text(column)
        parsed = pd.to_datetime(raw.where(raw.ne("")), format=formats, errors="coerce", utc=utc)
        if utc:
            parsed = parsed.dt.tz_convert(None)
        blank = raw.eq("")
        self.fail(~blank & parsed.isna(), column, raw.radd("is '") + "', not a date this loader reads")
        if required:
            self.fail(blank, column, "is blank but required")
        if not_future:
            self.fail(parsed > pd.Timestamp(utc_now() + dt.timedelta(days=1)), column,
                      raw.radd("is ") + ", a date in the future")
        return parsed

    def month(self, column: str) -> pd.Series:
        """'YYYY-MM' (or a full date) as the first day of its month."""
        raw = self.text(column)
        parsed = pd.to_datetime(raw.str[:7] + "-01", format="%Y-%m-%d", errors="coerce")
        self.fail(parsed.isna(), column, raw.radd("is '") + "', not a month written YYYY-MM")
        self.fail(parsed > pd.Timestamp(utc_now()), column, raw.radd("is ") + ", a month in the future")
        return parsed

    def flag(self, column: str, *, required: bool = False) -> pd.Series:
        """True/False/yes/no/1/0 as booleans (None where blank and not required)."""
        raw = self.text(column).str.lower()
        values = pd.Series(None, index=raw.index, dtype=object)
        values[raw.isin(TRUE_WORDS)] = True
        values[raw.isin(FALSE_WORDS)] = False
        blank = raw.eq("")
        self.fail(~blank & values.isna(), column, "is not true/false or yes/no")
        if required:
            self.fail(blank, column, "is blank but required")
        return values

    def one_of(self, column: str, allowed: set[str], *, required: bool = False) -> pd.Series:
        raw = self.text(column)
        lowered = {a.lower(): a for a in allowed}
        values = raw.str.lower().map(lowered)
        blank = raw.eq("")
        self.fail(~blank & values.isna(), column, f"is not one of {', '.join(sorted(allowed))}")
        if required:
            self.fail(blank, column, "is blank but required")
        return values.where(~blank, None)

    def area_code(self, column: str, *, pattern: str = ENGLISH_AREA_CODE, required: bool = True) -> pd.Series:
        raw = self.text(column).str.upper()
        blank = raw.eq("")
        self.fail(~blank & ~raw.str.match(pattern), column,
                  raw.radd("is '") + "', not a well-formed area code (like E01004198)")
        if required:
            self.fail(blank, column, "is blank but required")
        return raw.where(~blank, None)

    def whole_numbers(self, columns: list[str], *, what: str) -> pd.DataFrame:
        """Several count columns as whole numbers from 0; a row fails on its first bad column."""
        counts = self.frame[columns].apply(lambda c: pd.to_numeric(c.astype(str).str.strip(), errors="coerce"))
        bad = counts.isna() | (counts < 0) | (counts % 1 != 0)
        first_bad = bad.idxmax(axis=1)
        for column in columns:
            self.fail(bad.any(axis=1) & first_bad.eq(column), column, f"is not a whole number of {what} from 0")
        return counts

    def wgs84_point(self, lat_column: str, lon_column: str, *, required: bool = False) -> tuple[pd.Series, pd.Series]:
        """Latitude and longitude (NaN where both blank); rejects a point outside the UK."""
        lat = self.number(lat_column, required=required)
        lon = self.number(lon_column, required=required)
        self.fail(lat.isna() != lon.isna(), lat_column, "has a latitude or a longitude but not both")
        self.fail(lat.notna() & ~lat.between(*UK_LATITUDE), lat_column,
                  self.text(lat_column).radd("is ") + ", outside the United Kingdom")
        self.fail(lon.notna() & ~lon.between(*UK_LONGITUDE), lon_column,
                  self.text(lon_column).radd("is ") + ", outside the United Kingdom")
        return lat, lon

    def bng_point(self, easting_column: str, northing_column: str) -> tuple[pd.Series, pd.Series]:
        """British National Grid (EPSG:27700) metres as WGS84 latitude and longitude."""
        east = self.number(easting_column, low=BNG_EASTING[0], high=BNG_EASTING[1])
        north = self.number(northing_column, low=BNG_NORTHING[0], high=BNG_NORTHING[1])
        self.fail(east.isna() != north.isna(), easting_column, "has an easting or a northing but not both")
        lon, lat = _TO_WGS84.transform(east.to_numpy(dtype=float), north.to_numpy(dtype=float))
        located = east.notna() & north.notna()
        return (pd.Series(lat, index=east.index).round(6).where(located),
                pd.Series(lon, index=east.index).round(6).where(located))

    @property
    def ok(self) -> pd.Series:
        return self.reason.isna()

    def rejects(self) -> pd.DataFrame:
        """Failed rows: ``_line``, ``column``, ``reason``."""
        bad = ~self.ok
        return pd.DataFrame({"_line": self.frame.loc[bad, "_line"], "column": self.column[bad],
                             "reason": self.reason[bad]})
