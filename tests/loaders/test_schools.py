"""Schools: the real point sample, and a GIAS file in British National Grid and Windows-1252."""

from __future__ import annotations

import csv

from tests.loaders.conftest import csv_text

POINTS = "dfe_schools_ks4_tower_hamlets/tower_hamlets_secondary_school_locations_and_ofsted.csv"
GIAS_HEADER = ["URN", "LA (name)", "EstablishmentName", "EstablishmentStatus (name)", "PhaseOfEducation (name)",
               "Easting", "Northing"]


def test_real_school_points_load(real_data, load, query):
    with (real_data / POINTS).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    [summary] = load("schools", real_data / POINTS)
    assert (summary.read, summary.loaded, summary.rejected) == (len(rows), len(rows), 0) == (16, 16, 0)
    stored = {r.urn: (r.name, r.latitude) for r in query("SELECT urn, name, latitude FROM schools")}
    assert stored["100965"][0] == "Bow School"
    assert abs(stored["100965"][1] - 51.5228627) < 1e-5  # stored as a 4-byte float: about 1 m


def test_the_same_schools_from_another_file_are_duplicates_not_changes(real_data, load, write_file):
    load("schools", real_data / POINTS)
    copy = write_file("copy.csv", (real_data / POINTS).read_text() + "\n")
    [summary] = load("schools", copy)
    assert (summary.read, summary.loaded, summary.duplicates, summary.replaced) == (16, 0, 16, 0)


def test_gias_in_bng_keeps_the_boroughs_open_schools(load, write_file, query):
    rows = [
        # The Tower of London is at about E 533,600 N 180,500: latitude 51.508, longitude -0.076.
        ["100001", "Tower Hamlets", "St Mary\u2019s School", "Open", "Secondary", "533600", "180500"],
        ["100002", "Hackney", "Elsewhere School", "Open", "Primary", "533000", "184000"],
        ["100003", "Tower Hamlets", "Old School", "Closed", "Primary", "535000", "181000"],
        ["100004", "Tower Hamlets", "Nowhere School", "Open", "Primary", "", ""],
    ]
    path = write_file("edubasealldata.csv", csv_text(GIAS_HEADER, rows), encoding="cp1252")
    [summary] = load("schools", path)
    assert (summary.read, summary.loaded, summary.rejected) == (4, 1, 3)
    [(name, lat, lon)] = query("SELECT name, latitude, longitude FROM schools")
    assert name == "St Mary\u2019s School"
    assert abs(lat - 51.508) < 0.002 and abs(lon - (-0.076)) < 0.003
    assert [tuple(r) for r in query("SELECT line, column_name FROM rejects ORDER BY line")] == \
        [(3, "la"), (4, "status"), (5, "easting")]
