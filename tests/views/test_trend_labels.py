"""A suppressed year on a financial-year trend is labelled once, by its own label alone."""

import pandas as pd

from figures.trends import financial_year_trend


def test_a_withheld_count_has_one_label_and_no_bar_label():
    frame = pd.DataFrame({"financial_year": ["2018-19", "2019-20", "2020-21", "2021-22"],
                          "value": [12.0, None, None, None], "display": ["12", "<5", "hidden", None],
                          "published": [None, None, None, None]})
    figure = financial_year_trend({"Knife crime injury victims": frame}, data_label="synthetic", y_title="Victims")
    labels = [(x, t) for trace in figure.data if trace.text is not None
              for x, t in zip(trace.x, trace.text) if t]
    # 2019-20 and 2020-21 each once, by the label drawn at zero; 2021-22 (no data) not at all.
    assert sorted(labels) == [("2018-19", "12"), ("2019-20", "<5"), ("2020-21", "hidden")]


def test_a_series_with_no_years_draws_no_labels():
    # No record under the filters (an offence group with none, say): no year, and an empty
    # column of text that pandas holds as floats.
    empty = pd.DataFrame({"financial_year": pd.Series([], dtype=object), "value": pd.Series([], dtype=float),
                          "display": pd.Series([], dtype=float), "published": pd.Series([], dtype=float)})
    figure = financial_year_trend({"Serious youth violence": empty}, data_label="synthetic", y_title="Victims")
    assert [t for trace in figure.data if trace.text is not None for t in trace.text if t] == []
