"""Viewers' financial years: no year can be worked out from the other years and the total."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from metrics.filters import Filters
from metrics.periods import ALL_YEARS, Period, exposed_in_period, in_period, period_of, year_filters, year_of, years_between

T = 5
FIRST, LAST = dt.date(2019, 4, 1), dt.date(2024, 9, 30)
YEARS = ["2019-20", "2020-21", "2021-22"]


@pytest.mark.parametrize("day, year", [(dt.date(2023, 4, 1), "2023-24"), (dt.date(2024, 3, 31), "2023-24"),
                                       (dt.date(1999, 12, 31), "1999-00")])
def test_year_of(day, year):
    assert year_of(day) == year


def test_years_between_the_data_edges():
    assert years_between(FIRST, LAST) == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert years_between(None, None) == []


@pytest.mark.parametrize("dates, period", [
    ({}, ALL_YEARS),
    ({"date_from": FIRST, "date_to": LAST}, ALL_YEARS),
    ({"date_from": dt.date(2021, 4, 1), "date_to": dt.date(2022, 3, 31)}, Period("2021-22", "2021-22")),
    ({"date_from": dt.date(2021, 4, 1), "date_to": dt.date(2023, 3, 31)}, Period("2021-22", "2022-23")),
    # From the data's start: the first year reads None, as does the latest year to the data's end.
    ({"date_to": dt.date(2020, 3, 31)}, Period(None, "2019-20")),
    ({"date_from": dt.date(2024, 4, 1)}, Period("2024-25", None)),
    ({"date_from": dt.date(2024, 4, 1), "date_to": dt.date(2025, 3, 31)}, Period("2024-25", None)),
    # Anything else is not whole years.
    ({"date_from": dt.date(2021, 4, 1), "date_to": dt.date(2022, 2, 28)}, None),
    ({"date_from": dt.date(2021, 5, 1)}, None),
    ({"date_to": dt.date(2021, 4, 1)}, None),
])
def test_period_of(dates, period):
    assert period_of(Filters(**dates), first_day=FIRST, last_day=LAST) == period


@pytest.mark.parametrize("period", [ALL_YEARS, Period(None, "2019-20"), Period("2022-23", "2022-23"),
                                    Period("2020-21", "2023-24"), Period("2024-25", None)])
def test_year_filters_give_back_their_period(period):
    chosen = year_filters(Filters(sex="Male"), period, first_day=FIRST, last_day=LAST)
    assert chosen.sex == "Male"
    assert period_of(chosen, first_day=FIRST, last_day=LAST) == period


def test_the_edge_years_read_none_at_the_data_edges():
    assert year_filters(Filters(), Period("2019-20", "2019-20"), first_day=FIRST, last_day=LAST) == Filters(
        date_to=dt.date(2020, 3, 31))
    assert year_filters(Filters(), Period("2024-25", "2024-25"), first_day=FIRST, last_day=LAST) == Filters(
        date_from=dt.date(2024, 4, 1))


def by_year(rows: dict[str, list[int]]) -> pd.DataFrame:
    """Counts of groups (keys) in YEARS, in the shape the database gives: no zero rows."""
    return pd.DataFrame([{"group": g, "financial_year": y, "value": v}
                         for g, values in rows.items() for y, v in zip(YEARS, values) if v])


def test_in_period_takes_one_year_or_sums_them():
    table = by_year({"a": [10, 3, 9], "b": [0, 7, 1]})
    assert in_period(table, dims=["group"], period=Period("2020-21", "2020-21")).to_dict("list") == {"group": ["a", "b"],
                                                                                  "value": [3, 7]}
    assert in_period(table, dims=["group"], period=ALL_YEARS).to_dict("list") == {"group": ["a", "b"],
                                                                                  "value": [22, 8]}
    assert in_period(table, dims=["group"], period=Period(None, "2020-21"))["value"].tolist() == [13, 7]
    assert in_period(table, dims=[], period=ALL_YEARS)["value"].tolist() == [30]
    assert in_period(table, dims=["financial_year"], period=ALL_YEARS)["value"].tolist() == [10, 10, 10]


def flags(table, period, *, dims=("group",), nearby=()):
    period = period if isinstance(period, Period) else Period(period, period)
    return exposed_in_period(table, list(nearby), dims=list(dims), period=period, threshold=T).tolist()


def test_one_small_year_takes_a_partner_so_all_years_less_the_others_does_not_give_it_away():
    # a: 10, 3, 9 (22 in all). The 3 is "<5" in its own year; shown 10, 9 and 22 would give
    # 22 - 10 - 9 = 3. The rule hides the 9 too, in 2021-22's view: then 3 + 9 = 12 is all that is known.
    table = by_year({"a": [10, 3, 9], "b": [20, 30, 40]})
    assert flags(table, "2019-20") == [False, False]
    assert flags(table, "2020-21") == [True, False]
    assert flags(table, "2021-22") == [True, False]
    assert flags(table, ALL_YEARS) == [False, False]
    # Spans of years: one holding the 3 but not the 9 would give the 3 away (years to 2020-21
    # less 2019-20); one holding both tells only their sum, 12, as all years less 2019-20 does.
    assert flags(table, Period(None, "2020-21")) == [True, False]
    assert flags(table, Period("2020-21", None)) == [False, False]
    # A table by year, over all years, makes the same decision.
    assert flags(table, ALL_YEARS, dims=("group", "financial_year")) == [False, True, True, False, False, False]


def test_a_total_that_gives_the_years_away_is_flagged_over_all_years():
    # 4 and 4 with nothing else: 8 over all years would prove both are 4.
    table = by_year({"a": [4, 0, 4], "b": [20, 30, 40]})
    assert flags(table, ALL_YEARS) == [True, False]


def test_a_neighbouring_view_of_one_year_hides_that_year_and_a_partner():
    # The same table under a neighbouring filter has a's 2019-20 at 7 rather than 10: 3 apart
    # (b's 15 against 20 is not small, nor are the year's totals, 30 against 22). That year is hidden, and with it
    # another of a's years, so the all-years count cannot give it back.
    table = by_year({"a": [10, 30, 9], "b": [20, 30, 40]})
    nearby = by_year({"a": [7, 30, 9], "b": [15, 30, 40]})
    assert flags(table, "2019-20", nearby=[nearby]) == [True, False]
    assert flags(table, "2021-22", nearby=[nearby]) == [True, False]
    assert flags(table, "2020-21", nearby=[nearby]) == [False, False]
    # Over all years the two views differ by 3 as well.
    assert flags(table, ALL_YEARS, nearby=[nearby]) == [True, False]


def test_a_missing_group_is_matched_across_years():
    # Records with no area are one group, and must be protected like any other.
    table = pd.DataFrame({"area": [None, None, "E1"], "financial_year": ["2019-20", "2020-21", "2019-20"],
                          "value": [10, 3, 50]})
    assert flags(table, "2019-20", dims=("area",)) == [False, True]  # ordered E1, then missing
    assert flags(table, "2020-21", dims=("area",)) == [True]


def test_an_analyst_threshold_flags_nothing():
    table = by_year({"a": [10, 3, 9]})
    assert exposed_in_period(table, [], dims=["group"], period=Period("2020-21", "2020-21"),
                             threshold=1).tolist() == [False]


SPANS = [Period(a, b) for i, a in enumerate(YEARS) for b in YEARS[i:]]  # every span a viewer can choose


def shown_views(values: list[int]) -> dict[Period, str | int]:
    """What a viewer can read of one cell: its count over every span of whole years.
    "hidden" for a flagged count (small or not), "<5" for another small one, else the number."""
    table = by_year({"a": values})
    seen = {}
    for period in SPANS:
        count = int(in_period(table, dims=["group"], period=period)["value"].sum()) if not table.empty else 0
        flagged = bool(flags(table, period)[0]) if count else False
        seen[period] = "hidden" if flagged else "<5" if 1 <= count < T else count
    return seen


def pinned(seen: dict[Period, str | int]) -> list[str]:
    """The years whose count the attacker's linear programme pins to one whole number, from
    every span's count (a "<5" bounds its span's sum to 1 to 4)."""
    equal_rows, equal_sums, upper_rows, upper_sums = [], [], [], []
    for period, shown in seen.items():
        row = np.array([1.0 if period.covers(y) else 0.0 for y in YEARS])
        if isinstance(shown, int):
            equal_rows.append(row)
            equal_sums.append(shown)
        elif shown == "<5":
            upper_rows += [row, -row]
            upper_sums += [T - 1, -1]
    kwargs = {"bounds": [(0, None)] * len(YEARS), "method": "highs"}
    if equal_rows:
        kwargs |= {"A_eq": np.array(equal_rows), "b_eq": equal_sums}
    if upper_rows:
        kwargs |= {"A_ub": np.array(upper_rows), "b_ub": upper_sums}
    found = []
    for i, year in enumerate(YEARS):
        objective = np.zeros(len(YEARS))
        objective[i] = 1
        low, high = linprog(objective, **kwargs), linprog(-objective, **kwargs)
        top = math.inf if high.status == 3 else -high.fun
        if top != math.inf and math.floor(top + 1e-9) - math.ceil(low.fun - 1e-9) < 1:
            found.append(year)
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=3, max_size=3))
def test_no_small_year_can_be_worked_out_from_every_span_a_viewer_can_open(values):
    seen = shown_views(values)
    revealed = [y for y in pinned(seen) if 1 <= values[YEARS.index(y)] < T]
    assert not revealed, (values, seen)
    # And nothing small is ever shown as a number.
    assert not [v for v in seen.values() if isinstance(v, int) and 1 <= v < T]


def test_without_the_rule_the_attack_works():
    # The same attacker, against spans that hide only small counts, recovers the 3 of 2020-21
    # (the years to 2020-21 less the years to 2019-20, say).
    values = [10, 3, 9]
    seen = {p: ("<5" if 1 <= n < T else n) for p in SPANS
            for n in [sum(v for y, v in zip(YEARS, values) if p.covers(y))]}
    assert pinned(seen) == ["2019-20", "2020-21", "2021-22"]
