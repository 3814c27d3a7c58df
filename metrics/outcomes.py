"""The outcome measures the partnership records (from the strategy's "How will we know
we are making a difference?" lists), judged in the direction the strategy wants."""

from __future__ import annotations

import pandas as pd

from metrics.trends import Change, change_against


def by_financial_year(shown: pd.DataFrame) -> pd.DataFrame:
    """Quarterly values summed to financial years, only where all four quarters are shown.

    ``shown``: period_label ('2019-20 Q1'), value (NA where suppressed). Returns
    financial_year, value. Unit: the measure's own, per year.
    """
    frame = shown.assign(financial_year=shown["period_label"].str[:7])
    whole = frame.groupby("financial_year").filter(lambda g: len(g) == 4 and g["value"].notna().all())
    totals = whole.groupby("financial_year", as_index=False)["value"].sum()
    totals["value"] = totals["value"].round().astype(int)
    return totals


def outcome_change(shown: pd.DataFrame, *, higher_is_better: bool) -> Change | None:
    """The latest whole financial year against the first, judged by the strategy's direction.

    None when fewer than two whole years can be shown.
    """
    years = by_financial_year(shown)
    if len(years) < 2:
        return None
    return change_against(years, period_column="financial_year", baseline=years["financial_year"].iloc[0],
                          latest=years["financial_year"].iloc[-1], higher_is_better=higher_is_better)


def direction_words(higher_is_better: bool) -> str:
    return "The strategy wants an increase \u25b2" if higher_is_better else "The strategy wants a reduction \u25bc"
