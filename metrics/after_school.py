"""The after-school window (Monday to Friday, 15:00 to 18:00) in the data.

The JSNA behind the strategy found that incidents affecting children aged 10 to 16
peak in the after-school period; Operation Teschel patrolled it.
"""

from __future__ import annotations

import pandas as pd

from metrics.shares import latest_share_sentence, share_by_year


def window_share_by_year(shown: pd.DataFrame) -> pd.DataFrame:
    """Share of incidents inside the after-school window, each financial year.

    ``shown``: financial_year, after_school (bool), value (NA where suppressed), display,
    as from ``metrics.disclosure.suppress``. Returns financial_year, inside_window,
    outside_window (display text), share_percent (NA when either count is hidden).
    Unit: percent of incidents that carry a time of day; denominator: all such
    incidents of the year. Lower is better (the strategy wants fewer incidents at key times).
    """
    return share_by_year(shown, flag="after_school", yes="inside_window", no="outside_window")


def share_change_sentence(shares: pd.DataFrame, *, who: str) -> str:
    """The latest year's share in the window against the year before, in words (percentage points)."""
    return latest_share_sentence(shares, what=f"incidents to {who} fell in the after-school window")
