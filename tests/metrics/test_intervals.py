"""Each interval method against worked values from its published definition."""

import math

import pandas as pd
import pytest

from metrics.intervals import (
    poisson_interval, rate_ratio, rates_per_1000, ratio_sentence, shares_with_interval, wilson_interval,
)


@pytest.mark.parametrize("count, lower, upper", [
    # Exact (Garwood) 95% limits for a Poisson count, as printed in standard tables.
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.242, 7.225),
    (5, 1.624, 11.668),
])
def test_exact_poisson_below_ten(count, lower, upper):
    got = poisson_interval(count)
    assert got[0] == pytest.approx(lower, abs=1e-3)
    assert got[1] == pytest.approx(upper, abs=1e-3)


def test_byar_from_ten_by_hand():
    # Byar, O = 10, z = 1.959964:
    # lower = 10 (1 - 1/90 - 1.959964 / (3 sqrt 10))^3 = 10 x 0.782290^3 = 4.7874
    # upper = 11 (1 - 1/99 + 1.959964 / (3 sqrt 11))^3 = 11 x 1.186884^3 = 18.3920
    lower, upper = poisson_interval(10)
    assert lower == pytest.approx(4.7874, abs=1e-3)
    assert upper == pytest.approx(18.392, abs=1e-3)
    # ... close to the exact limits (4.795, 18.390), which is why Fingertips switches at 10.
    assert abs(lower - 4.795) < 0.01 and abs(upper - 18.390) < 0.01


def test_byar_for_a_large_count_is_near_the_normal_approximation():
    lower, upper = poisson_interval(10_000)
    assert lower == pytest.approx(10_000 - 1.96 * 100, abs=2)
    assert upper == pytest.approx(10_000 + 1.96 * 100, abs=2)


@pytest.mark.parametrize("successes, trials, lower, upper", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_against_newcombe(successes, trials, lower, upper):
    got = wilson_interval(successes, trials)
    assert got[0] == pytest.approx(lower, abs=1e-4)
    assert got[1] == pytest.approx(upper, abs=1e-4)


def test_rate_ratio_by_hand():
    # 60 searches in 1,000 people against 20 in 2,000: rates 60 and 10 per 1,000, ratio 6.
    # SE ln RR = sqrt(1/60 + 1/20) = 0.258199; 6 exp(-/+ 1.959964 x 0.258199) = 3.617 to 9.952.
    ratio = rate_ratio(60, 1_000, 20, 2_000)
    assert ratio.ratio == pytest.approx(6.0)
    assert ratio.lower == pytest.approx(3.617, abs=1e-3)
    assert ratio.upper == pytest.approx(9.952, abs=1e-3)
    assert rate_ratio(0, 1_000, 20, 2_000) is None


def test_rates_per_1000_scale_the_count_interval():
    table = rates_per_1000(pd.DataFrame({"value": [10, 0], "population": [2_000, 500]}))
    assert table["rate"].tolist() == [5.0, 0.0]
    assert table["rate_lower"].iloc[0] == pytest.approx(4.7874 / 2, abs=1e-3)
    assert table["rate_upper"].iloc[1] == pytest.approx(3.689 * 2, abs=1e-2)


def test_shares_with_interval():
    table = shares_with_interval(pd.DataFrame({"linked": [81], "searches": [263]}), successes="linked",
                                 trials="searches")
    assert table["share"].iloc[0] == pytest.approx(81 / 263)
    assert table["share_lower"].iloc[0] == pytest.approx(0.2553, abs=1e-4)


def test_ratio_sentence_reads_aloud():
    ratio = rate_ratio(60, 1_000, 20, 2_000)
    assert ratio_sentence(group="Young Black people", reference="young White people", ratio=ratio,
                          verb="searched") == (
        "Young Black people were searched 6.0 times as often as young White people (95% CI 3.6 to 10.0).")
    assert "could be chance" in ratio_sentence(group="A", reference="B", ratio=rate_ratio(11, 100, 10, 100),
                                               verb="searched")
    assert math.isclose(rate_ratio(11, 100, 10, 100).ratio, 1.1)
