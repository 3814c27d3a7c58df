"""Columns derived once at load, so no query has to compute them.

Every function here is vectorised over pandas Series and shared by every loader,
the demo generator included, so a record means the same whichever way it came in.
"""

from __future__ import annotations

from functools import lru_cache

import h3
import numpy as np
import pandas as pd

from config import SHIPPED_DATA_DIR

LONDON = "Europe/London"

# The strategy's definition: "any offence of most serious violence or weapon enabled
# crime, where the victim is aged 1 to 24 years old".
MOST_SERIOUS_VIOLENCE = "Most serious violence"
WEAPON_ENABLED = ("Knife or sharp instrument", "Firearm")
KNIFE = "Knife or sharp instrument"

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 1", 0, 0),
    ("1-9", 1, 9),
    ("10-13", 10, 13),
    ("14-16", 14, 16),
    ("17", 17, 17),
    ("18-20", 18, 20),
    ("21-24", 21, 24),
    ("25+", 25, 200),
)
UNKNOWN_AGE = "Not known"

ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "White", "Other")
NOT_STATED = "Not stated"

# police.uk's self-defined labels changed wording between years; each maps to one
# of the five ONS groups by its leading words.
_ETHNICITY_PREFIXES = (
    ("asian", "Asian"),
    ("black", "Black"),
    ("mixed", "Mixed"),
    ("white", "White"),
    ("other", "Other"),
)

H3_RESOLUTIONS = (7, 8, 9)


def financial_year(dates: pd.Series) -> pd.Series:
    """'2017-18' for any date from 1 April 2017 to 31 March 2018."""
    dates = pd.to_datetime(dates)
    start = dates.dt.year - (dates.dt.month < 4).astype(int)
    return start.astype(str) + "-" + ((start + 1) % 100).astype(str).str.zfill(2)


def age_band(ages: pd.Series) -> pd.Series:
    """The strategy's age band of each age ('10-13', '17', '25+'); 'Not known' where blank."""
    ages = pd.to_numeric(ages, errors="coerce")
    bands = pd.Series(UNKNOWN_AGE, index=ages.index, dtype=object)
    for label, low, high in AGE_BANDS:
        bands[(ages >= low) & (ages <= high)] = label
    return bands


def ethnic_group(labels: pd.Series) -> pd.Series:
    """Normalise free-text ethnicity ('Asian/Asian British - Bangladeshi') to five ONS groups."""
    lowered = labels.fillna("").astype(str).str.strip().str.lower()
    groups = pd.Series(NOT_STATED, index=labels.index, dtype=object)
    for prefix, group in _ETHNICITY_PREFIXES:
        groups[lowered.str.startswith(prefix)] = group
    # police.uk writes "Other ethnic group - Not stated" for a person who did not say.
    groups[lowered.str.contains("not stated", regex=False)] = NOT_STATED
    return groups


@lru_cache(maxsize=1)
def term_days() -> frozenset:
    """School term days, from the shipped term-dates file (its source column says how exact)."""
    terms = pd.read_csv(SHIPPED_DATA_DIR / "term_dates.csv", parse_dates=["term_start", "term_end"])
    days: set = set()
    for start, end in zip(terms.term_start, terms.term_end):
        days.update(d.date() for d in pd.date_range(start, end) if d.weekday() < 5)
    return frozenset(days)


def term_time(dates: pd.Series) -> pd.Series:
    """True on school term days (from the shipped term dates), False otherwise."""
    days = term_days()
    return pd.to_datetime(dates).dt.date.map(lambda d: d in days).astype(bool)


def h3_cells(latitudes: pd.Series, longitudes: pd.Series, resolution: int) -> pd.Series:
    """The H3 cell at ``resolution`` of each point; None where a point has no coordinates."""
    cells = [
        h3.latlng_to_cell(lat, lng, resolution) if pd.notna(lat) and pd.notna(lng) else None
        for lat, lng in zip(latitudes.to_numpy(), longitudes.to_numpy())
    ]
    return pd.Series(cells, index=latitudes.index, dtype=object)


def time_columns(local_times: pd.Series, *, has_time: pd.Series) -> pd.DataFrame:
    """Date, month, financial year, weekday, hour and term time from local timestamps."""
    local_times = pd.to_datetime(local_times)
    return pd.DataFrame(
        {
            "occurred_on": local_times.dt.date,
            "month": local_times.dt.to_period("M").dt.start_time.dt.date,
            "financial_year": financial_year(local_times),
            "weekday": local_times.dt.day_of_week.astype(int),
            "hour": local_times.dt.hour.where(has_time.to_numpy()).astype("Int64"),
            "term_time": term_time(local_times),
        },
        index=local_times.index,
    )


def strategy_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """The strategy's measures as flags: serious youth violence and knife injury, victim 1-24."""
    aged_1_to_24 = frame["victim_age"].between(1, 24)
    weapon_enabled = frame["weapon"].isin(WEAPON_ENABLED)
    most_serious = frame["offence_group"].eq(MOST_SERIOUS_VIOLENCE)
    return pd.DataFrame(
        {
            "is_serious_youth_violence": (aged_1_to_24 & (most_serious | weapon_enabled)).astype(bool),
            "is_knife_injury": (aged_1_to_24 & frame["weapon"].eq(KNIFE) & frame["injury"]).astype(bool),
        },
        index=frame.index,
    )


def add_h3(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the H3 cells of every resolution the dashboard uses (h3_7, h3_8, h3_9) to ``frame``."""
    for resolution in H3_RESOLUTIONS:
        frame[f"h3_{resolution}"] = h3_cells(frame["latitude"], frame["longitude"], resolution)
    return frame


def haversine_metres(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres between two sets of points (degrees)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6_371_000 * 2 * np.arcsin(np.sqrt(a))
