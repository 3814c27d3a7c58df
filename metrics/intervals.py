"""Confidence intervals for counts, rates and proportions, as OHID's Fingertips computes them.

- Counts and rates: Byar's approximation for 10 or more events, the exact Poisson
  interval (chi-squared form) below 10.
- Proportions: Wilson's score interval.
- Rate ratios: the log method, SE of ln(RR) = sqrt(1/a + 1/b).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

BYAR_FROM = 10


def z_value(confidence: float = 0.95) -> float:
    return float(norm.ppf(1 - (1 - confidence) / 2))


def poisson_interval(count: int, confidence: float = 0.95) -> tuple[float, float]:
    """Interval for the expected number of events behind an observed ``count``.

    Unit: events. Byar's method from 10 events, the exact interval below.
    """
    if count < 0:
        raise ValueError(f"A count cannot be negative: {count}")
    z = z_value(confidence)
    if count >= BYAR_FROM:
        o, o1 = count, count + 1
        lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
        upper = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
        return lower, upper
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else chi2.ppf(alpha / 2, 2 * count) / 2
    upper = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(lower), float(upper)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for the proportion ``successes / trials`` (a share from 0 to 1)."""
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"Need 0 <= successes <= trials and trials > 0, got {successes}/{trials}")
    z = z_value(confidence)
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    denominator = 1 + z * z / trials
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


@dataclass(frozen=True)
class RateRatio:
    """Rate in a group against the rate in a reference group (unitless; 1 means equal)."""

    ratio: float
    lower: float
    upper: float


def rate_ratio(count: int, population: float, reference_count: int, reference_population: float,
               confidence: float = 0.95) -> RateRatio | None:
    """The ratio of two rates with its interval; None when either count is zero."""
    if count == 0 or reference_count == 0 or population <= 0 or reference_population <= 0:
        return None
    ratio = (count / population) / (reference_count / reference_population)
    spread = z_value(confidence) * math.sqrt(1 / count + 1 / reference_count)
    return RateRatio(ratio, ratio * math.exp(-spread), ratio * math.exp(spread))


def rates_per_1000(table: pd.DataFrame, *, count: str = "value", population: str = "population") -> pd.DataFrame:
    """Adds ``rate``, ``rate_lower`` and ``rate_upper``: events per 1,000 population, 95% CI.

    Denominator: the ``population`` column. Rows without a population get no rate.
    Higher is worse for harm measures; the caller says which.
    """
    result = table.copy()
    limits = [poisson_interval(int(c)) for c in result[count]]
    pop = result[population].astype(float).where(result[population] > 0)
    result["rate"] = result[count] / pop * 1000
    result["rate_lower"] = np.array([lo for lo, _ in limits]) / pop * 1000
    result["rate_upper"] = np.array([hi for _, hi in limits]) / pop * 1000
    return result


def shares_with_interval(table: pd.DataFrame, *, successes: str, trials: str) -> pd.DataFrame:
    """Adds ``share``, ``share_lower`` and ``share_upper`` (0 to 1, Wilson 95% CI)."""
    result = table.copy()
    rows = [
        (s / t, *wilson_interval(int(s), int(t))) if t > 0 else (np.nan, np.nan, np.nan)
        for s, t in zip(result[successes], result[trials])
    ]
    result["share"], result["share_lower"], result["share_upper"] = map(list, zip(*rows)) if rows else ([], [], [])
    return result


def ratio_sentence(*, group: str, reference: str, ratio: RateRatio | None, verb: str) -> str:
    """E.g. 'Young Black people were searched 3.1 times as often as young White people (95% CI 2.8 to 3.4).'"""
    if ratio is None:
        return f"No ratio for {group} against {reference}: one of the counts is zero or too small to show."
    if ratio.lower > 1 or ratio.upper < 1:
        return (f"{group} were {verb} {ratio.ratio:.1f} times as often as {reference} "
                f"(95% CI {ratio.lower:.1f} to {ratio.upper:.1f}).")
    return (f"{group} were {verb} {ratio.ratio:.1f} times as often as {reference} "
            f"(95% CI {ratio.lower:.1f} to {ratio.upper:.1f}), a difference that could be chance.")
