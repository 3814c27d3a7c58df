"""Population: Census 2021 TS007A and ONS mid-year estimates, real samples."""

from __future__ import annotations

import csv

import pytest

from loaders.errors import UnreadableFile
from loaders.population import census_band, mid_year_band
from tests.loaders.conftest import csv_text

CENSUS = "census2021_tower_hamlets/census2021-ts007a-lsoa-tower_hamlets.csv"
MID_2019 = "ons_midyear_population_tower_hamlets/ons_mid2019_population_lsoa2011_tower_hamlets.csv"


@pytest.mark.parametrize("column, band", [
    ("age: aged 4 years and under", "0-4"), ("age: aged 10 to 14 years", "10-14"),
    ("age: aged 85 years and over", "85+"), ("age: total", None),
])
def test_census_age_columns_become_bands(column, band):
    assert census_band(column) == band


@pytest.mark.parametrize("column, expected", [
    ("persons_0-15", ("All", "0-15")), ("males_16-29", ("Male", "16-29")), ("females_65+", ("Female", "65+")),
    ("persons_all-ages", None),
])
def test_mid_year_columns_become_sex_and_band(column, expected):
    assert mid_year_band(column) == expected


def test_real_census_ts007a_matches_the_file(real_data, load, query):
    with (real_data / CENSUS).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    [summary] = load("population", real_data / CENSUS)
    assert (summary.read, summary.loaded, summary.rejected) == (len(rows), len(rows), 0) == (169, 169, 0)
    total = sum(int(r["Age: Total"]) for r in rows)
    assert query("SELECT SUM(population) FROM population WHERE year = 2021")[0][0] == total
    young = sum(int(r[f"Age: Aged {a} to {b} years"]) for r in rows for a, b in ((10, 14), (15, 19), (20, 24)))
    assert query("SELECT SUM(population) FROM population WHERE age_band IN ('10-14', '15-19', '20-24')")[0][0] == young


def test_real_mid_year_estimates_match_the_published_total(real_data, load, query):
    [summary] = load("population", real_data / MID_2019)
    assert (summary.read, summary.loaded) == (144, 144)
    # PROVENANCE.md: 144 rows, total 324,745.
    assert query("SELECT SUM(population) FROM population WHERE sex = 'All' AND year = 2019")[0][0] == 324_745
    males, females = (query(f"SELECT SUM(population) FROM population WHERE sex = '{s}'")[0][0] for s in ("Male", "Female"))
    assert males + females == 324_745


def test_mid_year_file_without_a_year_needs_the_flag(real_data, load, write_file, query):
    path = write_file("population.csv", (real_data / MID_2019).read_text())
    with pytest.raises(UnreadableFile, match="--year"):
        load("population", path)
    [summary] = load("population", path, year=2019)
    assert summary.loaded == 144


def test_negative_or_fractional_counts_are_rejected(load, write_file, query):
    text = ("date,geography,geography code,Age: Total,Age: Aged 4 years and under,Age: Aged 5 to 9 years\n"
            "2021,A,E01004198,10,4,6\n2021,B,E01004199,10,-4,6\n2021,C,E01004200,10,4,6.5\n2021,D,X1,1,1,0\n")
    [summary] = load("population", write_file("ts007a.csv", text))
    assert (summary.read, summary.loaded, summary.rejected) == (4, 1, 3)
    assert [tuple(r) for r in query("SELECT line, column_name FROM rejects ORDER BY line")] == \
        [(3, "age: aged 4 years and under"), (4, "age: aged 5 to 9 years"), (5, "area_code")]


def test_census_ts021_stores_the_five_groups_not_the_sub_groups_or_total(load, write_file, query):
    # The Nomis bulk TS021 layout: the total, each high-level group, then its sub-groups.
    header = ["date", "geography", "geography code", "Ethnic group: Total: All usual residents",
              "Ethnic group: Asian, Asian British or Asian Welsh",
              "Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi",
              "Ethnic group: Black, Black British, Black Welsh, Caribbean or African",
              "Ethnic group: Mixed or Multiple ethnic groups", "Ethnic group: White",
              "Ethnic group: White: English, Welsh, Scottish, Northern Irish or British",
              "Ethnic group: Other ethnic group"]
    rows = [["2021", "Tower Hamlets 002B", "E01004198", "100", "40", "30", "20", "5", "30", "20", "5"]]
    [summary] = load("population", write_file("census2021-ts021-lsoa.csv", csv_text(header, rows)))
    assert (summary.loaded, summary.rejected) == (1, 0)
    stored = {r.ethnicity: r.population for r in query("SELECT ethnicity, population FROM population")}
    assert stored == {"Asian": 40, "Black": 20, "Mixed": 5, "White": 30, "Other": 5}
    assert sum(stored.values()) == 100  # the five groups add up to the total
    assert query("SELECT DISTINCT age_band, sex FROM population")[0] == ("All ages", "All")
