"""Rates per 1,000 population: the data path the equality monitoring builds on
(confidence intervals and disproportionality ratios are added there)."""

from __future__ import annotations

import pandas as pd


def rate_per_1000(counts: pd.DataFrame, population: pd.DataFrame, *, key: str) -> pd.DataFrame:
    """Counts beside the population of the same groups, and the rate per 1,000.

    ``counts``: ``key``, value; ``population``: ``key``, population. Returns ``key``,
    value, population, rate_per_1000 (NA where there is no population). Unit: records
    per 1,000 residents in the period of the counts; denominator: residents of the
    group. Neither higher nor lower is better: the strategy asks that searches be
    fair and proportionate, so the comparison between groups is what matters.
    """
    joined = counts.merge(population, on=key, how="left")
    joined["population"] = joined["population"].astype("Int64")
    valid = joined["population"].fillna(0) > 0
    rate = (1000 * joined["value"].astype(float) / joined["population"].astype(float)).round(2)
    joined["rate_per_1000"] = rate.where(valid).astype("Float64")
    joined.attrs = dict(counts.attrs)  # how the counts were decided (``metrics.disclosure.suppress``)
    return joined


def bands_within(span: tuple[int, int | None], bands: tuple[tuple[str, int, int], ...]) -> tuple[str, ...]:
    """The fine age bands (name, low, high) that lie inside ``span`` (inclusive; None: no upper limit)."""
    low, high = span
    high = 10_000 if high is None else high
    return tuple(name for name, b_low, b_high in bands if b_low >= low and b_high <= high)
