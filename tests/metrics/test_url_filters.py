import datetime as dt

import pytest

from metrics.filters import Filters
from metrics.url_filters import encode, parse

AREAS = ["E05000001", "E05000002"]
OFFENCES = ["Robbery", "Most serious violence"]
SPAN = {"first_day": dt.date(2017, 4, 1), "last_day": dt.date(2024, 3, 31)}


def parsed(**params):
    return parse({k: v if isinstance(v, list) else [v] for k, v in params.items()},
                 areas=AREAS, offence_groups=OFFENCES, ethnicity_details=["Bangladeshi"], **SPAN)


def test_a_good_link_round_trips():
    filters = Filters(date_from=dt.date(2019, 4, 1), areas=("E05000002",), age_band="Under 18", sex="Female",
                      ethnicity="Asian", offence_group="Robbery", ethnicity_detail="Bangladeshi")
    params = encode(filters, **SPAN)
    assert params == {"from": "2019-04-01", "area": ["E05000002"], "age": "Under 18", "sex": "Female",
                      "ethnicity": "Asian", "ethnic_detail": "Bangladeshi", "offence": "Robbery"}
    assert parsed(**params) == (filters, [])


def test_no_link_is_no_filter():
    assert parsed() == (Filters(), [])


@pytest.mark.parametrize("params, words", [
    ({"age": "10-99"}, "not an age band"),
    ({"sex": "male"}, "not a recorded sex"),  # exact choices only
    ({"ethnicity": "'; DROP TABLE incidents; --"}, "not one of the ethnic groups"),
    ({"offence": "Burglary"}, "not an offence group"),
    ({"ethnic_detail": "Martian"}, "not a recorded detailed ethnic group"),
    ({"area": ["E05000001", "nowhere"]}, "no such area"),
    ({"from": "31/12/2020"}, "not a date"),
    ({"to": "2030-01-01"}, "the data covers"),
    ({"from": "2021-01-01", "to": "2020-01-01"}, "is after"),
])
def test_a_bad_value_is_dropped_and_named(params, words):
    filters, notices = parsed(**params)
    assert len(notices) == 1 and words in notices[0]
    assert filters.age_band is None and filters.sex is None and filters.date_from is None
    assert filters.areas in ((), ("E05000001",))


def test_a_hostile_value_is_quoted_short_and_printable():
    _, notices = parsed(age="\x00" + "A" * 10_000)
    assert len(notices[0]) < 150 and "\x00" not in notices[0]


def test_a_key_given_twice_takes_the_last_and_says_so():
    filters, notices = parsed(sex=["Male", "Female"])
    assert filters.sex == "Female" and "more than once" in notices[0]


def test_a_flood_of_areas_is_cut_short_and_said():
    filters, notices = parsed(area=["E05000001"] * 5000)
    assert filters.areas == ("E05000001",)
    assert any("more than 200 areas" in n for n in notices)
