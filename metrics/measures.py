"""The measures a page, the board pack and ``python -m metrics`` can count, and how.

A measure is a count of rows in one table that meet fixed conditions, grouped by
a dimension under the shared filters. The flags it uses are derived at load from
the strategy's definitions (``loaders.derive.strategy_flags``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    "financial_year": ("financial_year",),
    "month": ("month",),
    "weekday_hour": ("weekday", "hour"),
    "area": ("area",),
    "age_band": ("age_band",),
    "sex": ("sex",),
    "ethnicity": ("ethnicity",),
    "offence_group": ("offence_group",),
    "location_type": ("location_type",),
}
