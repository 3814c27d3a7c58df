import pandas as pd
import pytest

from metrics.trends import change_against, complete_financial_years, latest_against, with_published


def counts(**by_year):
    return pd.DataFrame({"financial_year": [k.replace("_", "-")[1:] for k in by_year], "value": list(by_year.values())})


def test_change_against_baseline_worked_example():
    # 238 against 286: ratio 0.8322; SE of log ratio sqrt(1/238 + 1/286) = 0.08774;
    # 95% interval exp(ln 0.8322 -/+ 1.96 * 0.08774) = 0.7007 to 0.9883.
    change = change_against(counts(y2019_20=286, y2023_24=238), period_column="financial_year",
                            baseline="2019-20", latest="2023-24", higher_is_better=False)
    assert change.ratio == pytest.approx(0.8322, abs=1e-4)
    assert change.ci_low == pytest.approx(0.7007, abs=1e-4)
    assert change.ci_high == pytest.approx(0.9883, abs=1e-4)
    assert change.direction == "falling"
    assert change.verdict == "improving"
    assert change.sentence() == "Down 17% on 2019-20 (286 to 238 in 2023-24)."


def test_small_changes_are_no_significant_change():
    # 81 against 90: interval exp(ln 0.9 -/+ 1.96 sqrt(1/81 + 1/90)) = 0.667 to 1.215, includes 1.
    change = change_against(counts(y2019_20=90, y2023_24=81), period_column="financial_year",
                            baseline="2019-20", latest="2023-24", higher_is_better=False)
    assert change.verdict == "no significant change"
    assert "includes 1" in change.certainty()


@pytest.mark.parametrize("higher_is_better, verdict", [(False, "getting worse"), (True, "improving")])
def test_a_significant_rise_is_judged_by_the_direction_the_strategy_wants(higher_is_better, verdict):
    change = change_against(counts(y2019_20=100, y2023_24=200), period_column="financial_year",
                            baseline="2019-20", latest="2023-24", higher_is_better=higher_is_better)
    assert change.direction == "rising"
    assert change.verdict == verdict


@pytest.mark.parametrize("baseline, latest", [(9, 100), (100, 9), (0, 50)])
def test_too_few_events_give_no_verdict(baseline, latest):
    change = change_against(counts(y2019_20=baseline, y2023_24=latest), period_column="financial_year",
                            baseline="2019-20", latest="2023-24", higher_is_better=False)
    assert change.verdict == "not enough data"
    assert change.ratio is None


def test_missing_period_counts_as_zero():
    change = change_against(counts(y2019_20=50), period_column="financial_year",
                            baseline="2019-20", latest="2023-24", higher_is_better=False)
    assert change.latest == 0 and change.verdict == "not enough data"


def test_with_published_puts_the_strategys_figures_beside_the_data():
    published = pd.DataFrame({
        "measure": ["serious_youth_violence", "serious_youth_violence", "other"],
        "period": ["2017-18", "2018-19", "2017-18"],
        "value": [310, 323, 1],
        "source": ["strategy", "strategy", "x"],
    })
    joined = with_published(counts(y2018_19=320, y2019_20=280), published, measure="serious_youth_violence")
    assert joined["financial_year"].tolist() == ["2017-18", "2018-19", "2019-20"]
    assert joined["value"].tolist()[1:] == [320, 280] and pd.isna(joined["value"].iloc[0])
    assert joined["published"].tolist()[:2] == [310, 323] and pd.isna(joined["published"].iloc[2])


def test_part_years_are_left_out():
    import datetime as dt
    frame = counts(y2022_23=10, y2023_24=5)
    kept = complete_financial_years(frame, data_to=dt.date(2023, 12, 31))
    assert kept["financial_year"].tolist() == ["2022-23"]
    assert complete_financial_years(frame, data_to=dt.date(2024, 3, 31))["financial_year"].tolist() == ["2022-23", "2023-24"]


def test_part_years_of_nothing_is_nothing():
    import datetime as dt
    empty = pd.DataFrame({"financial_year": pd.Series([], dtype=float), "value": pd.Series([], dtype=int)})
    assert complete_financial_years(empty, data_to=dt.date(2024, 3, 31)).empty


def test_latest_against_picks_the_last_recorded_year():
    frame = pd.DataFrame({"financial_year": ["2017-18", "2019-20", "2020-21"], "value": [300, 286, pd.NA]})
    change = latest_against(frame, baseline="2019-20", higher_is_better=False)
    assert change.latest_label == "2019-20"
    assert latest_against(frame.iloc[0:0], baseline="2019-20", higher_is_better=False) is None


def test_latest_whole_financial_year():
    import datetime as dt
    from metrics.trends import latest_whole_year
    years = ["2022-23", "2023-24", "2024-25"]
    assert latest_whole_year(years, last_day=dt.date(2024, 8, 31)) == "2023-24"
    assert latest_whole_year(years, last_day=dt.date(2025, 3, 31)) == "2024-25"
    assert latest_whole_year(["2024-25"], last_day=dt.date(2024, 8, 31)) == "2024-25"  # none whole: the latest


def test_whole_years_hold_the_year_that_ends_on_the_data_s_last_day():
    import datetime as dt
    from metrics.trends import whole_years
    years = [2020, 2021, 2022, 2023, 2024]
    assert whole_years(years, last_day=dt.date(2024, 3, 31)) == ["2023-24", "2022-23", "2021-22", "2020-21"]
    assert whole_years(years, last_day=dt.date(2024, 3, 30)) == ["2022-23", "2021-22", "2020-21"]
    assert whole_years([2019, 2023], last_day=dt.date(2025, 1, 1)) == ["2023-24", "2019-20"]


def shown(values: dict, hidden=()) -> pd.DataFrame:
    """A trend as a page shows it: ``value`` NA and ``suppressed`` True where hidden."""
    years = sorted(values)
    return pd.DataFrame({"financial_year": years,
                         "value": pd.array([None if y in hidden else values[y] for y in years], dtype="Int64"),
                         "suppressed": [y in hidden for y in years]})


def test_no_verdict_says_why():
    from metrics.trends import no_verdict, shown_change

    every = {"2019-20": 286, "2022-23": 251, "2023-24": 238}
    assert shown_change(shown(every), baseline="2019-20", higher_is_better=False).latest == 238
    cases = {
        "2023-24's count is hidden": shown(every, hidden={"2023-24"}),
        "the 2019-20 baseline's count is hidden": shown(every, hidden={"2019-20"}),
        # An analyst's dates from April 2022: the baseline is not a zero.
        "there is no 2019-20 count, the baseline": shown({"2022-23": 251, "2023-24": 238}),
        "there are no records": shown({}),
    }
    for reason, trend in cases.items():
        assert shown_change(trend, baseline="2019-20", higher_is_better=False) is None
        assert reason in no_verdict(trend, baseline="2019-20")


def test_no_verdict_tells_a_count_too_few_to_show_from_one_hidden_beside_another_view():
    from metrics.trends import latest_shown, no_verdict

    every = {"2019-20": 286, "2022-23": 251, "2023-24": 3}
    small = shown(every, hidden={"2023-24"}).assign(display=["286", "251", "<5"])
    assert "2023-24's count is fewer than 5 under these filters, too few to show" in no_verdict(
        small, baseline="2019-20")
    assert latest_shown(small) == ("2023-24", "<5")
    # 40 hidden: beside another view it would give a small number away. Not "too few".
    hidden = shown(every | {"2023-24": 40}, hidden={"2023-24"}).assign(display=["286", "251", "hidden"])
    sentence = no_verdict(hidden, baseline="2019-20")
    assert "2023-24's count is hidden under these filters (beside another view" in sentence
    assert "too few" not in sentence
    assert latest_shown(hidden) == ("2023-24", "hidden")
    # The latest year shown, the baseline hidden: the headline is the latest year's count.
    assert latest_shown(shown(every | {"2023-24": 238}, hidden={"2019-20"})) == ("2023-24", "238")
    assert latest_shown(shown({})) is None
