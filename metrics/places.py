"""Where harm happens: H3 cells, the area each falls in, and repeat locations."""

from __future__ import annotations

import pandas as pd

from loaders.derive import AGE_BANDS
from metrics.disclosure import EXPOSED, as_flags


def cells_with_area(counts: pd.DataFrame, *, cell: str, threshold: int = 1) -> pd.DataFrame:
    """Counts per cell and the area most of its records fall in.

    ``counts``: ``cell``, area, value (records per cell and area). Returns cell, area,
    value (all the cell's records), and ``exposed`` where ``counts`` has it: a cell is
    exposed when any part is, and, for a viewer (``threshold`` above 1), when it lies in two
    areas or more and any part is from 1 to ``threshold - 1``. The same cell read in the
    other areas alone (a viewer can select them) would give that part away: 77 in all areas
    against 73 in one is 4 in the rest. Unit: records (victims or searches).
    """
    if counts.empty:
        return pd.DataFrame(columns=["cell", "area", "value"])
    ranked = counts.sort_values([cell, "value", "area"], ascending=[True, False, True])
    main_area = ranked.drop_duplicates(cell).set_index(cell)["area"]
    totals = counts.groupby(cell)["value"].sum()
    result = pd.DataFrame({"cell": totals.index, "area": main_area.reindex(totals.index).to_numpy(),
                           "value": totals.to_numpy().astype(int)})
    result = _with_exposure(result, counts, cell=cell)
    if threshold <= 1:
        return result
    parts = counts[counts["value"] > 0]
    small_part = parts.assign(_small=parts["value"] < threshold).groupby(cell)["_small"].any()
    areas = parts.groupby(cell)["area"].nunique()
    summed_small = result["cell"].map(small_part & (areas > 1)).fillna(False).astype(bool).to_numpy()
    exposed = result["exposed"].to_numpy() if "exposed" in result else False
    return result.assign(exposed=exposed | summed_small)


def _with_exposure(result: pd.DataFrame, counts: pd.DataFrame, *, cell: str) -> pd.DataFrame:
    """A cell is exposed (``metrics.neighbours``) when any of its parts is: the flag is kept, not lost."""
    if EXPOSED not in counts.columns:
        return result
    exposed = counts.assign(_flag=as_flags(counts[EXPOSED])).groupby(cell)["_flag"].any()
    return result.assign(exposed=result["cell"].map(exposed).fillna(False).astype(bool).to_numpy())


def repeat_locations(cell_months: pd.DataFrame, *, cell: str, min_months: int = 3) -> pd.DataFrame:
    """Cells with records in at least ``min_months`` different months, most months first.

    ``cell_months``: ``cell``, month, value, already limited to the window looked at
    (the strategy's contextual safeguarding: the last 12 months). Returns cell,
    months_with_incidents, value (records in the window), rank, and ``exposed`` (any month
    exposed) where ``cell_months`` has it. More months and more
    records are worse: these places need a contextual safeguarding response.
    """
    active = cell_months[cell_months["value"] > 0]
    summary = active.groupby(cell).agg(months_with_incidents=("month", "nunique"), value=("value", "sum"))
    summary = summary[summary["months_with_incidents"] >= min_months].reset_index().rename(columns={cell: "cell"})
    summary = summary.sort_values(["months_with_incidents", "value", "cell"], ascending=[False, False, True])
    summary["rank"] = range(1, len(summary) + 1)
    summary["value"] = summary["value"].astype(int)
    return _with_exposure(summary.reset_index(drop=True), active, cell=cell)


def repeat_locations_shown(shown: pd.DataFrame, *, min_months: int = 3) -> pd.DataFrame:
    """Repeat locations as they may be shown, after ``value`` went through suppression.

    The months a cell was active bound its count from below (4 months means at least 4
    records), so where the count is hidden the months read "3 or more" too, and hidden
    rows are ranked after the shown ones in cell order (their order would hint at counts).
    Adds ``months_shown`` (text) and re-numbers ``rank``.
    """
    hidden = shown["suppressed"].astype(bool)
    ranked = pd.concat([shown[~hidden], shown[hidden].sort_values("cell")], ignore_index=True)
    ranked["months_shown"] = [f"{min_months} or more" if h else str(m)
                              for h, m in zip(ranked["suppressed"], ranked["months_with_incidents"])]
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked


# The bands stored at load that the age profile draws, 10 to 24: a viewer can choose each as
# an age band, so each bar is that choice's own count, decided as its trend decides it.
PROFILE_BANDS: tuple[tuple[str, int, int], ...] = tuple(
    (label, low, high) for label, low, high in AGE_BANDS if 10 <= low and high <= 24)


def profile_bands(age_range: tuple[int, int | None] | None) -> list[tuple[str, int, int]]:
    """The profile's bands an age range (an age choice's; None: every age) holds: each choice
    holds a band whole or not at all."""
    low, high = age_range or (0, None)
    return [(label, a, b) for label, a, b in PROFILE_BANDS if low <= a and (high is None or b <= high)]


def age_profile(counts: list[tuple[str, int, int, pd.Series]]) -> pd.DataFrame:
    """Victims by age band from each band's count as shown (a ``suppress`` row: ``value``,
    ``suppressed``, ``display``): ``ages``, ``youngest``, ``years`` (of age the band holds),
    ``value``, ``suppressed``, ``display`` and ``per_year``, victims per year of age (NA where
    hidden), so that bands of one year and of four compare."""
    rows = [{"ages": label, "youngest": low, "years": high - low + 1, "value": row["value"],
             "suppressed": bool(row["suppressed"]), "display": row["display"]} for label, low, high, row in counts]
    frame = pd.DataFrame(rows, columns=["ages", "youngest", "years", "value", "suppressed", "display"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    frame["per_year"] = (frame["value"].astype("Float64") / frame["years"]).round(1)
    return frame


def per_year_text(per_year: float) -> str:
    """Victims a year of age as read: whole above 100, else to one place (68.0, 2,159)."""
    return f"{per_year:,.0f}" if per_year >= 100 else f"{per_year:,.1f}"


def share_aged_18_plus(shown: pd.DataFrame) -> float | None:
    """Percent of victims aged 10-24 who are 18 or older; None if any band's count is hidden
    (a share of partial sums could reveal it). Denominator: victims aged 10-24 (``age_profile``)."""
    if shown["suppressed"].any() or shown["value"].sum() == 0:
        return None
    adults = shown.loc[shown["youngest"] >= 18, "value"].sum()
    return float(100 * adults / shown["value"].sum())
