import math

import pandas as pd
import pytest

from metrics.disclosure import DECIDED
from metrics.equality import outcome_shares, rates_against

GROUPS = ["Asian", "Black", "White"]


def test_rates_and_ratios_against_a_reference_group():
    counts = pd.DataFrame({"group": ["Asian", "Black", "White"], "value": [40, 60, 20]})
    population = pd.DataFrame({"group": ["Asian", "Black", "White"], "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="White", threshold=5, groups=GROUPS).set_index("group")
    # Rates per 1,000: 40/8,000 = 5, 60/1,000 = 60, 20/2,000 = 10. Ratios to White: 0.5, 6, 1.
    assert table["rate"].tolist() == [5.0, 60.0, 10.0]
    assert table["ratio"].tolist() == [0.5, 6.0, 1.0]
    # Black against White: SE ln RR = sqrt(1/60 + 1/20) = 0.2582: 3.617 to 9.952 (see test_intervals).
    assert table.loc["Black", "ratio_lower"] == pytest.approx(3.617, abs=1e-3)
    assert not table["suppressed"].any()


def test_a_small_count_hides_its_rate_and_ratio_and_takes_a_partner():
    counts = pd.DataFrame({"group": ["Asian", "Black", "White"], "value": [40, 3, 20]})
    population = pd.DataFrame({"group": GROUPS, "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="White", threshold=5, groups=GROUPS).set_index("group")
    assert table.loc["Black", "display"] == "<5"
    assert math.isnan(table.loc["Black", "rate"]) and math.isnan(table.loc["Black", "ratio"])
    # The total is known, so a second group is hidden too: the smallest, White (20).
    assert table.loc["White", "suppressed"]
    # ... and with the reference hidden, no ratio can be shown at all.
    assert table["ratio"].isna().all()


def test_counts_decided_with_their_total_take_no_partner_here():
    # Counts a family decided with their total (metrics.families, attrs[DECIDED]) are shown as
    # decided, so each reads as the same count does in another table: no partner is added.
    counts = pd.DataFrame({"group": ["Asian", "Black", "White"], "value": [40, 3, 20]})
    counts.attrs[DECIDED] = True
    population = pd.DataFrame({"group": GROUPS, "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="White", threshold=5, groups=GROUPS).set_index("group")
    assert table.loc["Black", "display"] == "<5"
    assert table.loc["White", "display"] == "20" and table.loc["Asian", "ratio"] == 0.5


def test_missing_groups_are_zero_not_absent():
    counts = pd.DataFrame({"group": ["Asian"], "value": [40]})
    population = pd.DataFrame({"group": GROUPS, "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="Asian", threshold=5, groups=GROUPS)
    assert table["value"].tolist() == [40, 0, 0]
    assert table["display"].tolist() == ["40", "0", "0"]


def test_outcome_shares_with_wilson_intervals():
    searches = pd.DataFrame({"group": GROUPS, "value": [263, 100, 50], "positive": [81, 30, 20], "linked": [81, 2, 10]})
    table = outcome_shares(searches, threshold=5, groups=GROUPS).set_index("group")
    # 81 of 263: Wilson 0.2553 to 0.3662 (Newcombe 1998).
    assert table.loc["Asian", "linked_share"] == pytest.approx(81 / 263)
    assert table.loc["Asian", "linked_lower"] == pytest.approx(0.2553, abs=1e-4)
    # Two linked outcomes among Black people's searches is a small number: its share is hidden.
    assert math.isnan(table.loc["Black", "linked_share"])
    assert table.loc["Black", "linked_display"] == "<5"
    assert table.loc["Black", "positive_share"] == pytest.approx(0.3)


def test_a_small_complement_hides_the_share_too():
    # 20 searches, 18 positive: the 2 with no further action would follow from the share.
    searches = pd.DataFrame({"group": ["White"], "value": [20], "positive": [18], "linked": [10]})
    table = outcome_shares(searches, threshold=5, groups=["White"])
    assert math.isnan(table["positive_share"].iloc[0])
    # 18 positive outcomes are hidden, and read so: "<5" would say fewer than 5.
    assert table["positive_display"].iloc[0] == "hidden"
    assert table["linked_share"].iloc[0] == pytest.approx(0.5)


def test_an_exposed_count_is_hidden_with_its_rate_and_ratio():
    # Black (60) is exposed by a neighbouring view: hidden with its rate and ratio, and a
    # partner (the smallest other, White's 20) goes too, so the total cannot give it back.
    counts = pd.DataFrame({"group": ["Asian", "Black", "White"], "value": [40, 60, 20],
                           "exposed": [False, True, False]})
    population = pd.DataFrame({"group": GROUPS, "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="Asian", threshold=5, groups=GROUPS).set_index("group")
    assert table["suppressed"].tolist() == [False, True, True]
    assert table.loc["Black", ["rate", "ratio"]].isna().all()
    assert rates_against(counts, population, reference="Asian", threshold=1,
                         groups=GROUPS)["suppressed"].tolist() == [False, False, False]


def test_an_exposed_numerator_hides_its_share():
    searches = pd.DataFrame({"group": GROUPS, "value": [100, 80, 60], "positive": [30, 20, 10],
                             "linked": [20, 15, 10], "positive_exposed": [False, True, False]})
    shares = outcome_shares(searches, threshold=5, groups=GROUPS).set_index("group")
    # 20 is no small number: it reads "hidden", not "<5".
    assert shares.loc["Black", "positive_display"] == "hidden"
    assert math.isnan(shares.loc["Black", "positive_share"])
    assert shares.loc["Black", "linked_display"] == "15"


def test_the_chart_says_why_each_rate_is_not_drawn():
    from figures.equality import rates_with_intervals

    counts = pd.DataFrame({"group": ["Asian", "Black", "White", "Not stated"], "value": [40, 3, 20, 9],
                           "exposed": [True, False, False, False]})
    population = pd.DataFrame({"group": GROUPS, "population": [8_000, 1_000, 2_000]})
    table = rates_against(counts, population, reference="White", threshold=5, groups=[*GROUPS, "Not stated"])
    figure = rates_with_intervals(table, x_title="per 1,000", reference="White")
    notes = {note.y: note.text for note in figure.layout.annotations}
    # Asian (exposed) and Black (small) hidden together: their sum is known, neither is, so
    # White keeps its rate; "Not stated" has a count and no population.
    assert notes == {"Asian": "not shown: the count reads \u201chidden\u201d",
                     "Black": "not shown: the count reads \u201c<5\u201d",
                     "Not stated": "not shown: no population figure"}
    assert list(figure.data[0].y) == ["White"]
