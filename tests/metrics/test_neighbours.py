"""Neighbouring views: which filters are one step away, and which cells their tables give away."""

import datetime as dt

import pandas as pd
import pytest

from metrics.disclosure import complete_grid, suppress
from metrics.filters import Filters
from metrics.neighbours import AREA_CAP, exposed_cells, neighbouring_filters, shift_month

FIRST, LAST = dt.date(2019, 4, 1), dt.date(2024, 3, 31)
T = 5


def neighbours(**chosen):
    return neighbouring_filters(Filters(**chosen), first_day=FIRST, last_day=LAST)


def test_no_filter_has_no_neighbours():
    assert neighbours() == []
    # The data's own first and last days are the full range too.
    assert neighbours(date_from=FIRST, date_to=LAST) == []


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


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2022, 3, 31), -1, dt.date(2022, 2, 28)),   # a month's last day stays a last day
    (dt.date(2022, 2, 28), 1, dt.date(2022, 3, 31)),
    (dt.date(2021, 4, 1), -1, dt.date(2021, 3, 1)),
    (dt.date(2021, 12, 15), 1, dt.date(2022, 1, 15)),
    (dt.date(2022, 1, 30), 1, dt.date(2022, 2, 28)),    # clamped to February's length
])
def test_shift_month(day, months, expected):
    assert shift_month(day, months) == expected


def test_date_ends_move_one_month_either_way_within_the_data():
    found = neighbours(date_from=dt.date(2021, 4, 1), date_to=dt.date(2022, 3, 31))
    assert set(found) == {
        Filters(date_from=dt.date(2021, 3, 1), date_to=dt.date(2022, 3, 31)),
        Filters(date_from=dt.date(2021, 5, 1), date_to=dt.date(2022, 3, 31)),
        Filters(date_from=dt.date(2021, 4, 1), date_to=dt.date(2022, 2, 28)),
        Filters(date_from=dt.date(2021, 4, 1), date_to=dt.date(2022, 4, 30)),
    }


def test_a_date_end_moved_past_the_data_stops_at_its_edge():
    # From 15 April 2019, a month earlier is before the data's first day: the full start.
    found = neighbours(date_from=dt.date(2019, 4, 15))
    assert set(found) == {Filters(), Filters(date_from=dt.date(2019, 5, 15))}


def test_a_one_month_range_has_no_empty_neighbour():
    found = neighbours(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 31))
    # March 2022 alone: moving "from" on to 1 April or "to" back to 28 February empties it.
    assert set(found) == {
        Filters(date_from=dt.date(2022, 2, 1), date_to=dt.date(2022, 3, 31)),
        Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 4, 30)),
    }


def table(values, groups=("a", "b", "c")):
    return pd.DataFrame({"group": list(groups), "value": values})


def test_a_cell_differing_by_a_small_number_is_exposed():
    # b: 12 here, 9 in the neighbour: the 3 between them is a small group.
    exposed = exposed_cells(table([20, 12, 30]), [table([20, 9, 24])], dims=["group"], threshold=T)
    assert exposed.tolist() == [False, True, False]


@pytest.mark.parametrize("neighbour, expected", [
    # Here: a 20, b 12, c 30 (total 62). Each neighbour's total differs by 0 or 5 or more.
    ([20, 12, 30], [False, False, False]),  # the same table: nothing between them
    ([25, 7, 40], [False, False, False]),   # every difference is 5 or 10: none small
    ([16, 12, 39], [True, False, False]),   # a differs by 4 (total 67: differs by 5)
    ([21, 6, 30], [True, False, False]),    # a by 1, b by 6 (total 57: differs by 5)
])
def test_differences_from_one_to_threshold_less_one_expose(neighbour, expected):
    exposed = exposed_cells(table([20, 12, 30]), [table(neighbour)], dims=["group"], threshold=T)
    assert exposed.tolist() == expected


def test_a_cell_the_neighbour_lacks_counts_as_zero_there():
    # c is 3 here and absent from the neighbour: 3 - 0 is small (and c is small anyway).
    # The neighbour's a is 30, not 20, so the totals (35 and 42) differ by 7: not small.
    neighbour = table([30, 12], groups=("a", "b"))
    exposed = exposed_cells(table([20, 12, 3]), [neighbour], dims=["group"], threshold=T)
    assert exposed.tolist() == [False, False, True]


def test_a_small_grand_total_difference_exposes_every_non_zero_cell():
    # Cell by cell a, b and c agree, but the neighbour also has a group d of 2 this table
    # lacks: its total is 2 more, and the two totals give d away.
    here = table([10, 12, 0])
    neighbour = table([10, 12, 0, 2], groups=("a", "b", "c", "d"))
    exposed = exposed_cells(here, [neighbour], dims=["group"], threshold=T)
    assert exposed.tolist() == [True, True, False]  # the zero stays a zero


def test_any_neighbour_exposes_and_an_analyst_threshold_exposes_nothing():
    here = table([20, 12, 30])
    neighbours_ = [table([20, 12, 40]), table([20, 10, 40])]  # totals 72 and 70: 10 and 8 away
    assert exposed_cells(here, neighbours_, dims=["group"], threshold=T).tolist() == [False, True, False]
    assert exposed_cells(here, neighbours_, dims=["group"], threshold=1).tolist() == [False, False, False]


def test_a_single_number_is_compared_with_the_neighbours_total():
    here = pd.DataFrame({"value": [40]})
    assert exposed_cells(here, [pd.DataFrame({"value": [43]})], dims=[], threshold=T).tolist() == [True]
    assert exposed_cells(here, [pd.DataFrame({"value": [45]})], dims=[], threshold=T).tolist() == [False]


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
