"""police.uk loaders against the real Tower Hamlets samples and hand-made files.

Expected counts are computed here from the raw file with the csv module and zoneinfo,
independently of the loader's pandas code.
"""

from __future__ import annotations

import csv
import json
import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from metrics.filters import Filters
from metrics.measures import MEASURES
from storage import queries
from storage.engine import make_engine
from tests.loaders.conftest import STOP_SEARCH_HEADER, STREET_HEADER, csv_text, search_row, street_row

LONDON = ZoneInfo("Europe/London")
STOP_SEARCH = "police_uk_stop_and_search_tower_hamlets/tower_hamlets_stop_and_search_2015-04_to_2024-08.csv"
STREET = "police_uk_street_burglary_tower_hamlets/tower_hamlets_street_burglary_2021-01_to_2025-02.csv"


def raw_rows(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def local(date_text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date_text).astimezone(LONDON)


def loaded_once(tmp_path_factory, source: str, paths: list):
    """Load ``paths`` into a fresh database; yield the summaries and a read-only connection."""
    from loaders.ingest import ingest
    from loaders.sources import loader_for

    folder = tmp_path_factory.mktemp(source)
    url = f"duckdb:///{folder / 'vve.duckdb'}"
    summaries = ingest(loader_for(source), paths, url=url, loads_dir=folder / "loads")
    engine = make_engine(url, read_only=True)
    with engine.connect() as conn:
        yield summaries, conn
    engine.dispose()


@pytest.fixture(scope="module")
def real_stop_search(real_data, tmp_path_factory):
    """The real stop and search sample loaded once into a fresh database."""
    for [summary], conn in loaded_once(tmp_path_factory, "police-uk-stop-search", [real_data / STOP_SEARCH]):
        yield summary, conn, raw_rows(real_data / STOP_SEARCH)


def test_real_stop_search_loads_every_row_and_reconciles(real_stop_search):
    summary, conn, raw = real_stop_search
    assert summary.read == len(raw) == 41_255  # the PROVENANCE's row count
    assert (summary.loaded, summary.duplicates, summary.rejected) == (len(raw), 0, 0)
    stored = conn.exec_driver_sql("SELECT COUNT(*) FROM stop_search").scalar_one()
    assert stored == len(raw)
    # Identical rows in a month's file are separate searches: all of them are stored.
    identical = sum(n - 1 for n in Counter(tuple(r.values()) for r in raw).values() if n > 1)
    assert identical > 0
    assert stored == len(raw)


def test_real_stop_search_hour_and_weekday_are_london_time(real_stop_search):
    summary, conn, raw = real_stop_search
    expected = Counter((local(r["Date"]).weekday(), local(r["Date"]).hour) for r in raw)
    shown = queries.count_by(conn, MEASURES["stop_and_search"], "weekday_hour", Filters())
    assert {(w, h): v for w, h, v in shown.itertuples(index=False)} == dict(expected)
    # DESIGN.md: 10-17-year-olds peak at 16:00 with 530, 731 and 631 searches at 15, 16 and 17.
    young = Counter(local(r["Date"]).hour for r in raw if r["Age range"] == "10-17")
    assert [young[15], young[16], young[17]] == [530, 731, 631]
    by_hour = dict(conn.exec_driver_sql(
        "SELECT hour, COUNT(*) FROM stop_search WHERE age_range = '10-17' GROUP BY hour").all())
    assert [by_hour[15], by_hour[16], by_hour[17]] == [530, 731, 631]


def test_real_stop_search_keeps_utc_and_files_by_london_month(real_stop_search):
    summary, conn, raw = real_stop_search
    first = min(raw, key=lambda r: r["Date"])
    utc = dt.datetime.fromisoformat(first["Date"]).astimezone(dt.UTC).replace(tzinfo=None)
    assert conn.exec_driver_sql("SELECT MIN(occurred_at_utc) FROM stop_search").scalar_one() == utc
    months = Counter(local(r["Date"]).strftime("%Y-%m") for r in raw)
    stored = dict(conn.exec_driver_sql("SELECT strftime(month, '%Y-%m'), COUNT(*) FROM stop_search GROUP BY 1").all())
    assert stored == dict(months)


def test_real_stop_search_ethnicity_normalised_with_original_kept(real_stop_search):
    summary, conn, raw = real_stop_search
    label = "Asian or Asian British - Bangladeshi (A3)"
    assert conn.exec_driver_sql(
        "SELECT COUNT(*) FROM stop_search WHERE self_defined_ethnicity = ?", (label,)).scalar_one() == \
        sum(r["Self-defined ethnicity"] == label for r in raw)
    asian = sum(r["Self-defined ethnicity"].lower().startswith("asian") for r in raw)
    assert conn.exec_driver_sql(
        "SELECT COUNT(*) FROM stop_search WHERE self_defined_ethnic_group = 'Asian'").scalar_one() == asian


def test_bst_moves_the_hour_and_the_month(load, write_file, query):
    rows = [
        search_row(date="2023-07-10T15:30:00+00:00"),  # BST: 16:30 local
        search_row(date="2023-01-10T15:30:00+00:00"),  # GMT: 15:30 local
        search_row(date="2023-06-30T23:30:00+00:00"),  # 00:30 on 1 July in London
    ]
    load("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, rows)))
    stored = query("SELECT hour, strftime(month, '%Y-%m'), weekday FROM stop_search ORDER BY occurred_at_utc")
    assert [tuple(r) for r in stored] == [(15, "2023-01", 1), (0, "2023-07", 5), (16, "2023-07", 0)]


def test_a_republished_month_replaces_the_earlier_one(load, write_file, query):
    june = [search_row(date=f"2023-06-{d:02d}T12:00:00+00:00") for d in range(1, 11)]
    july = [search_row(date=f"2023-07-{d:02d}T12:00:00+00:00") for d in range(1, 6)]
    load("police-uk-stop-search", write_file("first.csv", csv_text(STOP_SEARCH_HEADER, june + july)))
    republished = [search_row(date=f"2023-06-{d:02d}T12:00:00+00:00") for d in range(1, 8)]
    [summary] = load("police-uk-stop-search", write_file("june.csv", csv_text(STOP_SEARCH_HEADER, republished)))
    assert (summary.read, summary.loaded, summary.replaced) == (7, 7, 10)
    counts = dict(query("SELECT strftime(month, '%Y-%m'), COUNT(*) FROM stop_search GROUP BY 1"))
    assert counts == {"2023-06": 7, "2023-07": 5}


def test_identical_rows_in_one_file_are_all_kept(load, write_file, query):
    rows = [search_row()] * 3 + [search_row(age="18-24")]
    [summary] = load("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, rows)))
    assert (summary.loaded, summary.duplicates) == (4, 0)
    assert query("SELECT COUNT(*) FROM stop_search")[0][0] == 4


@pytest.fixture(scope="module")
def real_street(real_data, tmp_path_factory):
    """The real street crime sample loaded twice (the second time adds nothing)."""
    for summaries, conn in loaded_once(tmp_path_factory, "police-uk-street", [real_data / STREET] * 2):
        yield summaries, conn, raw_rows(real_data / STREET)


def test_real_street_crime_loads_by_month_without_time(real_street):
    (first, again), conn, raw = real_street
    assert (first.read, first.loaded, first.duplicates, first.rejected) == (len(raw), len(raw), 0, 0)
    assert len(raw) == 9_804
    months = Counter(r["Month"] for r in raw)
    stored = dict(conn.exec_driver_sql("SELECT strftime(month, '%Y-%m'), COUNT(*) FROM street_crimes GROUP BY 1").all())
    assert stored == dict(months)
    assert conn.exec_driver_sql(
        "SELECT COUNT(*) FROM street_crimes WHERE has_time OR hour IS NOT NULL").scalar_one() == 0
    # Street crime has no victim: it never enters the victim-based incidents table.
    assert conn.exec_driver_sql("SELECT COUNT(*) FROM incidents").scalar_one() == 0


def test_real_street_crime_counts_by_month_and_leaves_every_row_out_of_hour_views(real_street):
    (first, again), conn, raw = real_street
    measure = MEASURES["street_crime"]
    shown = queries.count_by(conn, measure, "month", Filters())
    assert {m.strftime("%Y-%m"): v for m, v in shown.itertuples(index=False)} == dict(Counter(r["Month"] for r in raw))
    assert queries.count_without_time(conn, measure, Filters()) == len(raw)
    # Split by crime type (the offence group filter), as a viewer's families read it.
    by_type = queries.count_without_time_by_year(conn, measure, Filters(), split=("offence_group",))
    assert by_type.groupby("split_offence_group")["value"].sum().to_dict() == dict(Counter(r["Crime type"] for r in raw))
    with pytest.raises(queries.UnsupportedQuery, match="weekday"):
        queries.count_by(conn, measure, "weekday_hour", Filters())


def test_real_street_crime_same_file_twice_adds_nothing(real_street):
    (first, again), conn, raw = real_street
    assert (again.read, again.loaded, again.duplicates, again.rejected) == (len(raw), 0, len(raw), 0)
    assert conn.exec_driver_sql("SELECT COUNT(*) FROM street_crimes").scalar_one() == len(raw)
    assert conn.exec_driver_sql("SELECT COUNT(*) FROM sources").scalar_one() == 1


def test_street_crime_id_already_loaded_elsewhere_is_a_duplicate(load, write_file, query):
    load("police-uk-street", write_file("may.csv", csv_text(STREET_HEADER, [street_row("a", "2023-05"),
                                                                            street_row("", "2023-05")])))
    june = [street_row("a", "2023-06"), street_row("b", "2023-06"), street_row("b", "2023-06"),
            street_row("", "2023-06"), street_row("", "2023-06")]
    [summary] = load("police-uk-street", write_file("june.csv", csv_text(STREET_HEADER, june)))
    # 'a' is May's; the two 'b' rows and the two blank-ID (anti-social behaviour) rows are all kept.
    assert (summary.read, summary.loaded, summary.duplicates, summary.rejected) == (5, 4, 1, 0)
    assert query("SELECT COUNT(*) FROM street_crimes")[0][0] == 6


def test_street_crime_outside_the_borough_is_rejected_with_its_reason(load, write_file, query):
    rows = [street_row("a"), street_row("b", lsoa="E01001234", lsoa_name="Hackney 001A"), street_row("c", lat="", lon="", lsoa="", lsoa_name="")]
    [summary] = load("police-uk-street", write_file("street.csv", csv_text(STREET_HEADER, rows)))
    assert (summary.loaded, summary.rejected) == (1, 2)
    reasons = query("SELECT line, column_name, reason FROM rejects ORDER BY line")
    assert [(line, column) for line, column, _ in reasons] == [(3, "lsoa_name"), (4, "lsoa_name")]
    assert "not in Tower Hamlets" in reasons[0][2]


def test_with_the_boroughs_boundary_loaded_searches_outside_it_are_rejected(load, write_file, query, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box
    boroughs = gpd.GeoDataFrame({"LAD22CD": ["E09000030", "E09000012"], "LAD22NM": ["Tower Hamlets", "Hackney"]},
                                geometry=[box(-0.08, 51.49, 0.0, 51.53), box(-0.1, 51.53, -0.02, 51.58)], crs="EPSG:4326")
    wards = gpd.GeoDataFrame({"WD22CD": ["E05000001", "E05000002"], "WD22NM": ["West", "East"]},
                             geometry=[box(-0.08, 51.49, -0.04, 51.53), box(-0.04, 51.49, 0.0, 51.53)], crs="EPSG:4326")
    boroughs.to_file(tmp_path / "boroughs.geojson")
    wards.to_file(tmp_path / "wards.geojson")
    load("boundaries", tmp_path / "boroughs.geojson")
    load("boundaries", tmp_path / "wards.geojson")
    rows = [search_row(lat="51.51", lon="-0.06"), search_row(lat="51.51", lon="-0.02"),
            search_row(lat="51.55", lon="-0.06"), search_row(lat="", lon="")]
    [summary] = load("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, rows)))
    assert (summary.read, summary.loaded, summary.rejected) == (4, 2, 2)
    assert [r[0] for r in query("SELECT area_code FROM stop_search ORDER BY longitude")] == ["E05000001", "E05000002"]
    reasons = [r[0] for r in query("SELECT reason FROM rejects ORDER BY line")]
    assert reasons == ["is outside Tower Hamlets (E09000030)", "has no location, so it cannot be placed in the borough"]


def test_real_stop_search_with_the_real_borough_boundary_keeps_every_row(real_data, load, query):
    """PROVENANCE.md: the sample is the searches inside this very boundary, so none is outside it,
    including the points police.uk snaps onto the borough's edge."""
    boundaries = real_data / "boundaries_tower_hamlets"
    load("boundaries", boundaries / "tower_hamlets_borough.geojson", boundaries / "tower_hamlets_wards_2014.geojson")
    [summary] = load("police-uk-stop-search", real_data / STOP_SEARCH)
    assert (summary.read, summary.loaded, summary.rejected) == (41_255, 41_255, 0)
    ward_codes = {f["properties"]["GSS_CODE"] for f in json.loads((boundaries / "tower_hamlets_wards_2014.geojson").read_text())["features"]}
    assert {r[0] for r in query("SELECT DISTINCT area_code FROM stop_search WHERE area_code IS NOT NULL")} <= ward_codes
