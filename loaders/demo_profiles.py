"""The numbers the synthetic demonstration data is calibrated to, with where each comes from.

Only the first three financial years of the three headline series are published
figures (the strategy's table "Year (April to March)"). Everything after 2019-20,
and every proportion marked "assumed", is invented for the demonstration and is
labelled synthetic wherever it is shown.
"""

from __future__ import annotations

import datetime as dt

FINANCIAL_YEARS = ("2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24")
DEMO_START = dt.date(2017, 4, 1)
DEMO_END = dt.date(2024, 3, 31)

# Published for 2017-18 to 2019-20 (strategy, table "Year (April to March)");
# assumed afterwards: a dip in 2020-21 (COVID-19 lockdowns), then a partial rebound.
SERIOUS_YOUTH_VIOLENCE = (310, 323, 286, 214, 262, 251, 238)
KNIFE_INJURY_VICTIMS_1_24 = (120, 111, 90, 74, 92, 86, 81)
KNIFE_INJURY_VICTIMS_1_24_NOT_DA = (114, 110, 79, 69, 86, 80, 76)

# Incidents that are not serious youth violence, per financial year (assumed volume,
# so the borough has "tens of thousands of incidents a year" across all ages).
OTHER_VIOLENCE_1_24 = 3_200
VICTIMS_25_AND_OVER = 6_500
COVID_YEAR_FACTOR = {"2020-21": 0.78}

# Knife injury victims aged 25 and over, as a share of those aged 1-24 (assumed), so
# that about 3 in 10 street knife-crime victims are aged 19-25, as the strategy's
# Equality Impact Assessment reports ("around 3 in 10 of all victims ... aged between
# 19 and 25 years").
KNIFE_VICTIMS_25_PLUS_PER_1_24 = 1.0

# Victim sex: assumed for the demonstration (most victims of serious youth violence
# in London are boys and young men); not a published Tower Hamlets figure.
VICTIM_SEX = {"Male": 0.78, "Female": 0.22}

# Borough population by ethnic group, ONS Census 2021 table TS021 (Tower Hamlets):
# Asian 44.4%, White 39.4%, Black 7.3%, Mixed 4.2%, Other 4.7%, as ONS published them.
# TS021 is not among the real samples in ../shared, so these were not checked against
# the file here. Used for the synthetic population.
POPULATION_ETHNICITY = {"Asian": 0.444, "White": 0.394, "Black": 0.073, "Mixed": 0.042, "Other": 0.047}

# Victim ethnicity: assumed for the demonstration, the census shares above with
# Black young people over-represented among victims (as London-wide police data shows);
# not a published Tower Hamlets figure. "Not stated" stands for unrecorded ethnicity.
VICTIM_ETHNICITY = {
    "Asian": 0.42, "White": 0.24, "Black": 0.18, "Mixed": 0.06, "Other": 0.05, "Not stated": 0.05,
}
# Detailed groups where the demo records them, within each ONS group.
ETHNICITY_DETAIL = {
    "Asian": {"Bangladeshi": 0.78, "Indian": 0.06, "Pakistani": 0.05, "Chinese": 0.04, "Any other Asian background": 0.07},
    "Black": {"African": 0.55, "Caribbean": 0.3, "Any other Black background": 0.15},
    "Mixed": {"White and Black Caribbean": 0.4, "White and Asian": 0.3, "Any other Mixed background": 0.3},
    "White": {"English, Welsh, Scottish, Northern Irish or British": 0.6, "Any other White background": 0.4},
    "Other": {"Arab": 0.3, "Any other ethnic group": 0.7},
    "Not stated": {"Not stated": 1.0},
}

# The strategy: the 10-24 population rises from 61,467 (2020) to 63,793 (2024),
# GLA 2018-based housing-led projections. The synthetic population meets both.
POPULATION_10_24 = {2020: 61_467, 2024: 63_793}
# Other bands as multiples of the 10-24 population (assumed, near Census 2021 shapes).
POPULATION_OTHER_BANDS = {"Under 1": 0.07, "1-9": 0.55, "25+": 3.55}

# An approximate outline of Tower Hamlets (17 points, simplified by hand from the
# borough boundary) so synthetic points fall in roughly the right place.
BOROUGH_OUTLINE = (
    (-0.059, 51.503), (-0.079, 51.508), (-0.073, 51.510), (-0.079, 51.519), (-0.077, 51.527),
    (-0.033, 51.545), (-0.017, 51.543), (-0.021, 51.537), (-0.007, 51.526), (-0.009, 51.520),
    (0.009, 51.509), (-0.006, 51.505), (-0.003, 51.491), (-0.012, 51.486), (-0.026, 51.491),
    (-0.030, 51.509), (-0.059, 51.503),
)
# Synthetic hotspot centres (lon, lat, weight): invented, not real places of harm.
HOTSPOTS = (
    (-0.060, 51.517, 3.0), (-0.045, 51.522, 2.0), (-0.035, 51.512, 2.5), (-0.020, 51.528, 1.5),
    (-0.068, 51.524, 1.5), (-0.015, 51.500, 1.0), (-0.040, 51.535, 1.2), (-0.025, 51.512, 1.0),
)
HOTSPOT_SHARE = 0.7
HOTSPOT_SPREAD_METRES = 280
DEMO_ZONE_GRID = (3, 3)
DEMO_SCHOOLS = 16
NEAR_SCHOOL_METRES = 400

LOCATION_TYPES = ("Street", "Near a school", "Transport hub", "Estate", "Park", "Home")

# Hour-of-day weights (index 0 = midnight). Assumed shapes: children aged 10-16
# peak after school on term-time weekdays; older victims in the evening and at night.
CHILD_TERM_WEEKDAY_HOURS = (
    0, 0, 0, 0, 0, 0, 0, 1, 3, 2, 1, 1, 2, 3, 4, 30, 34, 26, 9, 6, 4, 2, 1, 0,
)
CHILD_OTHER_DAY_HOURS = (
    0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 10, 9, 8, 6, 3, 1, 1,
)
OLDER_HOURS = (
    6, 5, 4, 2, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6, 7, 9, 10, 11, 11, 10, 8,
)
# Relative chance of a day of each kind being picked.
CHILD_TERM_WEEKDAY_WEIGHT = 1.8
OLDER_WEEKEND_WEIGHT = 1.6

# Stop and search per financial year (assumed; the real borough sample runs about
# 5,000 to 8,000 a year).
STOP_SEARCHES_PER_YEAR = 5_000
STOP_SEARCH_AGE_RANGES = {"under 10": 0.002, "10-17": 0.13, "18-24": 0.36, "25-34": 0.24, "over 34": 0.23, "": 0.038}
# Search ethnicity (assumed, close to the borough sample's shape): officer-defined.
STOP_SEARCH_ETHNICITY = {"Asian": 0.54, "White": 0.24, "Black": 0.18, "Other": 0.02, "Mixed": 0.02}
# Search gender (assumed; the borough sample records "Other" for 1.3% and none for 1.1%):
# "" is left blank, as police.uk leaves it.
STOP_SEARCH_GENDERS = {"Male": 0.93, "Female": 0.055, "Other": 0.008, "": 0.007}
STOP_SEARCH_OBJECTS = {
    "Controlled drugs": ("Misuse of Drugs Act 1971 (section 23)", 0.72),
    "Offensive weapons": ("Police and Criminal Evidence Act 1984 (section 1)", 0.12),
    "Stolen goods": ("Police and Criminal Evidence Act 1984 (section 1)", 0.07),
    "Articles for use in criminal damage": ("Police and Criminal Evidence Act 1984 (section 1)", 0.05),
    "Evidence of offences under the Act": ("Police and Criminal Evidence Act 1984 (section 1)", 0.03),
    "Firearms": ("Firearms Act 1968 (section 47)", 0.01),
}
STOP_SEARCH_OUTCOMES = {
    "A no further action disposal": 0.72, "Arrest": 0.13, "Community resolution": 0.07,
    "Penalty Notice for Disorder": 0.04, "Summons / charged by post": 0.02,
    "Khat or Cannabis warning": 0.01, "Caution (simple or conditional)": 0.01,
}
# police.uk self-defined labels, old wording (to March 2020) and new wording.
SELF_DEFINED_LABELS = {
    "Asian": ("Asian/Asian British - Bangladeshi", "Asian or Asian British - Bangladeshi (A3)"),
    "Black": ("Black/African/Caribbean/Black British - African", "Black or Black British - African (B2)"),
    "Mixed": ("Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background", "Mixed - Any other Mixed background (M9)"),
    "White": ("White - English/Welsh/Scottish/Northern Irish/British", "White - White British (W1)"),
    "Other": ("Other ethnic group - Any other ethnic group", "Other ethnic group - Any other ethnic group (O9)"),
}
SELF_DEFINED_LABELS_CHANGE = dt.date(2020, 4, 1)
