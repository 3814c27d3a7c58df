import datetime as dt

import pandas as pd

from loaders.published import published_figures
from metrics.knife_series import (MPS_SOURCE, PUBLISHED_SOURCE, continued_series, financial_year_totals,
                                  without_leading_part_years)


def monthly(rows):
    return pd.DataFrame(rows, columns=["area", "month", "value"])


def test_missing_months_count_as_zero_and_part_years_are_marked():
    # Extract covers March 2022 to May 2023. The borough has no row for June 2022 (zero victims).
    months_2022_23 = [dt.date(2022, m, 1) for m in (4, 5, 7, 8, 9, 10, 11, 12)] + [dt.date(2023, m, 1) for m in (1, 2, 3)]
    rows = ([("A", dt.date(2022, 3, 1), 4)] + [("A", m, 1) for m in months_2022_23]
            + [("A", dt.date(2023, 4, 1), 2), ("A", dt.date(2023, 5, 1), 2)])
    totals = financial_year_totals(monthly(rows), first_month=dt.date(2022, 3, 1), last_month=dt.date(2023, 5, 1))
    by_year = totals.set_index("financial_year")
    assert by_year.loc["2021-22", ["value", "months", "complete"]].tolist() == [4, 1, False]
    assert by_year.loc["2021-22", "label"] == "2021-22 (March 2022 only)"
    assert by_year.loc["2022-23", ["value", "months", "complete"]].tolist() == [11, 12, True]
    assert by_year.loc["2023-24", "label"] == "2023-24 (April 2023 to May 2023 only)"


def test_continued_series_puts_the_published_years_first_labelled_by_source():
    totals = financial_year_totals(monthly([("Tower Hamlets", dt.date(2022, 4, 1), 5)]),
                                   first_month=dt.date(2022, 4, 1), last_month=dt.date(2023, 3, 1))
    series = continued_series(published_figures(), totals, area="Tower Hamlets")
    assert series[["financial_year", "value", "source"]].values.tolist() == [
        ["2017-18", 120, PUBLISHED_SOURCE], ["2018-19", 111, PUBLISHED_SOURCE], ["2019-20", 90, PUBLISHED_SOURCE],
        ["2022-23", 5, MPS_SOURCE]]


def test_leading_part_years_are_left_out_of_the_chart_but_trailing_ones_stay():
    rows = [("A", dt.date(2022, 3, 1), 4)] + [("A", dt.date(2022 + (m < 4), m, 1), 1) for m in range(1, 13)] \
        + [("A", dt.date(2023, 4, 1), 2)]
    totals = financial_year_totals(monthly(rows), first_month=dt.date(2022, 3, 1), last_month=dt.date(2023, 4, 1))
    assert totals["financial_year"].tolist() == ["2021-22", "2022-23", "2023-24"]
    assert without_leading_part_years(totals)["financial_year"].tolist() == ["2022-23", "2023-24"]
