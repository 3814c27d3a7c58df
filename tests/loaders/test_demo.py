"""The demo is calibrated to the strategy's published figures, not random noise."""

import pandas as pd
import pytest
from sqlalchemy import text

# The strategy's table "Year (April to March)".
PUBLISHED = {
    "2017-18": (310, 120, 114),
    "2018-19": (323, 111, 110),
    "2019-20": (286, 90, 79),
}


def frame(conn, sql: str) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(text(sql)).mappings().all())


def test_headline_series_match_the_strategy_exactly(demo_connection):
    counts = frame(demo_connection, """
        SELECT financial_year,
               SUM(CASE WHEN victim_age BETWEEN 1 AND 24
                         AND (offence_group = 'Most serious violence'
                              OR weapon IN ('Knife or sharp instrument', 'Firearm'))
                        THEN 1 ELSE 0 END) AS syv,
               SUM(CASE WHEN victim_age BETWEEN 1 AND 24 AND weapon = 'Knife or sharp instrument'
                         AND injury THEN 1 ELSE 0 END) AS knife,
               SUM(CASE WHEN victim_age BETWEEN 1 AND 24 AND weapon = 'Knife or sharp instrument'
                         AND injury AND NOT domestic_abuse THEN 1 ELSE 0 END) AS knife_not_da
        FROM incidents GROUP BY financial_year""").set_index("financial_year")
    for year, (syv, knife, knife_not_da) in PUBLISHED.items():
        assert (counts.loc[year, "syv"], counts.loc[year, "knife"], counts.loc[year, "knife_not_da"]) == (
            syv, knife, knife_not_da)


def test_covid_year_dips(demo_connection):
    counts = frame(demo_connection, "SELECT financial_year, COUNT(*) AS n FROM incidents "
                                    "WHERE is_serious_youth_violence GROUP BY 1").set_index("financial_year")["n"]
    assert counts["2020-21"] < counts["2019-20"]
    assert counts["2020-21"] < counts["2021-22"]
    assert set(counts.index) == {"2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"}


def test_every_incident_has_a_date_and_time_in_range(demo_connection):
    row = demo_connection.execute(text(
        "SELECT MIN(occurred_at), MAX(occurred_at), SUM(CASE WHEN has_time THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN hour IS NULL THEN 1 ELSE 0 END) FROM incidents")).one()
    assert str(row[0]) >= "2017-04-01" and str(row[1]) < "2024-04-01"
    assert row[2] == 0 and row[3] == 0


def test_children_peak_after_school_on_term_time_weekdays(demo_connection):
    shares = frame(demo_connection, """
        SELECT CASE WHEN victim_age BETWEEN 10 AND 16 THEN 'child' ELSE 'older' END AS who,
               AVG(CASE WHEN weekday < 5 AND hour BETWEEN 15 AND 17 THEN 1.0 ELSE 0.0 END) AS in_window
        FROM incidents WHERE victim_age BETWEEN 10 AND 24 GROUP BY 1""").set_index("who")["in_window"]
    # The window is 15 of 168 weekly hours (8.9%): children are well above it, older victims not.
    assert shares["child"] > 0.3
    assert shares["older"] < 0.15
    peak = frame(demo_connection, """
        SELECT hour, COUNT(*) AS n FROM incidents
        WHERE victim_age BETWEEN 10 AND 16 AND term_time AND weekday < 5 GROUP BY hour ORDER BY n DESC""")
    assert peak["hour"].iloc[0] in (15, 16, 17)


def test_older_victims_peak_in_the_evening_and_at_weekends(demo_connection):
    by_hour = frame(demo_connection, "SELECT hour, COUNT(*) AS n FROM incidents "
                                     "WHERE victim_age BETWEEN 17 AND 24 GROUP BY hour").set_index("hour")["n"]
    assert by_hour.idxmax() >= 18
    weekend = frame(demo_connection, "SELECT AVG(CASE WHEN weekday >= 5 THEN 1.0 ELSE 0.0 END) AS s "
                                     "FROM incidents WHERE victim_age >= 17")["s"].iloc[0]
    assert weekend > 2 / 7


def test_about_3_in_10_street_knife_crime_victims_are_19_to_25(demo_connection):
    share = frame(demo_connection, """
        SELECT AVG(CASE WHEN victim_age BETWEEN 19 AND 25 THEN 1.0 ELSE 0.0 END) AS s FROM incidents
        WHERE weapon = 'Knife or sharp instrument' AND location_type = 'Street'""")["s"].iloc[0]
    assert 0.25 <= share <= 0.35


def test_demo_is_recorded_as_synthetic(demo_connection):
    sources = frame(demo_connection, "SELECT * FROM sources")
    assert len(sources) == 1
    assert sources["is_synthetic"].iloc[0]
    assert sources["name"].iloc[0] == "demo"
    assert sources["rows_read"].iloc[0] == sources["rows_loaded"].iloc[0] > 0


def test_places_carry_synthetic_names_and_lie_in_the_borough(demo_connection):
    areas = frame(demo_connection, "SELECT name FROM areas")
    schools = frame(demo_connection, "SELECT name FROM schools")
    assert areas["name"].str.startswith("Demo zone ").all()
    assert schools["name"].str.startswith("Demo school ").all()
    box = frame(demo_connection, "SELECT MIN(latitude) a, MAX(latitude) b, MIN(longitude) c, "
                                 "MAX(longitude) d, SUM(CASE WHEN area_code IS NULL THEN 1 ELSE 0 END) e "
                                 "FROM incidents").iloc[0]
    # Tower Hamlets lies within about 51.48-51.55 N, 0.08 W-0.01 E.
    assert 51.48 < box["a"] and box["b"] < 51.55 and -0.085 < box["c"] and box["d"] < 0.015
    assert box["e"] == 0


def test_location_types_cover_the_strategy_contexts(demo_connection):
    types = set(frame(demo_connection, "SELECT DISTINCT location_type FROM incidents")["location_type"])
    assert types == {"Street", "Near a school", "Transport hub", "Estate", "Park", "Home"}


def test_population_meets_the_published_10_to_24_totals(demo_connection):
    totals = frame(demo_connection, """
        SELECT year, SUM(population) AS p FROM population
        WHERE age_band IN ('10-13', '14-16', '17', '18-20', '21-24') GROUP BY year""").set_index("year")["p"]
    # GLA 2018-based projections, as the strategy cites them.
    assert totals[2020] == 61_467
    assert totals[2024] == 63_793


def test_stop_search_has_police_uk_shape_and_both_label_wordings(demo_connection):
    searches = frame(demo_connection, "SELECT self_defined_ethnicity, self_defined_ethnic_group, "
                                      "occurred_at_utc, occurred_at, age_range FROM stop_search")
    labels = set(searches["self_defined_ethnicity"])
    assert "Asian/Asian British - Bangladeshi" in labels and "Asian or Asian British - Bangladeshi (A3)" in labels
    assert set(searches["self_defined_ethnic_group"]) <= {"Asian", "Black", "Mixed", "White", "Other", "Not stated"}
    # British Summer Time: local is UTC + 1 hour in July, UTC in January.
    offsets = (searches["occurred_at"] - searches["occurred_at_utc"]).dt.total_seconds() / 3600
    months = searches["occurred_at"].dt.month
    assert set(offsets[months == 7]) == {1.0}
    assert set(offsets[months == 1]) == {0.0}
    assert {"10-17", "18-24", "25-34", "over 34"} <= set(searches["age_range"].dropna())


def test_outcome_measures_have_synthetic_values(demo_connection):
    from strategy import OUTCOME_MEASURES

    measures = set(frame(demo_connection, "SELECT DISTINCT measure FROM indicator_values")["measure"])
    assert measures == {m.measure for m in OUTCOME_MEASURES}


def test_the_same_seed_gives_the_same_data(tmp_path):
    from loaders.demo import build_demo

    def fingerprint(url):
        from storage.engine import make_engine
        engine = make_engine(url)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT COUNT(*), SUM(victim_age), MIN(latitude), MAX(occurred_at) "
                                    "FROM incidents")).one()
        engine.dispose()
        return tuple(row)

    first, second, other = (f"duckdb:///{tmp_path / name}.duckdb" for name in ("a", "b", "c"))
    build_demo(first, seed=7)
    build_demo(second, seed=7)
    build_demo(other, seed=8)
    assert fingerprint(first) == fingerprint(second)
    assert fingerprint(first) != fingerprint(other)


@pytest.mark.parametrize("scale", [0.5, 2.0])
def test_scale_multiplies_volumes(tmp_path, scale):
    from loaders.demo import build_demo

    summary = build_demo(f"duckdb:///{tmp_path / 'scaled.duckdb'}", seed=1, scale=scale)
    baseline = build_demo(f"duckdb:///{tmp_path / 'one.duckdb'}", seed=1, scale=1.0)
    assert abs(summary.incidents / baseline.incidents - scale) < 0.01


def test_outcome_values_run_from_2019_20_q1_to_2023_24_q4(demo_connection):
    first, last, labels = demo_connection.execute(text(
        "SELECT MIN(period_start), MAX(period_end), COUNT(DISTINCT period_label) FROM indicator_values")).one()
    assert (str(first), str(last), labels) == ("2019-04-01", "2024-03-31", 20)
