"""The scorecard: each priority's "How will we know we are making a difference?" list, answered."""

import pandas as pd

from metrics.disclosure import complete_grid, suppress
from metrics.scorecard import (NO_VERDICT, NOT_ENOUGH, NOT_MEASURED, INCIDENT_ITEMS, Incidents, incident_item,
                               items_of, not_counted_item, outcome_item)
from strategy import HOW_WILL_WE_KNOW, OUTCOME_MEASURES, OutcomeMeasure

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
KNIFE = INCIDENT_ITEMS[HOW_WILL_WE_KNOW[3][0]]


def by_year(values: list[int]) -> pd.DataFrame:
    counts = pd.DataFrame({"financial_year": YEARS, "value": values})
    return suppress(complete_grid(counts, {"financial_year": YEARS}), dims=["financial_year"], threshold=5)


def test_every_item_of_every_list_is_answered_in_the_strategy_s_order():
    for priority, listed in HOW_WILL_WE_KNOW.items():
        items = items_of(priority)
        assert [text for text, _ in items[:len(listed)]] == list(listed)
        assert all(isinstance(answer, (OutcomeMeasure, Incidents, str)) for _, answer in items)
    # Every outcome measure the partnership records is on its priority's card, once.
    answered = [answer.measure for p in HOW_WILL_WE_KNOW for _, answer in items_of(p)
                if isinstance(answer, OutcomeMeasure)]
    assert sorted(answered) == sorted(m.measure for m in OUTCOME_MEASURES)
    # Exclusions come from the strategy's outcomes, not its list: after the list.
    assert items_of(1)[-1][1].measure == "fixed_term_exclusions"


def test_a_fall_from_the_baseline_unlikely_to_be_chance_is_improving():
    # 200 to 120: ratio 0.6, 95% interval exp(+-1.96 sqrt(1/200 + 1/120)) = 0.48 to 0.75 (log method).
    item = incident_item(3, HOW_WILL_WE_KNOW[3][0], KNIFE, by_year([200, 180, 150, 130, 120]))
    assert (item.verdict, item.latest, item.wants) == ("improving", "120 in 2023-24", "a reduction")
    assert "0.48 to 0.75" in item.sentence
    assert item.years[0] == ("2019-20", "200")


def test_a_latest_year_too_small_to_show_gets_no_verdict_and_reads_as_shown():
    item = incident_item(3, HOW_WILL_WE_KNOW[3][0], KNIFE, by_year([40, 30, 20, 10, 3]))
    assert item.verdict == NO_VERDICT
    assert item.latest == "<5 in 2023-24"
    assert ("2023-24", "<5") in item.years
    assert "3" not in [text for _, text in item.years]


def test_an_outcome_measure_with_no_values_or_one_whole_year_has_not_enough_data():
    measure = next(m for m in OUTCOME_MEASURES if m.measure == "disruptions")
    empty = pd.DataFrame({"period_label": [], "value": [], "display": []})
    assert outcome_item(3, measure.strategy_text, measure, empty).verdict == NOT_ENOUGH
    quarters = pd.DataFrame({"period_label": [f"2023-24 Q{q}" for q in range(1, 5)], "value": [20, 22, 25, 24]})
    item = outcome_item(3, measure.strategy_text, measure, suppress(quarters, dims=["period_label"], threshold=5))
    assert (item.verdict, item.latest, item.wants) == (NOT_ENOUGH, "91 in 2023-24", "an increase")
    assert item.sentence.startswith("Only one whole financial year can be shown")
    # A year with a quarter of 1 to 4 has no total: its quarters are not all shown.
    quarters = pd.DataFrame({"period_label": [f"{y} Q{q}" for y in ("2022-23", "2023-24") for q in range(1, 5)],
                             "value": [20, 3, 25, 24, 20, 22, 25, 24]})
    item = outcome_item(3, measure.strategy_text, measure, suppress(quarters, dims=["period_label"], threshold=5))
    assert (item.verdict, item.latest, item.years) == (NOT_ENOUGH, "91 in 2023-24", (("2023-24", "91"),))


def test_an_increase_in_a_measure_the_strategy_wants_to_rise_is_improving():
    measure = next(m for m in OUTCOME_MEASURES if m.measure == "rescue_and_response_referrals")
    values = [10, 8, 9, 9] + [20, 18, 16, 19]  # 36 in 2019-20, 73 in 2020-21: ratio 2.03, 1.36 to 3.02
    quarters = pd.DataFrame({"period_label": [f"{y} Q{q}" for y in ("2019-20", "2020-21") for q in range(1, 5)],
                             "value": values})
    item = outcome_item(3, measure.strategy_text, measure, suppress(quarters, dims=["period_label"], threshold=5))
    assert item.verdict == "improving"
    assert "1.36 to 3.02" in item.sentence


def test_an_item_the_dashboard_holds_no_data_for_says_where_its_evidence_lies():
    answers = {text: answer for p in HOW_WILL_WE_KNOW for text, answer in items_of(p) if isinstance(answer, str)}
    # Case reviews and young people's feedback: the partnership's own evidence.
    assert sum("Reviews of cases" in text for text in answers) == 3
    assert all(answers[text].startswith("Case reviews") for text in answers if "Reviews of cases" in text)
    assert sum(answer.startswith("Young people's feedback") for answer in answers.values()) == 2
    item = not_counted_item(2, HOW_WILL_WE_KNOW[2][2], answers[HOW_WILL_WE_KNOW[2][2]])
    assert (item.verdict, item.latest, item.wants) == (NOT_MEASURED, "", "")
