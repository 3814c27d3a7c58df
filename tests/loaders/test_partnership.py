"""The partnership's incident extract and outcome-measure values, from their templates' schema."""

from __future__ import annotations

import csv

import pytest

from config import SHIPPED_DATA_DIR
from metrics.filters import Filters
from metrics.measures import MEASURES
from storage import queries
from storage.engine import make_engine
from tests.loaders.conftest import csv_text

TEMPLATES = SHIPPED_DATA_DIR / "templates"
HEADER = next(csv.reader((TEMPLATES / "incidents.csv").open()))


def incident(incident_id="CRIS-1/1", occurred_at="2023-09-14 16:20", offence="Most serious violence",
             weapon="Knife or sharp instrument", injury="yes", domestic="no", age="15", sex="Male",
             ethnicity="Asian/Asian British - Bangladeshi", lat="51.5152", lon="-0.0417", easting="", northing="",
             location="Street") -> list[str]:
    return [incident_id, occurred_at, offence, weapon, injury, domestic, age, sex, ethnicity, lat, lon, easting,
            northing, location]


def test_the_template_loads_and_is_private(load, query):
    with (TEMPLATES / "incidents.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    [summary] = load("incidents", TEMPLATES / "incidents.csv")
    assert (summary.read, summary.loaded, summary.rejected) == (len(rows), len(rows), 0)
    assert query("SELECT is_private, is_synthetic FROM sources")[0] == (True, False)


@pytest.mark.parametrize("row, column, reason", [
    (incident(age="-1"), "victim_age", "outside the expected range (between 0 and 120)"),
    (incident(age="200"), "victim_age", "outside the expected range"),
    (incident(age="15.5"), "victim_age", "not a whole number"),
    (incident(lat="999"), "latitude", "outside the United Kingdom"),
    (incident(occurred_at="2099-01-01 10:00"), "occurred_at", "in the future"),
    (incident(occurred_at="yesterday"), "occurred_at", "not a date"),
    (incident(offence="Knife crime"), "offence_group", "is not one of"),
    (incident(injury="maybe"), "injury", "not true/false or yes/no"),
    (incident(sex="M"), "victim_sex", "is not one of"),
    (incident(incident_id=""), "incident_id", "blank but required"),
    (incident(lat="", lon="", easting="999999999", northing="180000"), "easting", "outside the expected range"),
])
def test_invalid_incidents_are_rejected_with_column_and_reason(load, write_file, query, row, column, reason):
    [summary] = load("incidents", write_file("i.csv", csv_text(HEADER, [incident("OK-1"), row])))
    assert (summary.read, summary.loaded, summary.rejected) == (2, 1, 1)
    [(line, column_name, text)] = query("SELECT line, column_name, reason FROM rejects")
    assert (line, column_name) == (3, column) and reason in text


def test_incidents_feed_the_strategy_measures_and_hour_views(load, write_file, db_url):
    rows = [
        incident("A/1", "2023-09-14 16:20"),                                   # knife injury, 15: both measures
        incident("A/2", "14/09/2023 16:20", age="30"),                         # too old for either
        incident("B/1", "2023-09-15", weapon="None", injury="no"),            # most serious violence, no time
        incident("C/1", "2023-09-16 01:00", lat="", lon="", easting="533600", northing="180500"),
    ]
    load("incidents", write_file("i.csv", csv_text(HEADER, rows)))
    engine = make_engine(db_url, read_only=True)
    with engine.connect() as conn:
        syv = queries.count_by(conn, MEASURES["serious_youth_violence"], "financial_year", Filters())
        knife = queries.count_by(conn, MEASURES["knife_injury_victims_1_24"], "financial_year", Filters())
        hours = queries.count_by(conn, MEASURES["violent_incidents"], "weekday_hour", Filters())
        untimed = queries.count_without_time(conn, MEASURES["violent_incidents"], Filters())
        [(lat, lon)] = conn.exec_driver_sql("SELECT latitude, longitude FROM incidents WHERE incident_id = 'C/1'").all()
        [(has_time, hour)] = conn.exec_driver_sql("SELECT has_time, hour FROM incidents WHERE incident_id = 'B/1'").all()
    engine.dispose()
    assert syv.to_dict("records") == [{"financial_year": "2023-24", "value": 3}]
    assert knife.to_dict("records") == [{"financial_year": "2023-24", "value": 2}]
    assert int(hours["value"].sum()) == 3 and untimed == 1
    assert (has_time, hour) == (False, None)
    assert abs(lat - 51.508) < 0.002 and abs(lon + 0.076) < 0.003  # near the Tower of London


def test_an_incident_id_loaded_before_is_a_duplicate_or_a_correction(load, write_file, query):
    load("incidents", write_file("first.csv", csv_text(HEADER, [incident("A/1"), incident("A/2"), incident("B/1")])))
    second = [incident("A/2"), incident("A/3"), incident("B/1", weapon="Firearm", injury="no")]
    [summary] = load("incidents", write_file("second.csv", csv_text(HEADER, second)))
    assert (summary.read, summary.loaded, summary.duplicates, summary.replaced) == (3, 2, 1, 1)
    assert query("SELECT COUNT(*) FROM incidents")[0][0] == 4
    assert query("SELECT weapon, is_knife_injury FROM incidents WHERE incident_id = 'B/1'")[0] == ("Firearm", False)


def test_an_incident_id_twice_in_one_file_is_rejected_not_merged(load, write_file, query):
    [summary] = load("incidents", write_file("i.csv", csv_text(HEADER, [incident("A/1"), incident("A/1", age="16")])))
    assert (summary.read, summary.loaded, summary.rejected) == (2, 1, 1)
    assert "repeats what line 2 already gives (incident_id)" in query("SELECT reason FROM rejects")[0][0]


INDICATOR_HEADER = ["measure", "period_start", "period_end", "period_label", "area_code", "value", "numerator",
                    "denominator"]


def test_indicator_template_loads_and_bad_values_are_rejected(load, write_file, query):
    [summary] = load("indicators", TEMPLATES / "indicators.csv")
    assert (summary.loaded, summary.rejected) == (2, 0)
    rows = [
        ["screening_tool_uses", "2023-07-01", "2023-09-30", "", "E09000030", "61", "", ""],
        ["made_up_measure", "2023-07-01", "2023-09-30", "", "E09000030", "1", "", ""],
        ["neet_16_17", "2023-07-01", "2023-06-30", "", "E09000030", "1", "", ""],
        ["neet_16_17", "2023-07-01", "2023-09-30", "", "E09000030", "1", "300", "200"],
        ["neet_16_17", "2023-07-01", "2023-09-30", "", "Tower Hamlets", "1", "", ""],
        ["screening_tool_uses", "2023-04-01", "2023-06-30", "2023-24 Q1", "E09000030", "58", "", ""],
    ]
    [summary] = load("indicators", write_file("values.csv", csv_text(INDICATOR_HEADER, rows)))
    assert (summary.read, summary.loaded, summary.rejected, summary.replaced) == (6, 2, 4, 1)
    assert [tuple(r) for r in query("SELECT line, column_name FROM rejects ORDER BY line")] == \
        [(3, "measure"), (4, "period_end"), (5, "numerator"), (6, "area_code")]
    labels = dict(query("SELECT period_label, value FROM indicator_values WHERE measure = 'screening_tool_uses'"))
    assert labels == {"2023-24 Q1": 58.0, "2023-07-01 to 2023-09-30": 61.0}
