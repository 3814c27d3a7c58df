"""The shared filters, as plain values every page, query and the CLI agree on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

# Age choices: the bands stored at load, and the strategy's groupings of them.
# Each maps to an inclusive range of victim ages (None: no upper limit).
AGE_CHOICES: dict[str, tuple[int, int | None]] = {
    "1-9": (1, 9),
    "10-13": (10, 13),
    "14-16": (14, 16),
    "17": (17, 17),
    "18-20": (18, 20),
    "21-24": (21, 24),
    "25+": (25, None),
    "10-16": (10, 16),
    "Under 18": (0, 17),
    "18-24": (18, 24),
    "1-24": (1, 24),
    "10-17": (10, 17),
    "10-24": (10, 24),
}
SEXES = ("Male", "Female")
ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "White", "Other", "Not stated")


@dataclass(frozen=True)
class Filters:
    """What the user has narrowed the data to. Empty means "all"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    areas: tuple[str, ...] = field(default_factory=tuple)
    age_band: str | None = None
    sex: str | None = None
    ethnicity: str | None = None
    offence_group: str | None = None
    # A detailed ethnic group as the source records it (e.g. "Bangladeshi"), where it does.
    ethnicity_detail: str | None = None

    def __post_init__(self) -> None:
        if self.age_band is not None and self.age_band not in AGE_CHOICES:
            raise ValueError(f"Unknown age band {self.age_band!r}; choose one of {', '.join(AGE_CHOICES)}")
        if self.sex is not None and self.sex not in SEXES:
            raise ValueError(f"Unknown sex {self.sex!r}; choose one of {', '.join(SEXES)}")
        if self.ethnicity is not None and self.ethnicity not in ETHNIC_GROUPS:
            raise ValueError(f"Unknown ethnic group {self.ethnicity!r}; choose one of {', '.join(ETHNIC_GROUPS)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"The date range is empty: {self.date_from} is after {self.date_to}")

    def age_range(self) -> tuple[int, int | None] | None:
        return AGE_CHOICES[self.age_band] if self.age_band else None


# Filters whose values split the records into groups that sum to all (``metrics.families``),
# in the order a link's values are kept: ethnicity goes with its detailed groups. A viewer sets
# one group at a time. With two, girls of one ethnic group could be worked out from all girls,
# all of that group and the rest, which no one family holds together.
ONE_AT_A_TIME = (("sex",), ("ethnicity", "ethnicity_detail"), ("offence_group",))
GROUP_NAMES = {"sex": "sex", "ethnicity": "ethnicity", "offence_group": "offence group"}


def groups_set(filters: Filters) -> list[tuple[str, ...]]:
    """The groups of ``ONE_AT_A_TIME`` that ``filters`` sets a value in."""
    return [group for group in ONE_AT_A_TIME if any(getattr(filters, name) is not None for name in group)]


def one_group_at_a_time(filters: Filters, keep: str | None = None) -> tuple[Filters, list[str]]:
    """``filters`` as a viewer may set them: the group holding ``keep`` (a filter's name), or
    else the first group set, and no other; and the names of the groups cleared."""
    chosen = groups_set(filters)
    kept = next((group for group in chosen if keep in group), chosen[0] if chosen else ())
    cleared = [group for group in chosen if group != kept]
    kept_filters = replace(filters, **{name: None for group in cleared for name in group})
    return kept_filters, [GROUP_NAMES[group[0]] for group in cleared]


# --- coarser age bands ---------------------------------------------------------------
# police.uk publishes stop and search ages only in these bands.
POLICE_UK_AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "under 10": (0, 9),
    "10-17": (10, 17),
    "18-24": (18, 24),
    "25-34": (25, 34),
    "over 34": (35, None),
}


# Bands that answer only an age choice lying within them (and no age chosen). police.uk's
# "under 10" holds a handful of searches (9 of 41,255 in Tower Hamlets' real sample, 2015 to
# 2024): counted in under 18 and 1-24 too, each beside 10-17 and 10-24 gave them away, so the
# rule hid 10-17 (the strategy's age group, and police.uk's own) in 5 of 7 years. Under 18
# reads 10-17 instead, and says so (``metrics.measures.applicable_filters``).
ANSWER_ONLY_WITHIN = frozenset({"under 10"})


def covering_bands(wanted: tuple[int, int | None], bands: dict[str, tuple[int, int | None]]) -> tuple[list[str], bool]:
    """The coarse bands that overlap the age range ``wanted``, and whether they match it exactly.

    A source with coarser bands answers an age filter with every band the wanted range
    touches; ``exact`` is False when those bands reach beyond it (10-16 is answered by 10-17),
    or leave out a band of ``ANSWER_ONLY_WITHIN`` it touches (under 18 is answered by 10-17).
    """
    low, high = wanted
    high = float("inf") if high is None else high
    chosen, span_low, span_high = [], float("inf"), float("-inf")
    for name, (b_low, b_high) in bands.items():
        b_high = float("inf") if b_high is None else b_high
        if name in ANSWER_ONLY_WITHIN and not (b_low <= low and high <= b_high):
            continue
        if b_low <= high and b_high >= low:
            chosen.append(name)
            span_low, span_high = min(span_low, b_low), max(span_high, b_high)
    # "Under 10" starts at 0; nobody is recorded aged 0 in the age choices that start at 1.
    exact = bool(chosen) and span_high == high and (span_low == low or (span_low == 0 and low <= 1))
    return chosen, exact


def answered_span(age_band: str | None, bands: dict[str, tuple[int, int | None]]) -> tuple[int, int | None]:
    """The ages a coarse-banded source actually counts for ``age_band`` (all ages without one):
    10-16 is answered by 10-17, so the population to set beside it is 10-17 too."""
    if not age_band:
        return 0, None
    chosen, _ = covering_bands(AGE_CHOICES[age_band], bands)
    ranges = [bands[name] for name in chosen]
    return min(low for low, _ in ranges), (None if any(high is None for _, high in ranges)
                                           else max(high for _, high in ranges))


def band_span(names: list[str], bands: dict[str, tuple[int, int | None]]) -> str:
    """'10-17' or 'under 10 to 18-24': how a set of coarse bands reads."""
    return names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}"
