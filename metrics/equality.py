"""Rates per 1,000 against population, and ratios to a reference group, safe to show.

Every function takes counts already read from the database and returns a table whose
small numbers are suppressed (``metrics.disclosure``) together with every rate, share,
interval and ratio that depends on them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.disclosure import EXPOSED, HIDDEN, as_flags, suppress
from metrics.intervals import rate_ratio, rates_per_1000, shares_with_interval

RATE_COLUMNS = ["rate", "rate_lower", "rate_upper"]
RATIO_COLUMNS = ["ratio", "ratio_lower", "ratio_upper"]


def rates_against(counts: pd.DataFrame, population: pd.DataFrame, *, reference: str, threshold: int,
                  groups: list[str]) -> pd.DataFrame:
    """Per group: count (``value``), population, rate per 1,000 with 95% CI, and the rate
    ratio to ``reference`` with its 95% CI.

    Unit: events per 1,000 population over the period counted; denominator the group's
    population. For harm, higher is worse. Groups without a population (e.g. "Not
    stated") keep their count but get no rate. A suppressed count hides its rate and
    ratio; a suppressed reference count hides every ratio.
    """
    carried = [EXPOSED] if EXPOSED in counts.columns else []  # cells a neighbouring view gives away
    table = pd.DataFrame({"group": groups}).merge(counts[["group", "value"] + carried], on="group", how="left")
    table["value"] = table["value"].fillna(0).astype(int)
    if carried:
        table[EXPOSED] = as_flags(table[EXPOSED])
    table = table.merge(population, on="group", how="left")
    table["population"] = table["population"].fillna(0).astype(int)
    table = rates_per_1000(table)
    reference_row = table[table["group"] == reference]
    ref_count = int(reference_row["value"].iloc[0]) if len(reference_row) else 0
    ref_population = float(reference_row["population"].iloc[0]) if len(reference_row) else 0.0
    ratios = [rate_ratio(int(c), float(p), ref_count, ref_population) for c, p in zip(table["value"], table["population"])]
    table["ratio"] = [r.ratio if r else None for r in ratios]
    table["ratio_lower"] = [r.lower if r else None for r in ratios]
    table["ratio_upper"] = [r.upper if r else None for r in ratios]
    table[RATIO_COLUMNS] = table[RATIO_COLUMNS].astype(float)
    # The reference against itself is 1 by definition: no interval to show.
    table.loc[table["group"] == reference, ["ratio_lower", "ratio_upper"]] = float("nan")
    table.attrs = dict(counts.attrs)  # counts decided with their total: suppress hides no more of them
    shown = suppress(table, dims=["group"], threshold=threshold, dependent=RATE_COLUMNS + RATIO_COLUMNS)
    reference_hidden = shown.loc[shown["group"] == reference, "suppressed"].any()
    if reference_hidden:
        shown[RATIO_COLUMNS] = float("nan")
    return shown


def outcome_shares(searches: pd.DataFrame, *, threshold: int, groups: list[str]) -> pd.DataFrame:
    """Per group: searches, and the shares with a positive outcome and with an outcome linked
    to the object searched for (0 to 1, Wilson 95% CI). Higher linked shares suggest better
    targeted searches. Small counts, and shares built on them, are suppressed.
    """
    table = pd.DataFrame({"group": groups}).merge(searches, on="group", how="left").fillna(0)
    table[["value", "positive", "linked"]] = table[["value", "positive", "linked"]].astype(int)
    positive = shares_with_interval(table, successes="positive", trials="value")
    linked = shares_with_interval(table, successes="linked", trials="value")
    table["positive_share"], table["positive_lower"], table["positive_upper"] = (
        positive["share"], positive["share_lower"], positive["share_upper"])
    table["linked_share"], table["linked_lower"], table["linked_upper"] = (
        linked["share"], linked["share_lower"], linked["share_upper"])
    dependent = ["positive_share", "positive_lower", "positive_upper", "linked_share", "linked_lower", "linked_upper"]
    table.attrs = dict(searches.attrs)  # searches decided with their total: hidden as in the table of rates
    shown = suppress(table, dims=["group"], threshold=threshold, dependent=dependent)
    # The numerators are counts too, and so are their complements (searches minus
    # numerator): a small one of either hides the share, which would give it away.
    # ``positive_exposed`` / ``linked_exposed``, where given, say which numerators a neighbouring
    # view gives away (``metrics.neighbours``); a complement is exposed when either of its parts is.
    for numerator, columns in (("positive", dependent[:3]), ("linked", dependent[3:])):
        flag = f"{numerator}_{EXPOSED}"
        numerator_exposed = as_flags(table[flag]) if flag in table.columns else np.zeros(len(table), dtype=bool)
        count_exposed = as_flags(table[EXPOSED]) if EXPOSED in table.columns else np.zeros(len(table), dtype=bool)
        numerators = suppress(table[["group", numerator]].rename(columns={numerator: "value"})
                              .assign(exposed=numerator_exposed), dims=["group"], threshold=threshold)
        complements = suppress(table[["group"]].assign(value=table["value"] - table[numerator],
                                                       exposed=numerator_exposed | count_exposed),
                               dims=["group"], threshold=threshold)
        small = numerators["suppressed"].to_numpy() | complements["suppressed"].to_numpy()
        shown.loc[small, columns] = float("nan")
        hidden = small | shown["suppressed"].to_numpy()
        # A numerator hidden for its complement's sake, or its count's, is no small number itself.
        own = numerators["display"].where(numerators["suppressed"].to_numpy(), HIDDEN)
        shown[f"{numerator}_display"] = numerators["display"].where(~hidden, own)
        shown[numerator] = numerators["value"].where(~hidden)
    return shown
