"""The Met's published counts (London Datastore): knife crime and recorded crime by area.

Both are counts, not records, so each goes to its own table (never ``incidents``):
a count has no victim to add to the strategy's victim measures. A republished file
replaces the counts it revises and adds nothing for the counts it repeats.
"""

from __future__ import annotations

import pandas as pd

from loaders import derive
from loaders.base import Context, Loader, Opened
from loaders.errors import UnknownHeader
from loaders.reading import Layout
from loaders.validate import Checks
from loaders.writing import ByKey
from storage import schema

MONTH_COLUMN = r"^\d{6}$"


class KnifeCrime(Loader):
    """Reads the Met's Monthly Crime Dashboard knife crime extract (long form: one count a row).

    Rejects: a ``month_year`` that is not a date or is in the future, a blank area,
    subtype or measure, a ``count`` that is not a whole number from 0, and a malformed
    ``area_code``. The same month, area, subtype and measure twice in one file is
    rejected; from an earlier load it is replaced when the count differs.
    """

    name = "mps-knife-crime"
    expected = ("the Met's monthly crime dashboard knife crime extract (month_year, area_type, "
                "borough_snt, area_name, crime_subtype, measure, count)")
    table = schema.knife_crime_counts
    layouts = [Layout(
        "MPS monthly crime dashboard",
        fields={"month": ("month_year",), "area_type": ("area_type",), "borough": ("borough_snt",),
                "area_name": ("area_name",), "crime_subtype": ("crime_subtype",), "measure": ("measure",),
                "count": ("count",)},
        optional={"area_code": ("area_code",), "refresh_date": ("refresh_date",)},
    )]

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        # Rows for crimes no borough holds ("Other / NK") leave area_name blank: name them by borough_snt.
        records = records.assign(area_name=records["area_name"].where(
            records["area_name"].fillna("").str.strip().ne(""), records["borough"]))
        checks = Checks(records)
        checks.required("area_type", "borough", "area_name", "crime_subtype", "measure")
        month = checks.month("month")
        count = checks.number("count", low=0, integer=True, required=True)
        area_code = checks.area_code("area_code", required=False)
        refreshed = checks.timestamps("refresh_date", required=False, formats="%Y-%m-%d", not_future=False)
        rows = pd.DataFrame({
            "_line": records["_line"],
            "month": month.dt.date,
            "area_type": checks.text("area_type"),
            "borough": checks.text("borough"),
            "area_name": checks.text("area_name"),
            "area_code": area_code,
            "crime_subtype": checks.text("crime_subtype"),
            "measure": checks.text("measure"),
            "count": count,
            "refresh_date": refreshed.dt.date,
        })[checks.ok]
        rows["count"] = rows["count"].astype(int)
        rows["financial_year"] = derive.financial_year(rows["month"])
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("month", "area_type", "borough", "area_name", "crime_subtype", "measure"),
                     values=("count",), scope="area_name")


_MAJOR = ("majortext", "major_category")
_MINOR = ("minortext", "minor_category")


class CrimeCounts(Loader):
    """Reads the Met's recorded crime counts by ward, LSOA or borough: one row per area and
    offence (MajorText/MinorText), one ``YYYYMM`` column per month (historical and recent files).

    Rejects a row whose offence texts or area are blank, whose area code is malformed, or
    any of whose month counts is not a whole number from 0 (the column says which). Counts
    for a month an earlier file holds are replaced when they differ (so load a recent
    file, whose first month can be partial, before the historical file that completes it).
    """

    name = "mps-crime-counts"
    expected = ("the Met's recorded crime counts by ward, LSOA or borough (MajorText, MinorText, the area, "
                "then one YYYYMM column per month)")
    table = schema.crime_counts
    chunk_rows = 2_000
    layouts = [
        Layout("ward", fields={"major_text": _MAJOR, "minor_text": _MINOR, "area_name": ("wardname",),
                               "area_code": ("wardcode",), "borough": ("lookup_boroughname",)}),
        Layout("lsoa", fields={"major_text": _MAJOR, "minor_text": _MINOR, "area_name": ("lsoa_name",),
                               "area_code": ("lsoa_code",), "borough": ("borough",)}),
        Layout("borough", fields={"major_text": _MAJOR, "minor_text": _MINOR, "area_name": ("boroughname",)}),
    ]

    def open(self, path) -> Opened:
        opened = super().open(path)
        if not any(pd.Series(opened.header).str.strip().str.match(MONTH_COLUMN)):
            raise UnknownHeader(f"has no month columns (named YYYYMM, like 202403); expected {self.expected}",
                                file=path)
        return opened

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        level = ctx.opened.layout.name
        checks = Checks(records)
        checks.required("major_text", "minor_text", "area_name")
        pattern = {"ward": r"^E05\d{6}$", "lsoa": r"^E01\d{6}$"}.get(level)
        area_code = checks.area_code("area_code", pattern=pattern, required=True) if pattern else None
        months = [c for c in records.columns if pd.Series([c]).str.match(MONTH_COLUMN).item()]
        counts = checks.whole_numbers(months, what="crimes")
        good = checks.ok
        wide = pd.DataFrame({
            "_line": records["_line"],
            "level": level,
            "major_text": checks.text("major_text"),
            "minor_text": checks.text("minor_text"),
            "area_name": checks.text("area_name"),
            "area_code": area_code if area_code is not None else None,
            "borough": checks.text("borough") if level != "borough" else checks.text("area_name"),
        }).join(counts)[good]
        rows = wide.melt(id_vars=[c for c in wide.columns if c not in months], value_vars=months,
                         var_name="yyyymm", value_name="count")
        rows["month"] = pd.to_datetime(rows.pop("yyyymm") + "01", format="%Y%m%d").dt.date
        rows["count"] = rows["count"].astype(int)
        rows["financial_year"] = derive.financial_year(rows["month"])
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("level", "borough", "area_name", "major_text", "minor_text", "month"),
                     values=("count",), scope="area_name")
