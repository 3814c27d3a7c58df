"""Change against a baseline year, with a verdict and how sure it is."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

Z_95 = 1.959963984540054
# Below this many events in either year, a verdict says "not enough data".
MINIMUM_EVENTS = 10


@dataclass(frozen=True)
class Change:
    """A count in one period against a baseline period.

    ``ratio`` is latest / baseline (unitless); its 95% interval treats both counts as
    Poisson (log method: SE of log ratio = sqrt(1/a + 1/b)).
    """

    latest_label: str
    latest: int
    baseline_label: str
    baseline: int
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    higher_is_better: bool

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else (self.ratio - 1) * 100

    @property
    def direction(self) -> str:
        """'falling', 'rising', 'no significant change' or 'not enough data'."""
        if self.ratio is None:
            return "not enough data"
        if self.ci_high < 1:
            return "falling"
        if self.ci_low > 1:
            return "rising"
        return "no significant change"

    @property
    def verdict(self) -> str:
        """The plain verdict a board member reads: improving, getting worse, ..."""
        if self.direction in ("not enough data", "no significant change"):
            return self.direction
        improving = (self.direction == "rising") == self.higher_is_better
        return "improving" if improving else "getting worse"

    def sentence(self) -> str:
        """E.g. 'Down 17% on 2019-20 (286 to 238).'"""
        if self.ratio is None:
            return (f"Not enough data to compare {self.latest_label} with {self.baseline_label} "
                    f"({self.baseline:,} and {self.latest:,}).")
        word = "Down" if self.ratio < 1 else "Up" if self.ratio > 1 else "No change"
        amount = f" {abs(self.percent):.0f}%" if self.ratio != 1 else ""
        return (f"{word}{amount} on {self.baseline_label} ({self.baseline:,} to {self.latest:,} "
                f"in {self.latest_label}).")

    def certainty(self) -> str:
        """How sure the verdict is, in words, with the interval."""
        if self.ratio is None:
            return f"Fewer than {MINIMUM_EVENTS} in one of the years: no verdict."
        interval = f"95% confidence interval for the ratio {self.ci_low:.2f} to {self.ci_high:.2f}"
        if self.direction == "no significant change":
            return f"The change could be chance: {interval}, which includes 1."
        return f"Unlikely to be chance: {interval}, which excludes 1."


def change_against(counts: pd.DataFrame, *, period_column: str, baseline: str, latest: str,
                   higher_is_better: bool) -> Change:
    """Compare the ``value`` of period ``latest`` with period ``baseline`` in ``counts``.

    Unit: the count's own (e.g. victims); higher is better only if ``higher_is_better``.
    A period missing from ``counts`` counts as zero.
    """
    by_period = counts.set_index(period_column)["value"]
    a = int(by_period.get(latest, 0))
    b = int(by_period.get(baseline, 0))
    if a < MINIMUM_EVENTS or b < MINIMUM_EVENTS:
        return Change(latest, a, baseline, b, None, None, None, higher_is_better)
    ratio = a / b
    spread = Z_95 * math.sqrt(1 / a + 1 / b)
    return Change(latest, a, baseline, b, ratio, ratio * math.exp(-spread), ratio * math.exp(spread),
                  higher_is_better)


def with_published(counts: pd.DataFrame, published: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """Counts by financial year beside the strategy's published figure for the same year.

    Columns: financial_year, value (from the database), published (or NA), source.
    """
    figures = published[published["measure"] == measure][["period", "value", "source"]]
    figures = figures.rename(columns={"period": "financial_year", "value": "published"})
    joined = counts.merge(figures, on="financial_year", how="outer").sort_values("financial_year")
    joined["published"] = joined["published"].astype("Int64")
    joined["value"] = joined["value"].astype("Int64")
    return joined.reset_index(drop=True)


def complete_financial_years(counts: pd.DataFrame, *, data_to) -> pd.DataFrame:
    """Keep only financial years that end on or before ``data_to`` (a part-year misleads)."""
    if data_to is None or counts.empty:
        return counts
    ends = pd.to_datetime(counts["financial_year"].str[:4].astype(int).astype(str) + "-03-31") + pd.DateOffset(years=1)
    return counts[ends.dt.date <= data_to].reset_index(drop=True)


def latest_against(by_year: pd.DataFrame, *, baseline: str, higher_is_better: bool) -> Change | None:
    """The latest financial year with data against ``baseline``; None when there is no data.

    ``by_year`` has ``financial_year`` and ``value`` (missing where only a published figure exists).
    """
    recorded = by_year.dropna(subset=["value"])
    if recorded.empty:
        return None
    latest = recorded["financial_year"].max()
    return change_against(recorded, period_column="financial_year", baseline=baseline,
                          latest=latest, higher_is_better=higher_is_better)


def financial_year_days(financial_year: str) -> tuple[dt.date, dt.date]:
    """1 April and 31 March of '2023-24'."""
    start = int(financial_year[:4])
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def latest_whole_year(years: list[str], *, last_day: dt.date) -> str:
    """The latest financial year in ``years`` that ends by ``last_day`` (else the latest)."""
    whole = [y for y in sorted(years) if financial_year_days(y)[1] <= last_day]
    return (whole or sorted(years))[-1]


def whole_years(start_years: list[int], *, last_day: dt.date) -> list[str]:
    """The financial years starting in ``start_years`` (those with population, say) that end by
    ``last_day``, latest first: data to 31 March 2024 holds 2023-24 whole."""
    return [f"{y}-{(y + 1) % 100:02d}" for y in sorted(start_years, reverse=True)
            if financial_year_days(f"{y}-{(y + 1) % 100:02d}")[1] <= last_day]


def shown_change(shown_by_year: pd.DataFrame, *, baseline: str, higher_is_better: bool) -> Change | None:
    """``latest_against`` on a table already through small-number suppression
    (``value`` NA and ``suppressed`` True where hidden).

    None (no verdict to show, ``no_verdict`` says why) when there is no data, when the latest
    year or the baseline year is hidden (a verdict would reveal the hidden count), or when the
    baseline has no count (dates that start after it): it is not a zero.
    """
    return None if _no_verdict(shown_by_year, baseline) else \
        latest_against(shown_by_year[~_hidden(shown_by_year)], baseline=baseline, higher_is_better=higher_is_better)


def no_verdict(shown_by_year: pd.DataFrame, *, baseline: str) -> str:
    """Why ``shown_change`` gives no verdict, as a sentence a board member can read aloud."""
    return _no_verdict(shown_by_year, baseline) or "No verdict."


def _hidden(shown_by_year: pd.DataFrame) -> pd.Series:
    return shown_by_year["suppressed"].astype("boolean").fillna(False).astype(bool)


def _no_verdict(shown_by_year: pd.DataFrame, baseline: str) -> str | None:
    hidden = _hidden(shown_by_year)
    in_data = shown_by_year[shown_by_year["value"].notna() | hidden]
    if in_data.empty:
        return "No verdict: there are no records under these filters."
    latest = in_data["financial_year"].max()
    hidden_years = set(shown_by_year.loc[hidden, "financial_year"])
    for year, what in ((latest, f"{latest}'s count"), (baseline, f"the {baseline} baseline's count")):
        if year in hidden_years:
            shown = shown_display(shown_by_year, year)
            if shown.startswith("<"):  # the primary rule: too few to show
                return (f"No verdict: {what} is fewer than {shown[1:]} under these filters, too few to show; "
                        "wider filters may show it.")
            return (f"No verdict: {what} is hidden under these filters (beside another view you can open, it "
                    "would let a small number be worked out); wider filters may show it.")
    if baseline not in set(in_data["financial_year"]):
        return f"No verdict: there is no {baseline} count, the baseline, under these filters and dates."
    return None


def shown_display(shown_by_year: pd.DataFrame, year: str) -> str:
    """How ``year``'s count reads on the page: its ``display`` text ("<5", "hidden", "1,234"),
    or "hidden" for a suppressed count of a trend with no text."""
    row = shown_by_year[shown_by_year["financial_year"] == year]
    if row.empty:
        raise KeyError(f"{year} is not in the trend")
    if "display" in row and isinstance(row["display"].iloc[0], str):
        return row["display"].iloc[0]
    return "hidden" if _hidden(row).iloc[0] else f"{int(row['value'].iloc[0]):,}"


def latest_shown(shown_by_year: pd.DataFrame) -> tuple[str, str] | None:
    """The latest year with records (shown or hidden) and how its count reads; None without any."""
    in_data = shown_by_year[shown_by_year["value"].notna() | _hidden(shown_by_year)]
    if in_data.empty:
        return None
    year = in_data["financial_year"].max()
    return year, shown_display(shown_by_year, year)
