"""The Met's knife crime extract and recorded crime counts, real samples and hand-made files."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from tests.loaders.conftest import csv_text

KNIFE = "mps_knife_crime_dashboard/mps_monthly_knife_crime_boroughs_and_tower_hamlets_snts.csv"
COUNTS = "mps_recorded_crime_tower_hamlets"
KNIFE_HEADER = ["month_year", "area_type", "borough_snt", "area_name", "area_code", "crime_type", "crime_subtype",
                "measure", "financial_year", "fy_fyindex", "count", "refresh_date", "sheet"]


def raw(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def knife_row(month="2023-04-01", borough="Tower Hamlets", count="7", subtype="Knife Injury Victims (1-24)"):
    return [month, "Borough", borough, borough, "E09000030", "Knife Crime", subtype, "Offences", "fy23-24",
            "23-24_01", count, "2026-03-18", "MPS_MonthlyCrimeDashboard_Other"]


def financial_year(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    start = year if number >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def test_real_knife_crime_loads_and_victims_by_year_match_the_file(real_data, load, query):
    rows = raw(real_data / KNIFE)
    [summary] = load("mps-knife-crime", real_data / KNIFE)
    assert (summary.read, summary.loaded, summary.duplicates, summary.rejected) == (len(rows), len(rows), 0, 0)
    expected = Counter()
    for row in rows:
        if row["area_name"] == "Tower Hamlets" and row["crime_subtype"] == "Knife Injury Victims (1-24)":
            expected[financial_year(row["month_year"])] += int(row["count"])
    stored = dict(query("SELECT financial_year, SUM(count) FROM knife_crime_counts WHERE area_name = 'Tower Hamlets' "
                        "AND crime_subtype = 'Knife Injury Victims (1-24)' GROUP BY 1"))
    assert stored == dict(expected)
    boroughs = {r["borough_snt"] for r in rows if r["area_type"] == "Borough"}
    assert query("SELECT COUNT(DISTINCT borough) FROM knife_crime_counts WHERE area_type = 'Borough'")[0][0] == len(boroughs)


def test_republished_knife_counts_replace_only_what_changed(load, write_file, query):
    first = [knife_row("2023-04-01", count="7"), knife_row("2023-05-01", count="4")]
    load("mps-knife-crime", write_file("first.csv", csv_text(KNIFE_HEADER, first)))
    again = [knife_row("2023-04-01", count="7"), knife_row("2023-05-01", count="5"), knife_row("2023-06-01", count="2")]
    [summary] = load("mps-knife-crime", write_file("second.csv", csv_text(KNIFE_HEADER, again)))
    assert (summary.read, summary.loaded, summary.duplicates, summary.replaced) == (3, 2, 1, 1)
    assert [tuple(r) for r in query("SELECT strftime(month, '%Y-%m'), count FROM knife_crime_counts ORDER BY 1")] == \
        [("2023-04", 7), ("2023-05", 5), ("2023-06", 2)]


def test_the_same_count_twice_in_one_file_is_rejected_not_merged(load, write_file, query):
    rows = [knife_row(count="7"), knife_row(count="9"), knife_row(count="-1", month="2023-05-01")]
    [summary] = load("mps-knife-crime", write_file("k.csv", csv_text(KNIFE_HEADER, rows)))
    assert (summary.read, summary.loaded, summary.rejected) == (3, 1, 2)
    reasons = dict(query("SELECT line, reason FROM rejects"))
    assert "repeats what line 2 already gives" in reasons[3]
    assert "outside the expected range" in reasons[4]


@pytest.mark.parametrize("name", [
    "mps_ward_level_crime_historical_tower_hamlets.csv",
    "mps_ward_level_crime_recent24m_tower_hamlets.csv",
    "mps_lsoa_level_crime_recent_tower_hamlets.csv",
    "mps_borough_level_crime_recent_all_london.csv",
])
def test_real_crime_counts_load_and_totals_match_the_file(real_data, load, query, name):
    path = real_data / COUNTS / name
    rows = raw(path)
    [summary] = load("mps-crime-counts", path)
    assert (summary.read, summary.loaded, summary.duplicates, summary.rejected) == (len(rows), len(rows), 0, 0)
    months = [c for c in rows[0] if c.strip().isdigit() and len(c.strip()) == 6]
    by_major = defaultdict(int)
    for row in rows:
        major = row.get("MajorText") or row.get("majortext") or row.get("major_category")
        by_major[major] += sum(int(row[m]) for m in months)
    assert dict(query("SELECT major_text, SUM(count) FROM crime_counts GROUP BY 1")) == dict(by_major)
    assert query("SELECT COUNT(*) FROM crime_counts")[0][0] == len(rows) * len(months)


def test_crime_counts_reject_a_bad_month_value_naming_the_month(load, write_file, query):
    header = ["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName", "202401", "202402"]
    rows = [["ROBBERY", "ROBBERY OF PERSONAL PROPERTY", "Bow East", "E05009318", "Tower Hamlets", "3", "x"],
            ["ROBBERY", "ROBBERY OF BUSINESS PROPERTY", "Bow East", "E05009318", "Tower Hamlets", "1", "0"],
            ["ROBBERY", "ROBBERY OF BUSINESS PROPERTY", "Bow West", "E0500931", "Tower Hamlets", "1", "0"]]
    [summary] = load("mps-crime-counts", write_file("w.csv", csv_text(header, rows)))
    assert (summary.read, summary.loaded, summary.rejected) == (3, 1, 2)
    assert [tuple(r) for r in query("SELECT line, column_name FROM rejects ORDER BY line")] == \
        [(2, "202402"), (4, "area_code")]


def test_crime_counts_without_month_columns_are_refused(load, write_file):
    from loaders.errors import UnknownHeader
    with pytest.raises(UnknownHeader, match="no month columns"):
        load("mps-crime-counts", write_file("w.csv", "MajorText,MinorText,BoroughName\nA,B,C\n"))
