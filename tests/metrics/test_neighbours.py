"""Neighbouring views: which filters are one step away; and how a page hides the cells they give away."""

import datetime as dt

import pandas as pd
import pytest

from metrics.disclosure import complete_grid, suppress
from metrics.filters import Filters
from metrics.neighbours import AREA_CAP, neighbouring_filters

T = 5


def neighbours(**chosen):
    return neighbouring_filters(Filters(**chosen))


def test_no_filter_has_no_neighbours():
    assert neighbours() == []


def test_dates_are_not_moved():
    # A viewer's dates are one financial year or all years, decided with every other year's
    # (metrics.families): no view a month away is a viewer's (metrics.periods.viewer_period).
    a_year = {"date_from": dt.date(2021, 4, 1), "date_to": dt.date(2022, 3, 31)}
    assert neighbours(**a_year) == []
    assert neighbours(**a_year, sex="Male") == [Filters(**a_year)]


@pytest.mark.parametrize("band, expected", [
    # 10-16 lies within Under 18 (0-17), 1-24, 10-17 and 10-24. The choices inside it (10-13,
    # 14-16) are compared with it from their side: of two nested views the narrower is hidden.
    ("10-16", {"Under 18", "1-24", "10-17", "10-24", None}),
    ("14-16", {"10-16", "Under 18", "1-24", "10-17", "10-24", None}),
    # 25 and over lies within no other choice.
    ("25+", {None}),
    ("18-24", {"1-24", "10-24", None}),
    # 1-24, the measures' own definition, lies within none: only all ages.
    ("1-24", {None}),
])
def test_age_neighbours_are_the_wider_choices_and_no_age_filter(band, expected):
    found = neighbours(age_band=band)
    assert {f.age_band for f in found} == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize("attribute, value", [("sex", "Male"), ("ethnicity", "Mixed"),
                                              ("ethnicity_detail", "Bangladeshi"), ("offence_group", "Robbery")])
def test_a_set_filter_is_relaxed_to_all(attribute, value):
    assert neighbours(**{attribute: value}) == [Filters()]


def test_each_relaxation_keeps_the_other_filters():
    found = neighbours(sex="Female", ethnicity="Black")
    assert set(found) == {Filters(ethnicity="Black"), Filters(sex="Female")}


def test_areas_less_each_one_and_no_area_filter():
    assert set(neighbours(areas=("A", "B", "C"))) == {
        Filters(areas=("B", "C")), Filters(areas=("A", "C")), Filters(areas=("A", "B")), Filters()}
    assert neighbours(areas=("A",)) == [Filters()]


def test_a_viewer_selects_at_most_the_cap_of_areas():
    # 11 areas less one of them, a selection of 10, would give that area away unless each of
    # the 11 were compared: a viewer's selection stops at the cap (ui.filters keeps it there).
    at_cap = tuple(f"A{i:02d}" for i in range(AREA_CAP))
    assert len(neighbours(areas=at_cap)) == AREA_CAP + 1
    with pytest.raises(ValueError, match=f"at most {AREA_CAP} areas"):
        neighbours(areas=(*at_cap, "A99"))


def table(values, groups=("a", "b", "c")):
    return pd.DataFrame({"group": list(groups), "value": values})


def test_suppress_hides_an_exposed_cell_and_protects_it_like_a_primary_one():
    # b (12) is exposed; hiding it alone would let the total (62) give it back: a partner goes too.
    shown = suppress(table([20, 12, 30]).assign(exposed=[False, True, False]), dims=["group"], threshold=T)
    assert shown["suppressed"].tolist() == [True, True, False]
    assert shown["value"].isna().tolist() == [True, True, False]


def test_suppress_ignores_exposure_for_an_analyst_and_for_zeros():
    frame = table([20, 12, 0]).assign(exposed=[False, True, True])
    assert suppress(frame, dims=["group"], threshold=1)["suppressed"].tolist() == [False, False, False]
    assert suppress(table([20, 0, 30]).assign(exposed=[False, True, False]), dims=["group"],
                    threshold=T)["suppressed"].tolist() == [False, False, False]


def test_a_summed_exposed_column_still_means_exposed():
    # A groupby that sums the flags gives counts of exposed parts: any of them is exposed.
    frame = table([20, 12, 30]).assign(exposed=[0, 2, 0])
    assert suppress(frame, dims=["group"], threshold=T)["suppressed"].tolist() == [True, True, False]


def test_complete_grid_carries_exposure_and_adds_unexposed_rows():
    frame = table([20, 12], groups=("a", "b")).assign(exposed=[False, True])
    grid = complete_grid(frame, {"group": ["a", "b", "c"]})
    assert grid["exposed"].tolist() == [False, True, False]
    assert grid["value"].tolist() == [20, 12, 0]
    assert "exposed" not in complete_grid(table([20, 12], groups=("a", "b")), {"group": ["a", "b"]}).columns
