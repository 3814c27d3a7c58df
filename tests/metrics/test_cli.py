"""`python -m metrics` prints the same numbers the pages show."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR


def metrics(url: str, *args: str) -> subprocess.CompletedProcess:
    audit_url = f"sqlite:///{url.removeprefix('duckdb:///')}.audit.sqlite"
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=PROJECT_DIR, capture_output=True, text=True,
                          env={**os.environ, "VVE_DATABASE_URL": url, "VVE_AUDIT_DATABASE_URL": audit_url}, timeout=120)


def test_serious_youth_violence_by_financial_year_as_csv(demo_url):
    result = metrics(demo_url, "show", "serious_youth_violence", "--by", "financial_year", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "financial_year,value"
    assert lines[1:4] == ["2017-18,310", "2018-19,323", "2019-20,286"]


def test_knife_injury_series_as_json(demo_url):
    # The demo reproduces the strategy's published figures (an analyst's view, unsuppressed).
    result = metrics(demo_url, "show", "knife_injury_victims_1_24_not_da", "--by", "financial_year",
                     "--to", "2020-03-31", "--format", "json", "--unsuppressed")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"financial_year": "2017-18", "value": 114},
        {"financial_year": "2018-19", "value": 110},
        {"financial_year": "2019-20", "value": 79},
    ]
    # Suppressed, as a viewer's pages: beside all knife injury victims (111 in 2018-19), 110
    # would give away the one victim of domestic abuse, so it is hidden.
    everyone = metrics(demo_url, "show", "knife_injury_victims_1_24", "--by", "financial_year",
                       "--to", "2020-03-31", "--format", "json", "--unsuppressed")
    assert {"financial_year": "2018-19", "value": 111} in json.loads(everyone.stdout)
    suppressed = metrics(demo_url, "show", "knife_injury_victims_1_24_not_da", "--by", "financial_year",
                         "--format", "json")
    assert {"financial_year": "2018-19", "value": "hidden"} in json.loads(suppressed.stdout)
    one_year = metrics(demo_url, "show", "knife_injury_victims_1_24_not_da", "--by", "financial_year",
                       "--from", "2018-04-01", "--to", "2019-03-31", "--format", "json")
    assert json.loads(one_year.stdout) == [{"financial_year": "2018-19", "value": "hidden"}]


def test_filters_narrow_the_count(demo_url, demo_connection):
    from sqlalchemy import text
    expected = demo_connection.execute(text(
        "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_sex = 'Female' "
        "AND victim_age BETWEEN 10 AND 16 AND area_code IN ('DEMO01', 'DEMO02') "
        "AND occurred_on BETWEEN DATE '2019-04-01' AND DATE '2020-03-31'")).scalar_one()
    result = metrics(demo_url, "show", "serious_youth_violence", "--by", "sex", "--from", "2019-04-01",
                     "--to", "2020-03-31", "--area", "DEMO01", "--area", "DEMO02", "--age-band", "10-16",
                     "--sex", "Female", "--unsuppressed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["sex,value", f"Female,{expected}"]


def test_weekday_hour_has_both_columns_then_value(demo_url, demo_connection):
    from sqlalchemy import text
    expected = [f"{d},{h},{n}" for d, h, n in demo_connection.execute(text(
        "SELECT weekday, hour, COUNT(*) FROM incidents WHERE is_serious_youth_violence "
        "GROUP BY weekday, hour ORDER BY weekday, hour")).all()]
    result = metrics(demo_url, "show", "serious_youth_violence", "--by", "weekday_hour", "--unsuppressed")
    header, *rows = result.stdout.splitlines()
    assert header == "weekday,hour,value"
    assert rows == expected


def test_small_counts_are_suppressed_by_default(demo_url, demo_connection):
    from sqlalchemy import text
    raw = dict(demo_connection.execute(text(
        "SELECT victim_ethnicity, COUNT(*) FROM incidents WHERE is_knife_injury AND victim_age BETWEEN 10 AND 13 "
        "GROUP BY 1")).all())
    assert any(1 <= n < 5 for n in raw.values()), "the case must hold small counts to test anything"
    result = metrics(demo_url, "show", "knife_injury_victims_1_24", "--by", "ethnicity", "--age-band", "10-13")
    assert result.returncode == 0, result.stderr
    shown = dict(line.split(",") for line in result.stdout.splitlines()[1:])
    assert set(shown) == set(raw)
    for group, count in raw.items():
        if 1 <= count < 5:  # "hidden" where the page's rules also protect it against other views
            assert shown[group] in ("<5", "hidden")
        elif shown[group] not in ("<5", "hidden"):  # a larger count may be hidden so nothing gives one away
            assert shown[group] == str(count)
    assert list(shown.values()).count("<5") != 1
    assert not [v for v in shown.values() if v in {"1", "2", "3", "4"}]
    weekday_hour = metrics(demo_url, "show", "serious_youth_violence", "--by", "weekday_hour")
    values = [line.rsplit(",", 1)[1] for line in weekday_hour.stdout.splitlines()[1:]]
    # Decided across sexes (storage.viewer_counts.WIDE_PARTITIONS), every small count it hides reads "hidden".
    assert len(values) == 168 and "hidden" in values and "<5" not in values
    assert not [v for v in values if v in {"1", "2", "3", "4"}]


@pytest.mark.parametrize("args, message", [
    (["show", "nonsense", "--by", "month"], "invalid choice"),
    (["show", "serious_youth_violence", "--by", "month", "--from", "2019-13-01"], "not a date"),
    (["show", "stop_and_search", "--by", "location_type"], "cannot be grouped or filtered by location type"),
    (["show", "serious_youth_violence", "--by", "month", "--from", "2020-01-01", "--to", "2019-01-01"],
     "date range is empty"),
    # Suppressed counts cover one financial year or all years, as a viewer's pages do.
    (["show", "serious_youth_violence", "--by", "month", "--from", "2021-05-10"],
     "one financial year (1 April to 31 March) or all years, not 2021-05-10 to"),
    (["show", "serious_youth_violence", "--by", "sex", "--to", "2020-03-31"], "or all years, not 20"),
    # Single years of age, and the stored bands, only unsuppressed: each band is an age choice.
    (["show", "serious_youth_violence", "--by", "age"], "counts by age are not shown to viewers"),
    (["show", "serious_youth_violence", "--by", "age_band"], "counts by age band are not shown to viewers"),
])
def test_bad_requests_say_what_is_wrong(demo_url, args, message):
    result = metrics(demo_url, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_database_says_how_to_build_one(tmp_path):
    result = metrics(f"duckdb:///{tmp_path / 'none.duckdb'}", "show", "serious_youth_violence", "--by", "month")
    assert result.returncode == 2
    assert "python -m loaders demo" in result.stderr


def test_list_names_every_measure_and_dimension(demo_url):
    result = metrics(demo_url, "list")
    for name in ("serious_youth_violence", "knife_injury_victims_1_24", "knife_injury_victims_1_24_not_da",
                 "financial_year", "month", "weekday_hour", "area", "age_band", "sex", "ethnicity"):
        assert name in result.stdout


def test_suppressed_output_hides_what_a_neighbouring_view_gives_away(demo_url, demo_connection):
    # Boys' count in one area and year, 5 or more, against every sex's, which is 1 to 4 more:
    # printed, the two would give the girls (and others) away. The pages hide the boys' count;
    # so does the command line, which compares the same views (storage.viewer_counts).
    from sqlalchemy import text
    row = demo_connection.execute(text(
        "SELECT area_code, financial_year, SUM(CASE WHEN victim_sex = 'Male' THEN 1 ELSE 0 END) AS boys, "
        "COUNT(*) AS everyone FROM incidents WHERE is_serious_youth_violence GROUP BY 1, 2 "
        "HAVING SUM(CASE WHEN victim_sex = 'Male' THEN 1 ELSE 0 END) >= 5 "
        "AND COUNT(*) - SUM(CASE WHEN victim_sex = 'Male' THEN 1 ELSE 0 END) BETWEEN 1 AND 4 "
        "ORDER BY 1, 2 LIMIT 1")).first()
    assert row is not None, "the demo holds no such case: the test could not fail"
    area, year, boys, _ = row
    asked = ["show", "serious_youth_violence", "--by", "financial_year", "--area", area, "--sex", "Male"]
    shown = dict(line.split(",") for line in metrics(demo_url, *asked).stdout.splitlines()[1:])
    unsuppressed = dict(line.split(",") for line in metrics(demo_url, *asked, "--unsuppressed").stdout.splitlines()[1:])
    assert unsuppressed[year] == str(boys)
    assert shown[year] == "hidden"


def test_suppressed_output_takes_one_filter_group_at_a_time(demo_url):
    both = ["show", "serious_youth_violence", "--by", "financial_year", "--sex", "Female", "--ethnicity", "Mixed"]
    refused = metrics(demo_url, *both)
    assert refused.returncode == 2
    assert "one of --sex, --ethnicity and --offence-group at a time" in refused.stderr
    assert metrics(demo_url, *both, "--unsuppressed").returncode == 0
