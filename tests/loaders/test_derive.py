import datetime as dt

import pandas as pd
import pytest

from loaders import derive


@pytest.mark.parametrize("day, expected", [
    ("2017-04-01", "2017-18"),
    ("2018-03-31", "2017-18"),
    ("2019-12-31", "2019-20"),
    ("2020-01-01", "2019-20"),
    ("2099-04-01", "2099-00"),
    ("2009-06-30", "2009-10"),
])
def test_financial_year_runs_april_to_march(day, expected):
    assert derive.financial_year(pd.Series([day])).iloc[0] == expected


@pytest.mark.parametrize("age, band", [
    (0, "Under 1"), (1, "1-9"), (9, "1-9"), (10, "10-13"), (13, "10-13"), (14, "14-16"),
    (16, "14-16"), (17, "17"), (18, "18-20"), (20, "18-20"), (21, "21-24"), (24, "21-24"),
    (25, "25+"), (90, "25+"), (None, "Not known"),
])
def test_age_bands(age, band):
    assert derive.age_band(pd.Series([age])).iloc[0] == band


@pytest.mark.parametrize("label, group", [
    ("Asian/Asian British - Bangladeshi", "Asian"),
    ("Asian or Asian British - Bangladeshi (A3)", "Asian"),
    ("Black/African/Caribbean/Black British - African", "Black"),
    ("Black or Black British - Any other Black ethnic background (B9)", "Black"),
    ("White - White British (W1)", "White"),
    ("Mixed/Multiple ethnic groups - White and Asian", "Mixed"),
    ("Other ethnic group - Any other ethnic group", "Other"),
    ("Other ethnic group - Not stated", "Not stated"),
    ("Not Stated (NS)", "Not stated"),
    (None, "Not stated"),
    ("", "Not stated"),
])
def test_ethnicity_labels_normalise_to_five_ons_groups(label, group):
    assert derive.ethnic_group(pd.Series([label])).iloc[0] == group


def test_strategy_flags_follow_the_definition():
    incidents = pd.DataFrame({
        "victim_age": [15, 15, 15, 30, 24, 0, 12],
        "offence_group": ["Most serious violence", "Robbery", "Robbery", "Most serious violence",
                          "Violence with injury", "Most serious violence", "Violence with injury"],
        "weapon": ["None", "Knife or sharp instrument", "None", "Knife or sharp instrument",
                   "Firearm", "None", "Knife or sharp instrument"],
        "injury": [True, False, False, True, True, True, True],
    })
    flags = derive.strategy_flags(incidents)
    # most serious; knife-enabled; neither; too old; firearm-enabled at 24; age 0; knife injury at 12
    assert flags["is_serious_youth_violence"].tolist() == [True, True, False, False, True, False, True]
    assert flags["is_knife_injury"].tolist() == [False, False, False, False, False, False, True]


def test_term_time_uses_the_term_dates_file():
    days = pd.Series(pd.to_datetime(["2019-10-01", "2019-08-10", "2019-12-25", "2020-05-05"]))
    # a Tuesday in the autumn term; the summer holiday; Christmas Day; COVID-19 school closure
    assert derive.term_time(days).tolist() == [True, False, False, False]


def test_time_columns_leave_the_hour_empty_without_a_time():
    times = pd.Series(pd.to_datetime(["2021-06-07 16:30", "2021-06-01 00:00"]))
    columns = derive.time_columns(times, has_time=pd.Series([True, False]))
    assert columns["hour"].iloc[0] == 16
    assert pd.isna(columns["hour"].iloc[1])
    assert columns["weekday"].tolist() == [0, 1]
    assert columns["month"].tolist() == [dt.date(2021, 6, 1)] * 2
