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


def test_a_line_with_many_hidden_points_ticks_them_and_one_with_few_labels_them():
    from figures.lines import LABELLED_HIDDEN, line_trend

    def months(n: int, every: int = 3, place: str = "Park") -> pd.DataFrame:
        hidden = [i % every != 0 for i in range(n)]
        return pd.DataFrame({"month": [f"M{i:02d}" for i in range(n)], "place": place,
                             "value": [None if h else 20.0 for h in hidden],
                             "display": ["hidden" if h else "20" for h in hidden], "suppressed": hidden})

    def drawn(figure, mode: str) -> list:
        return [(x, t) for trace in figure.data if trace.mode == mode for x, t in zip(trace.x, trace.text)]

    few = line_trend(months(6), x="month", y="value", y_title="Searches")
    assert len(drawn(few, "text")) == LABELLED_HIDDEN and drawn(few, "markers") == []
    # 84 months: "hidden" written 56 times along the axis ran into one another.
    long = line_trend(months(84), x="month", y="value", y_title="Searches")
    assert drawn(long, "text") == []
    assert drawn(long, "markers")[:2] == [("M01", "hidden"), ("M02", "hidden")] and len(drawn(long, "markers")) == 56
    assert '"<5" or hidden' in long.layout.xaxis.title.text
    # Six of seven years hidden, or two places' lines hidden in the same year, wrote "hidden" over
    # itself on a phone (Priority 2's kinds of place at 10-16).
    seven = line_trend(months(7, every=100), x="month", y="value", y_title="Victims")
    assert drawn(seven, "text") == [] and len(drawn(seven, "markers")) == 6
    two = line_trend(pd.concat([months(3, every=2), months(3, every=2, place="Transport hub")]), x="month",
                     y="value", y_title="Victims", series="place")
    assert drawn(two, "text") == [] and drawn(two, "markers") == [("M01", "hidden"), ("M01", "hidden")]
