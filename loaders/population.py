"""Population by area, age band and sex: ONS Census 2021 TS007A, and ONS mid-year estimates.

Census 2021 TS007A (five-year age bands, no sex split) is stored with sex "All";
the mid-year estimates by LSOA (broad bands by Persons, Males, Females) as sex All,
Male and Female, both with ethnicity "All". Census 2021 TS021 (ethnic group) is stored
by the five ONS groups with age band "All ages" and sex "All". Age bands keep
the file's own labels ("10-14", "16-29"): bands from different tables do not nest,
so never add bands of different years or tables together.
"""

from __future__ import annotations

import re

import pandas as pd

from loaders import derive
from loaders.base import Context, Loader, Opened
from loaders.errors import UnknownHeader, UnreadableFile
from loaders.reading import Layout, normalise
from loaders.validate import Checks
from loaders.writing import ByKey
from storage import schema

CENSUS_AGE = re.compile(r"^age: aged (\d+) (?:to (\d+) years|years and (under|over))$")
MID_YEAR_AGE = re.compile(r"^(persons|males|females)_(\d+)(?:-(\d+)|\+)$")
SEX = {"persons": "All", "males": "Male", "females": "Female"}
CENSUS_ETHNIC_GROUP = re.compile(r"^ethnic group: ([^:]+)$")
ALL_AGES = "All ages"


def census_ethnic_group(column: str) -> str | None:
    """'ethnic group: asian, asian british or asian welsh' -> 'Asian'; sub-groups and the total -> None."""
    match = CENSUS_ETHNIC_GROUP.match(column)
    if not match or match.group(1).startswith("total"):
        return None
    group = derive.ethnic_group(pd.Series([match.group(1)])).iloc[0]
    return None if group == derive.NOT_STATED else group


def _census_columns(columns) -> dict[str, tuple[str, str, str]]:
    """Census count columns -> (sex, age band, ethnicity)."""
    found = {c: ("All", census_band(c), "All") for c in columns if census_band(c)}
    found.update({c: ("All", ALL_AGES, census_ethnic_group(c)) for c in columns if census_ethnic_group(c)})
    return found


def census_band(column: str) -> str | None:
    """'age: aged 5 to 9 years' -> '5-9'; 'aged 4 years and under' -> '0-4'; '85 ... over' -> '85+'."""
    match = CENSUS_AGE.match(column)
    if not match:
        return None
    low, high, open_end = match.groups()
    if open_end == "under":
        return f"0-{low}"
    if open_end == "over":
        return f"{low}+"
    return f"{low}-{high}"


def mid_year_band(column: str) -> tuple[str, str] | None:
    """'males_16-29' -> ('Male', '16-29'); 'persons_65+' -> ('All', '65+'); totals -> None."""
    match = MID_YEAR_AGE.match(column)
    if not match:
        return None
    sex, low, high = match.groups()
    return SEX[sex], f"{low}-{high}" if high else f"{low}+"


class Population(Loader):
    """Reads Census 2021 TS007A or TS021 (``date, geography, geography code``, then ``Age: ...``
    or ``Ethnic group: ...``) or mid-year estimates (``LSOA11CD``/``LSOA21CD`` then
    ``Persons_0-15``, ``Males_...``, ``Females_...``).

    Rejects a row with a malformed area code, a year outside 1991 to this year, or any
    count that is not a whole number from 0. The mid-year file's year comes from its
    name (``mid2019``) or ``--year``; without either the file is refused.
    """

    name = "population"
    expected = ("ONS Census 2021 TS007A or TS021 (date, geography code, then Age: Aged ... or Ethnic group: ... "
                "columns) or ONS mid-year estimates by LSOA (LSOA11CD, Persons_0-15, Males_..., Females_...)")
    table = schema.population
    chunk_rows = 5_000
    layouts = [
        Layout("census", fields={"area_code": ("geography code",), "year": ("date",)}),
        Layout("mid-year", fields={"area_code": ("LSOA21CD", "LSOA11CD", "lsoa_code", "area_code")}),
    ]

    def open(self, path) -> Opened:
        opened = super().open(path)
        header = [normalise(h) for h in opened.header]
        if opened.layout.name == "census" and not _census_columns(header):
            raise UnknownHeader(f"has no 'Age: Aged ...' or 'Ethnic group: ...' columns; expected {self.expected}",
                                file=path)
        if opened.layout.name == "mid-year":
            if not any(mid_year_band(h) for h in header):
                raise UnknownHeader(f"has no Persons_/Males_/Females_ age columns; expected {self.expected}",
                                    file=path)
            if not self.options.get("year") and not re.search(r"mid[-_]?(\d{4})", path.name, re.IGNORECASE):
                raise UnreadableFile("does not say its year; give it with --year", file=path)
        return opened

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        census = ctx.opened.layout.name == "census"
        checks = Checks(records)
        code = checks.area_code("area_code")
        if census:
            year = checks.number("year", low=1991, high=pd.Timestamp.now().year, integer=True, required=True)
            bands = _census_columns(records.columns)
        else:
            named = re.search(r"mid[-_]?(\d{4})", ctx.opened.path.name, re.IGNORECASE)
            year = pd.Series(int(self.options.get("year") or named.group(1)), index=records.index)
            bands = {c: (*mid_year_band(c), "All") for c in records.columns if mid_year_band(c)}
        counts = checks.whole_numbers(list(bands), what="people")
        wide = counts.assign(_line=records["_line"], area_code=code, year=year)[checks.ok]
        rows = wide.melt(id_vars=["_line", "area_code", "year"], var_name="column", value_name="population")
        rows["sex"] = rows["column"].map(lambda c: bands[c][0])
        rows["age_band"] = rows["column"].map(lambda c: bands[c][1])
        rows["ethnicity"] = rows.pop("column").map(lambda c: bands[c][2])
        rows["year"] = rows["year"].astype(int)
        rows["population"] = rows["population"].astype(int)
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("area_code", "year", "age_band", "sex", "ethnicity"),
                     values=("population",), scope="area_code")

    def coverage(self, rows):
        if rows.empty:
            return None, None
        return pd.Timestamp(int(rows["year"].min()), 1, 1).date(), pd.Timestamp(int(rows["year"].max()), 12, 31).date()
