"""The measures a page, the board pack and ``python -m metrics`` can count, and how.

A measure is a count of rows in one table that meet fixed conditions, grouped by
a dimension under the shared filters. The flags it uses are derived at load from
the strategy's definitions (``loaders.derive.strategy_flags``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from metrics.filters import AGE_CHOICES, ANSWER_ONLY_WITHIN, POLICE_UK_AGE_BANDS, Filters, band_span, covering_bands


@dataclass(frozen=True)
class Measure:
    name: str
    title: str
    short_title: str
    table: str
    conditions: dict[str, object]
    unit: str
    higher_is_better: bool | None  # None: the strategy wants no direction, only fairness
    definition: str
    # Columns of ``table`` behind each dimension and filter the measure supports.
    columns: dict[str, str] = field(default_factory=dict)
    # Where the source records age only in coarse bands: each band's inclusive age range.
    age_bands: dict[str, tuple[int, int | None]] | None = None
    # The measures whose records include all of this one's, by the strategy's definitions: the
    # two read side by side would give the difference away (``storage.viewer_counts``).
    within: tuple[str, ...] = ()


_INCIDENT_COLUMNS = {
    "date": "occurred_on",
    "financial_year": "financial_year",
    "month": "month",
    "weekday": "weekday",
    "hour": "hour",
    "has_time": "has_time",
    "area": "area_code",
    "age": "victim_age",
    "age_band": "age_band",
    "sex": "victim_sex",
    "ethnicity": "victim_ethnicity",
    "offence_group": "offence_group",
    "location_type": "location_type",
    "ethnicity_detail": "victim_ethnicity_detail",
    "lsoa": "lsoa_code",
    "near_school": "near_school",
    "term_time": "term_time",
    "h3_7": "h3_7",
    "h3_8": "h3_8",
    "h3_9": "h3_9",
}
_STOP_SEARCH_COLUMNS = {
    "date": "occurred_on",
    "financial_year": "financial_year",
    "month": "month",
    "weekday": "weekday",
    "hour": "hour",
    "area": "area_code",
    "age_band": "age_range",
    "sex": "gender",
    "ethnicity": "self_defined_ethnic_group",
    "term_time": "term_time",
    "object_of_search": "object_of_search",
    "outcome": "outcome",
    "outcome_linked": "outcome_linked_to_object",
    "h3_7": "h3_7",
    "h3_8": "h3_8",
    "h3_9": "h3_9",
}

# police.uk street crime: month only (no day, no hour), no victim; an hour view leaves all of it out.
_STREET_CRIME_COLUMNS = {
    "date": "month",
    "financial_year": "financial_year",
    "month": "month",
    "hour": "hour",
    "has_time": "has_time",
    "area": "area_code",
    "offence_group": "crime_type",
    "h3_7": "h3_7",
    "h3_8": "h3_8",
    "h3_9": "h3_9",
}

MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "serious_youth_violence",
            "Serious youth violence",
            "Serious youth violence",
            "incidents",
            {"is_serious_youth_violence": True},
            "victims",
            False,
            "Any offence of most serious violence or weapon enabled crime, where the victim is "
            "aged 1 to 24 years old (the strategy's definition). Counted by victim.",
            _INCIDENT_COLUMNS,
            within=("violent_incidents",),
        ),
        Measure(
            "knife_injury_victims_1_24",
            "Knife crime injury victims aged 1-24",
            "Knife injury victims 1-24",
            "incidents",
            {"is_knife_injury": True},
            "victims",
            False,
            "Victims aged 1 to 24 injured in an offence involving a knife or sharp instrument.",
            _INCIDENT_COLUMNS,
            within=("serious_youth_violence", "violent_incidents"),
        ),
        Measure(
            "knife_injury_victims_1_24_not_da",
            "Knife crime injury victims aged 1-24, not domestic abuse",
            "Knife injury victims 1-24, not DA",
            "incidents",
            {"is_knife_injury": True, "domestic_abuse": False},
            "victims",
            False,
            "Knife crime injury victims aged 1 to 24, excluding offences flagged as domestic abuse.",
            _INCIDENT_COLUMNS,
            within=("knife_injury_victims_1_24", "serious_youth_violence", "violent_incidents"),
        ),
        Measure(
            "violent_incidents",
            "All recorded violence against the person, robbery and sexual offences",
            "All violence",
            "incidents",
            {},
            "victims",
            False,
            "Every incident in the incident table, all ages.",
            _INCIDENT_COLUMNS,
        ),
        Measure(
            "stop_and_search",
            "Stop and search",
            "Stop and search",
            "stop_search",
            {},
            "searches",
            None,
            "Searches recorded by the police (police.uk's stop and search data).",
            _STOP_SEARCH_COLUMNS,
            POLICE_UK_AGE_BANDS,
        ),
        Measure(
            "street_crime",
            "Street-level crime recorded by the police (police.uk)",
            "Street crime (police.uk)",
            "street_crimes",
            {},
            "crimes",
            False,
            "Crimes and anti-social behaviour published by police.uk, by month, at anonymised points. "
            "No time of day and no victim: never part of the victim measures.",
            _STREET_CRIME_COLUMNS,
        ),
    )
}

# Dimensions a measure can be grouped by, as the column keys they need.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "total": (),  # one count: the view's, over its dates
    "financial_year": ("financial_year",),
    "month": ("month",),
    "weekday_hour": ("weekday", "hour"),
    "area": ("area",),
    "age_band": ("age_band",),
    "sex": ("sex",),
    "ethnicity": ("ethnicity",),
    "offence_group": ("offence_group",),
    "location_type": ("location_type",),
    "age": ("age",),
    "youth_weekday_hour": ("youth_group", "weekday", "hour"),
    "year_youth_window": ("financial_year", "youth_group", "after_school"),
    "year_location_type": ("financial_year", "location_type"),
    "object_of_search": ("object_of_search",),
    "outcome": ("outcome",),
    "year_outcome_linked": ("financial_year", "outcome_linked"),
    **{f"h3_{r}_area": (f"h3_{r}", "area") for r in (7, 8, 9)},
    **{f"h3_{r}_month": (f"h3_{r}", "month") for r in (7, 8, 9)},
}
# Youth groups the Priority 1 heatmaps set beside each other (inclusive ages).
YOUTH_GROUPS: dict[str, tuple[int, int]] = {"10-16": (10, 16), "17-24": (17, 24)}
# The after-school window: Monday to Friday (weekday 0-4), 15:00 to 18:00 (hours 15, 16, 17).
AFTER_SCHOOL_WEEKDAYS = (0, 1, 2, 3, 4)
AFTER_SCHOOL_HOURS = (15, 16, 17)


FILTER_KEYS = {"areas": "area", "sex": "sex", "ethnicity": "ethnicity", "offence_group": "offence_group",
               "ethnicity_detail": "ethnicity_detail"}
FILTER_WORDS = {"areas": "area", "sex": "sex", "ethnicity": "ethnicity", "offence_group": "offence group",
                "ethnicity_detail": "detailed ethnic groups in the same words"}


def applicable_filters(measure: Measure, filters: Filters) -> tuple[Filters, list[str]]:
    """The part of ``filters`` that ``measure``'s source can answer, and notes saying what it cannot.

    A filter on something the source does not record is dropped (and said); an age band
    a coarser source cannot match exactly is answered by the bands that cover it (and said).
    """
    notes: list[str] = []
    dropped = {}
    for attribute, key in FILTER_KEYS.items():
        if getattr(filters, attribute) and key not in measure.columns:
            dropped[attribute] = () if attribute == "areas" else None
            notes.append(f"{measure.title} does not record {FILTER_WORDS[attribute]}: "
                         f"that filter is not applied to it.")
    if filters.age_band and "age" not in measure.columns:
        if measure.age_bands is None:
            dropped["age_band"] = None
            notes.append(f"{measure.title} does not record age: the age filter is not applied to it.")
        else:
            low, high = AGE_CHOICES[filters.age_band]
            bands, exact = covering_bands((low, high), measure.age_bands)
            if not exact:
                # A band the choice touches but leaves out, as few records could be worked out from it.
                left_out = [name for name, (b_low, b_high) in measure.age_bands.items()
                            if name in ANSWER_ONLY_WITHIN and name not in bands
                            and (high is None or b_low <= high) and (b_high is None or b_high >= low)]
                notes.append(f"{measure.title} records ages only in bands ({', '.join(measure.age_bands)}): "
                             f"age {filters.age_band} is answered by {band_span(bands, measure.age_bands)}"
                             + (f", without its {left_out[0]} range: those few are counted only at 1-9 and at every "
                                "age, so that they cannot be worked out." if left_out else "."))
    return replace(filters, **dropped), notes
