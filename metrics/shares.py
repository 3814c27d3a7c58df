"""Shares of a count that meet a condition, computed only from counts that may be shown."""

from __future__ import annotations

import pandas as pd


def share_by_year(shown: pd.DataFrame, *, flag: str, yes: str, no: str) -> pd.DataFrame:
    """Each financial year's share of records with ``flag`` True.

    ``shown``: financial_year, ``flag`` (bool), value (NA where suppressed), display.
    Returns financial_year, ``yes`` and ``no`` (display text) and share_percent
    (percent, one decimal; NA where either count is hidden or the year has none).
    Denominator: all records of the year. Whether higher is better depends on the flag.
    """
    flagged = shown[flag].astype(bool)
    inside, outside = shown[flagged].set_index("financial_year"), shown[~flagged].set_index("financial_year")
    rows = []
    for year in sorted(set(inside.index) | set(outside.index)):
        a, b = inside["value"].get(year, 0), outside["value"].get(year, 0)
        share = pd.NA if pd.isna(a) or pd.isna(b) or a + b == 0 else round(100 * a / (a + b), 1)
        rows.append({"financial_year": year, yes: inside["display"].get(year, "0"),
                     no: outside["display"].get(year, "0"), "share_percent": share})
    frame = pd.DataFrame(rows, columns=["financial_year", yes, no, "share_percent"])
    frame["share_percent"] = frame["share_percent"].astype("Float64")
    return frame


def latest_share_sentence(shares: pd.DataFrame, *, what: str) -> str:
    """'34% of searches in 2023-24 had ..., up 2 points on 2022-23 (32%).'"""
    known = shares.dropna(subset=["share_percent"])
    if known.empty:
        counts = shares.drop(columns=["financial_year", "share_percent"])
        if (counts == "0").all(axis=None):
            return f"None to show the share of {what}: there are no records under these filters."
        return (f"The share of {what} is not shown: the counts it needs read \"<5\" or \"hidden\" under "
                "these filters.")
    latest = known.iloc[-1]
    sentence = f"{latest.share_percent:.0f}% of {what} in {latest.financial_year}"
    before = known[known["financial_year"] == previous_year(latest.financial_year)]
    if before.empty:
        return sentence + "; the year before cannot be shown."
    before = before.iloc[0]
    points = latest.share_percent - before.share_percent
    size = round(abs(points))
    move = "no change" if size == 0 else f"{'up' if points > 0 else 'down'} {size} point{'s' if size > 1 else ''}"
    return f"{sentence}, {move} on {before.financial_year} ({before.share_percent:.0f}%)."


def previous_year(financial_year: str) -> str:
    """'2022-23' for '2023-24'."""
    start = int(financial_year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"
