import pandas as pd
import pytest

from metrics.after_school import window_share_by_year
from metrics.disclosure import suppress
from metrics.outcomes import by_financial_year, outcome_change
from metrics.places import (PROFILE_BANDS, age_profile, cells_with_area, per_year_text, profile_bands,
                            repeat_locations, repeat_locations_shown, share_aged_18_plus)
from metrics.rates import bands_within, rate_per_1000
from metrics.shares import latest_share_sentence


def test_a_cell_takes_the_area_most_of_its_records_fall_in():
    counts = pd.DataFrame({"h3_9": ["a", "a", "b"], "area": ["X", "Y", "Y"], "value": [2, 7, 4]})
    assert cells_with_area(counts, cell="h3_9").to_dict("records") == [
        {"cell": "a", "area": "Y", "value": 9}, {"cell": "b", "area": "Y", "value": 4}]


def test_repeat_locations_need_three_different_months():
    months = pd.DataFrame({"c": ["a", "a", "a", "b", "b", "c", "c", "c", "c"],
                           "month": [1, 2, 3, 1, 2, 1, 5, 6, 9], "value": [1, 1, 9, 20, 20, 1, 1, 1, 1]})
    table = repeat_locations(months, cell="c")
    # c: 4 months, 4 records; a: 3 months, 11 records; b: only 2 months.
    assert table[["cell", "months_with_incidents", "value", "rank"]].values.tolist() == [["c", 4, 4, 1], ["a", 3, 11, 2]]


def test_share_in_the_window_is_hidden_when_a_count_is():
    table = pd.DataFrame({"financial_year": ["2022-23", "2022-23", "2023-24", "2023-24"],
                          "after_school": [False, True, False, True], "value": [30, 10, 40, 3]})
    shown = suppress(table, dims=["financial_year", "after_school"], threshold=5)
    shares = window_share_by_year(shown)
    assert shares["share_percent"].isna().all()  # 3 is hidden, so is 10 beside it (secondary)
    # Said as hidden, not as too few: 30 and 40 are no small numbers.
    assert latest_share_sentence(shares, what="x") == (
        'The share of x is not shown: the counts it needs read "<5" or "hidden" under these filters.')
    none = window_share_by_year(suppress(table.assign(value=0), dims=["financial_year", "after_school"], threshold=5))
    assert latest_share_sentence(none, what="x") == "None to show the share of x: there are no records under these filters."
    shown = suppress(table.assign(value=[30, 10, 40, 20]), dims=["financial_year", "after_school"], threshold=5)
    shares = window_share_by_year(shown)
    assert shares["share_percent"].tolist() == [25.0, pytest.approx(33.3)]
    assert latest_share_sentence(shares, what="x") == "33% of x in 2023-24, up 8 points on 2022-23 (25%)."


def profile(values: list[int]) -> pd.DataFrame:
    """The five bands' counts each shown as a view's one count is."""
    return age_profile([(label, low, high, suppress(pd.DataFrame({"value": [v]}), dims=[], threshold=5).iloc[0])
                        for (label, low, high), v in zip(PROFILE_BANDS, values)])


def test_the_age_profile_is_the_bands_from_10_to_24_by_year_of_age():
    assert [label for label, *_ in PROFILE_BANDS] == ["10-13", "14-16", "17", "18-20", "21-24"]
    assert [label for label, *_ in profile_bands((10, 17))] == ["10-13", "14-16", "17"]
    assert [label for label, *_ in profile_bands((0, 17))] == ["10-13", "14-16", "17"]
    assert [label for label, *_ in profile_bands((18, 24))] == ["18-20", "21-24"]
    assert profile_bands((25, None)) == [] and len(profile_bands(None)) == 5
    shown = profile([40, 30, 12, 3, 0])
    assert shown["years"].tolist() == [4, 3, 1, 3, 4]
    assert shown["display"].tolist() == ["40", "30", "12", "<5", "0"]
    assert shown["per_year"].tolist()[:3] == [10.0, 10.0, 12.0] and pd.isna(shown["per_year"][3])
    assert [per_year_text(v) for v in (68.0, 71.25, 2159.0)] == ["68.0", "71.2", "2,159"]


def test_share_aged_18_plus_only_when_nothing_is_hidden():
    assert share_aged_18_plus(profile([10, 10, 10, 20, 0])) == 40.0
    assert share_aged_18_plus(profile([10, 10, 3, 20, 0])) is None


def test_rate_per_1000_and_its_population_bands():
    counts = pd.DataFrame({"ethnicity": ["Asian", "Not stated"], "value": [30, 8]})
    population = pd.DataFrame({"ethnicity": ["Asian"], "population": [12_000]})
    rates = rate_per_1000(counts, population, key="ethnicity")
    assert rates["rate_per_1000"].tolist()[0] == 2.5 and pd.isna(rates["rate_per_1000"].tolist()[1])
    bands = (("1-9", 1, 9), ("10-13", 10, 13), ("14-16", 14, 16), ("17", 17, 17), ("25+", 25, 200))
    assert bands_within((10, 17), bands) == ("10-13", "14-16", "17")
    assert bands_within((25, None), bands) == ("25+",)


def test_outcome_measures_compare_whole_years_in_the_wanted_direction():
    labels = [f"{fy} Q{q}" for fy in ("2019-20", "2020-21") for q in (1, 2, 3, 4)] + ["2021-22 Q1"]
    values = [25] * 4 + [50] * 4 + [99]
    shown = suppress(pd.DataFrame({"period_label": labels, "value": values}), dims=["period_label"], threshold=5)
    assert by_financial_year(shown).values.tolist() == [["2019-20", 100], ["2020-21", 200]]
    assert outcome_change(shown, higher_is_better=True).verdict == "improving"
    assert outcome_change(shown, higher_is_better=False).verdict == "getting worse"


def test_a_hidden_repeat_location_does_not_give_its_count_away_through_its_months():
    months = pd.DataFrame({"c": ["a"] * 4 + ["b"] * 3 + ["z"] * 5, "month": [1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 4, 5],
                           "value": [1, 1, 1, 1, 3, 3, 3, 2, 2, 2, 2, 2]})
    table = repeat_locations(months, cell="c")  # a: 4 months, 4 records (hidden); b: 3 months, 9; z: 5, 10
    shown = repeat_locations_shown(suppress(table, dims=["cell"], threshold=5))
    # a alone hidden would follow from the total (23), so b, the smallest shown, is hidden with it;
    # hidden rows go last, in cell order, their months coarsened.
    assert shown[["cell", "months_shown", "display", "rank"]].values.tolist() == [
        ["z", "5", "10", 1], ["a", "3 or more", "<5", 2], ["b", "3 or more", "hidden", 3]]


def test_a_cell_over_two_areas_is_exposed_for_a_viewer_when_a_part_is_small():
    # a: 4 in X and 70 in Y (Y alone, which a viewer can select, would give X's 4 away); b: 4 in
    # Y alone, which the primary rule hides as it is; c: two parts of 5 or more.
    counts = pd.DataFrame({"h3_9": ["a", "a", "b", "c", "c"], "area": ["X", "Y", "Y", "X", "Y"],
                           "value": [4, 70, 4, 5, 9]})
    assert cells_with_area(counts, cell="h3_9", threshold=5)["exposed"].tolist() == [True, False, False]
    # An analyst (threshold 1) sees every count: nothing is exposed.
    assert "exposed" not in cells_with_area(counts, cell="h3_9", threshold=1)


def test_a_cell_is_exposed_when_any_of_its_parts_is():
    # Cell a sums an exposed part (area X) and an unexposed one: the sum keeps the flag.
    counts = pd.DataFrame({"h3_9": ["a", "a", "b"], "area": ["X", "Y", "Y"], "value": [2, 7, 4],
                           "exposed": [True, False, False]})
    assert cells_with_area(counts, cell="h3_9")["exposed"].tolist() == [True, False]
    months = pd.DataFrame({"c": ["a", "a", "a", "b", "b", "b"], "month": [1, 2, 3, 1, 2, 3],
                           "value": [6, 6, 6, 6, 6, 6], "exposed": [False, True, False, False, False, False]})
    assert repeat_locations(months, cell="c").set_index("cell")["exposed"].to_dict() == {"a": True, "b": False}
