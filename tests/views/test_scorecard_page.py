"""The Overview's scorecard: each priority's "How will we know we are making a difference?"
list in the strategy's words, each item with its latest figure and verdict, read from the data."""

import math

from metrics.scorecard import NOT_MEASURED, items_of
from strategy import HOW_WILL_WE_KNOW
from tests.views.test_pages import run
from tests.views.test_priority_pages import sql

NB = "\u2011"  # the scorecard keeps "2023-24" on one line


def verdict(latest: int, baseline: int, *, higher_is_better: bool) -> str:
    """The published log method for a ratio of two Poisson counts: exp(log r +- 1.96 sqrt(1/a + 1/b))."""
    ratio, spread = latest / baseline, 1.96 * math.sqrt(1 / latest + 1 / baseline)
    low, high = ratio * math.exp(-spread), ratio * math.exp(spread)
    if low <= 1 <= high:
        return "no significant change"
    return "improving" if (low > 1) == higher_is_better else "getting worse"


def test_the_overview_answers_each_priority_s_list_from_the_data(app_env, demo_connection):
    at = run()
    tables = [t.value for t in at.table]
    assert len(tables) == 3
    for priority, table in zip((1, 2, 3), tables):
        assert list(table.index) == [text for text, _ in items_of(priority)]
        assert (table.loc[table["Verdict"] == NOT_MEASURED, "Latest"] == "").all()
    knife = dict(sql(demo_connection, "SELECT financial_year, COUNT(*) FROM incidents WHERE is_knife_injury "
                                      "AND victim_age BETWEEN 1 AND 24 GROUP BY financial_year"))
    row = tables[2].loc[HOW_WILL_WE_KNOW[3][0]]
    assert row["Latest"] == f"{knife['2023-24']} in 2023{NB}24"
    assert row["Verdict"] == verdict(knife["2023-24"], knife["2019-20"], higher_is_better=False)
    referrals = dict(sql(demo_connection, "SELECT SUBSTR(period_label, 1, 7), SUM(value) FROM indicator_values "
                                          "WHERE measure = 'rescue_and_response_referrals' GROUP BY 1"))
    row = tables[2].loc[HOW_WILL_WE_KNOW[3][2]]
    assert row["Latest"] == f"{int(referrals['2023-24'])} in 2023{NB}24"
    assert row["Verdict"] == verdict(int(referrals["2023-24"]), int(referrals["2019-20"]), higher_is_better=True)
    assert row["The strategy wants"] == "an increase"
    # How sure each verdict is, one click away: the knife item's counts and interval.
    why = [m.value for e in at.expander if e.label.startswith("How sure") for m in e.markdown]
    knife_why = next(text for text in why if HOW_WILL_WE_KNOW[3][0] in text)
    assert f"({knife['2019-20']} to {knife['2023-24']} in 2023-24)" in knife_why and "95% confidence" in knife_why
