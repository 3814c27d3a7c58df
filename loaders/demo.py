"""Synthetic demonstration data, seeded and calibrated to the strategy's published figures.

At ``scale=1`` the headline series match the strategy exactly for 2017-18 to
2019-20 (serious youth violence 310 / 323 / 286; knife injury victims 1-24
120 / 111 / 90, of which not domestic abuse 114 / 110 / 79). Other scales
multiply every volume (for benchmarks) and round the targets. All of it is
recorded in ``sources`` as synthetic; areas and schools carry "Demo" names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box, mapping

from loaders import demo_profiles as profile
from loaders import derive
from storage import schema
from storage.engine import insert_frame, replacing_database
from strategy import OUTCOME_MEASURES

BOROUGH = Polygon(profile.BOROUGH_OUTLINE)
METRES_PER_DEGREE_LAT = 111_320.0
METRES_PER_DEGREE_LON = METRES_PER_DEGREE_LAT * np.cos(np.radians(51.515))
DEMO_SOURCE_ID = 1
CHUNK_ROWS = 500_000

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoSummary:
    """What ``build_demo`` wrote: its seed and scale, row counts and how long it took."""
    seed: int
    scale: float
    incidents: int
    stop_searches: int
    seconds: float


def build_demo(url: str, *, seed: int = 42, scale: float = 1.0, progress: Progress | None = None) -> DemoSummary:
    """Write the whole synthetic dataset into the database at ``url``, replacing what is there."""
    started = dt.datetime.now()
    report = progress or (lambda step, fraction: None)
    rng = np.random.default_rng(seed)
    zones = demo_zones()
    school_points = demo_schools(rng)
    with replacing_database(url, start_empty=True) as conn:
        incident_count = 0
        for index, fy in enumerate(profile.FINANCIAL_YEARS):
            report(f"incidents {fy}", index / (len(profile.FINANCIAL_YEARS) + 3))
            year = incidents_for_year(fy, index, rng=rng, scale=scale, zones=zones, schools=school_points)
            for start in range(0, len(year), CHUNK_ROWS):
                incident_count += insert_frame(conn, schema.incidents, year.iloc[start:start + CHUNK_ROWS])
        report("stop and search", 0.75)
        searches = stop_searches(rng=rng, scale=scale, zones=zones)
        insert_frame(conn, schema.stop_search, searches)
        report("areas, schools, population, outcome measures", 0.9)
        insert_frame(conn, schema.areas, zones.assign(source_id=DEMO_SOURCE_ID))
        insert_frame(conn, schema.schools, school_points.assign(source_id=DEMO_SOURCE_ID))
        insert_frame(conn, schema.population, synthetic_population(zones=zones, scale=scale))
        insert_frame(conn, schema.indicator_values, synthetic_outcome_values(rng))
        rows = incident_count + len(searches)
        conn.execute(schema.sources.insert().values(
            source_id=DEMO_SOURCE_ID,
            name="demo",
            is_synthetic=True,
            is_private=False,
            file_name=f"python -m loaders demo --seed {seed} --scale {scale:g}",
            sha256=hashlib.sha256(f"demo:{seed}:{scale}".encode()).hexdigest(),
            rows_read=rows,
            rows_loaded=rows,
            rows_duplicate=0,
            rows_rejected=0,
            data_from=profile.DEMO_START,
            data_to=profile.DEMO_END,
            loaded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            note="Synthetic demonstration data, calibrated to the strategy's published figures "
                 "for 2017-18 to 2019-20. Not real incidents.",
        ))
    report("done", 1.0)
    seconds = (dt.datetime.now() - started).total_seconds()
    return DemoSummary(seed, scale, incident_count, len(searches), seconds)


# --- places -----------------------------------------------------------------

def demo_zones() -> pd.DataFrame:
    """A 3 x 3 grid over the borough outline, clipped to it: 'Demo zone 1' to 'Demo zone 9'."""
    minx, miny, maxx, maxy = BOROUGH.bounds
    columns, rows = profile.DEMO_ZONE_GRID
    width, height = (maxx - minx) / columns, (maxy - miny) / rows
    zones = []
    for row in range(rows):
        for column in range(columns):
            cell = box(minx + column * width, maxy - (row + 1) * height,
                       minx + (column + 1) * width, maxy - row * height)
            piece = cell.intersection(BOROUGH)
            if piece.is_empty or piece.area < 1e-6:
                continue
            number = len(zones) + 1
            zones.append({
                "area_code": f"DEMO{number:02d}",
                "name": f"Demo zone {number}",
                "level": "demo-zone",
                "scheme": "demo",
                "geometry": piece,
            })
    frame = pd.DataFrame(zones)
    frame["geometry_geojson"] = [json.dumps(mapping(g)) for g in frame.geometry]
    return frame


def demo_schools(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic schools ('Demo school N') placed around the hotspots inside the borough."""
    lats, lons = _points_in_borough(rng, profile.DEMO_SCHOOLS, hotspot_share=0.6)
    return pd.DataFrame({
        "urn": [f"DEMO-S{i + 1:02d}" for i in range(profile.DEMO_SCHOOLS)],
        "name": [f"Demo school {i + 1}" for i in range(profile.DEMO_SCHOOLS)],
        "phase": rng.choice(["Secondary", "Primary", "All-through"], profile.DEMO_SCHOOLS, p=[0.6, 0.3, 0.1]),
        "latitude": lats,
        "longitude": lons,
    })


def _points_in_borough(rng: np.random.Generator, n: int, *, hotspot_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Points clustered around the synthetic hotspots, the rest spread over the borough."""
    lats = np.empty(n)
    lons = np.empty(n)
    todo = np.arange(n)
    centres = np.array([(lat, lon) for lon, lat, _ in profile.HOTSPOTS])
    weights = np.array([w for *_, w in profile.HOTSPOTS])
    minx, miny, maxx, maxy = BOROUGH.bounds
    while todo.size:
        in_hotspot = rng.random(todo.size) < hotspot_share
        centre = centres[rng.choice(len(centres), todo.size, p=weights / weights.sum())]
        spread = rng.normal(0, profile.HOTSPOT_SPREAD_METRES, (todo.size, 2))
        lat = np.where(in_hotspot, centre[:, 0] + spread[:, 0] / METRES_PER_DEGREE_LAT, rng.uniform(miny, maxy, todo.size))
        lon = np.where(in_hotspot, centre[:, 1] + spread[:, 1] / METRES_PER_DEGREE_LON, rng.uniform(minx, maxx, todo.size))
        inside = shapely.contains_xy(BOROUGH, lon, lat)
        lats[todo[inside]] = lat[inside]
        lons[todo[inside]] = lon[inside]
        todo = todo[~inside]
    return lats, lons


def _near(rng: np.random.Generator, lats: np.ndarray, lons: np.ndarray, metres: float) -> tuple[np.ndarray, np.ndarray]:
    spread = rng.normal(0, metres, (len(lats), 2))
    return lats + spread[:, 0] / METRES_PER_DEGREE_LAT, lons + spread[:, 1] / METRES_PER_DEGREE_LON


def _zone_of(zones: pd.DataFrame, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    codes = np.full(len(lats), None, dtype=object)
    for code, geometry in zip(zones.area_code, zones.geometry):
        codes[shapely.intersects_xy(geometry, lons, lats)] = code
    return codes


# --- incidents ----------------------------------------------------------------

def incidents_for_year(fy: str, index: int, *, rng: np.random.Generator, scale: float,
                       zones: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """Every synthetic victim-incident of one financial year, with derived columns."""
    factor = profile.COVID_YEAR_FACTOR.get(fy, 1.0) * scale
    knife = round(profile.KNIFE_INJURY_VICTIMS_1_24[index] * scale)
    knife_not_da = round(profile.KNIFE_INJURY_VICTIMS_1_24_NOT_DA[index] * scale)
    syv = round(profile.SERIOUS_YOUTH_VIOLENCE[index] * scale)
    groups = [
        _knife_injury_victims(rng, knife, domestic=knife - knife_not_da, young=True),
        _other_serious_youth_violence(rng, syv - knife),
        _knife_injury_victims(rng, round(knife * profile.KNIFE_VICTIMS_25_PLUS_PER_1_24), domestic=0, young=False),
        _other_violence(rng, round(profile.OTHER_VIOLENCE_1_24 * factor), young=True),
        _other_violence(rng, round(profile.VICTIMS_25_AND_OVER * factor), young=False),
    ]
    frame = pd.concat(groups, ignore_index=True)
    n = len(frame)
    start = dt.date(int(fy[:4]), 4, 1)
    frame["occurred_at"] = _sample_times(rng, frame["victim_age"].to_numpy(), start)
    frame["has_time"] = True
    frame = pd.concat([frame, derive.time_columns(frame["occurred_at"], has_time=frame["has_time"])], axis=1)
    frame["age_band"] = derive.age_band(frame["victim_age"])
    frame["victim_sex"] = rng.choice(list(profile.VICTIM_SEX), n, p=list(profile.VICTIM_SEX.values()))
    frame["victim_ethnicity"] = rng.choice(list(profile.VICTIM_ETHNICITY), n, p=list(profile.VICTIM_ETHNICITY.values()))
    frame["victim_ethnicity_detail"] = _detail(rng, frame["victim_ethnicity"])
    _place(frame, rng=rng, zones=zones, schools=schools)
    frame = pd.concat([frame, derive.strategy_flags(frame)], axis=1)
    frame["incident_id"] = [f"DEMO-{fy}-{i:07d}" for i in range(n)]
    frame["source_id"] = DEMO_SOURCE_ID
    return frame


def _frame(n: int, *, offence: np.ndarray, weapon: np.ndarray, injury: np.ndarray,
           domestic: np.ndarray, ages: np.ndarray, location: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "offence_group": offence, "weapon": weapon, "injury": injury.astype(bool),
        "domestic_abuse": domestic.astype(bool), "victim_age": ages.astype(int),
        "location_type": location,
    })


def _ages(rng: np.random.Generator, n: int, *, young: bool) -> np.ndarray:
    if young:
        # 1-24, weighted to the late teens; a few young children.
        ages = np.arange(1, 25)
        weights = np.array([0.2] * 9 + [1, 2, 3, 5, 7, 9, 10, 10, 10, 9, 8, 7, 6, 5, 5], dtype=float)
    else:
        ages = np.arange(25, 71)
        weights = np.linspace(6, 0.5, ages.size)
    return rng.choice(ages, n, p=weights / weights.sum())


def _locations(rng: np.random.Generator, n: int, weights: dict[str, float]) -> np.ndarray:
    names = list(weights)
    p = np.array([weights[k] for k in names], dtype=float)
    return rng.choice(names, n, p=p / p.sum())


def _knife_injury_victims(rng, n: int, *, domestic: int, young: bool) -> pd.DataFrame:
    da = np.zeros(n, dtype=bool)
    da[:domestic] = True
    location = _locations(rng, n, {"Street": 6, "Estate": 1.5, "Transport hub": 1, "Park": 0.7, "Near a school": 0.6, "Home": 0.6})
    location[da] = "Home"
    offence = rng.choice(["Most serious violence", "Violence with injury"], n, p=[0.55, 0.45])
    ages = _ages(rng, n, young=young)
    if young:
        ages[da] = rng.integers(18, 25, domestic)  # domestic abuse victims here are adults
    return _frame(n, offence=offence, weapon=np.full(n, derive.KNIFE), injury=np.ones(n),
                  domestic=da, ages=ages, location=location)


def _other_serious_youth_violence(rng, n: int) -> pd.DataFrame:
    """Serious youth violence that is not a knife injury: threats, firearms, other weapons."""
    kind = rng.choice(["knife-threat", "firearm", "most-serious"], n, p=[0.55, 0.1, 0.35])
    weapon = np.select([kind == "knife-threat", kind == "firearm"], [derive.KNIFE, "Firearm"], "Other weapon")
    offence = np.where(kind == "most-serious", "Most serious violence",
                       rng.choice(["Robbery", "Violence without injury"], n, p=[0.7, 0.3]))
    injury = (kind == "most-serious") | ((kind == "firearm") & (rng.random(n) < 0.3))
    location = _locations(rng, n, {"Street": 5, "Near a school": 1.4, "Transport hub": 1.2, "Estate": 1.5, "Park": 1, "Home": 0.4})
    return _frame(n, offence=offence, weapon=weapon, injury=injury, domestic=np.zeros(n),
                  ages=_ages(rng, n, young=True), location=location)


def _other_violence(rng, n: int, *, young: bool) -> pd.DataFrame:
    """Violence that is not serious youth violence: no knife or firearm, not most serious."""
    offence = rng.choice(["Violence with injury", "Violence without injury", "Robbery", "Sexual offences"], n, p=[0.35, 0.4, 0.15, 0.1])
    weapon = rng.choice(["None", "Other weapon"], n, p=[0.9, 0.1])
    injury = (offence == "Violence with injury") | ((offence == "Sexual offences") & (rng.random(n) < 0.2))
    domestic = (offence != "Robbery") & (rng.random(n) < (0.12 if young else 0.35))
    location = _locations(rng, n, {"Street": 4, "Near a school": 0.8 if young else 0.1, "Transport hub": 1, "Estate": 1.5, "Park": 0.6, "Home": 1.5})
    location[domestic] = "Home"
    return _frame(n, offence=offence, weapon=weapon, injury=injury, domestic=domestic,
                  ages=_ages(rng, n, young=young), location=location)


def _sample_times(rng: np.random.Generator, ages: np.ndarray, start: dt.date) -> pd.Series:
    """Local date-times: children 10-16 after school on term-time weekdays; older in the evening."""
    days = pd.date_range(start, dt.date(start.year + 1, 3, 31), freq="D")
    weekday = days.day_of_week < 5
    term = derive.term_time(pd.Series(days)).to_numpy()
    term_weekday = weekday & term
    child = (ages >= 10) & (ages <= 16)
    n = len(ages)
    day_index = np.empty(n, dtype=int)
    hours = np.empty(n, dtype=int)

    child_day_weight = np.where(term_weekday, profile.CHILD_TERM_WEEKDAY_WEIGHT, 1.0)
    older_day_weight = np.where(weekday, 1.0, profile.OLDER_WEEKEND_WEIGHT)
    day_index[child] = rng.choice(days.size, child.sum(), p=child_day_weight / child_day_weight.sum())
    day_index[~child] = rng.choice(days.size, (~child).sum(), p=older_day_weight / older_day_weight.sum())

    child_on_term_weekday = child & term_weekday[day_index]
    child_other_day = child & ~term_weekday[day_index]
    for mask, shape in ((child_on_term_weekday, profile.CHILD_TERM_WEEKDAY_HOURS),
                        (child_other_day, profile.CHILD_OTHER_DAY_HOURS),
                        (~child, profile.OLDER_HOURS)):
        p = np.array(shape, dtype=float)
        hours[mask] = rng.choice(24, mask.sum(), p=p / p.sum())
    minutes = rng.integers(0, 60, n)
    stamps = days.to_numpy()[day_index] + hours.astype("timedelta64[h]") + minutes.astype("timedelta64[m]")
    return pd.Series(pd.to_datetime(stamps))


def _detail(rng: np.random.Generator, groups: pd.Series) -> np.ndarray:
    detail = np.empty(len(groups), dtype=object)
    values = groups.to_numpy()
    for group, options in profile.ETHNICITY_DETAIL.items():
        mask = values == group
        detail[mask] = rng.choice(list(options), mask.sum(), p=list(options.values()))
    return detail


def _place(frame: pd.DataFrame, *, rng: np.random.Generator, zones: pd.DataFrame, schools: pd.DataFrame) -> None:
    n = len(frame)
    lats, lons = _points_in_borough(rng, n, hotspot_share=profile.HOTSPOT_SHARE)
    at_school = (frame["location_type"] == "Near a school").to_numpy()
    todo = np.flatnonzero(at_school)
    while todo.size:  # around a school, and still inside the borough
        which = rng.integers(0, len(schools), todo.size)
        lat, lon = _near(rng, schools.latitude.to_numpy()[which], schools.longitude.to_numpy()[which], 120)
        inside = shapely.contains_xy(BOROUGH, lon, lat)
        lats[todo[inside]], lons[todo[inside]] = lat[inside], lon[inside]
        todo = todo[~inside]
    frame["latitude"] = np.round(lats, 6)
    frame["longitude"] = np.round(lons, 6)
    frame["area_code"] = _zone_of(zones, lats, lons)
    frame["lsoa_code"] = None
    nearest = np.full(n, np.inf)
    for lat, lon in zip(schools.latitude, schools.longitude):
        nearest = np.minimum(nearest, derive.haversine_metres(lats, lons, lat, lon))
    frame["near_school"] = nearest <= profile.NEAR_SCHOOL_METRES
    derive.add_h3(frame)


# --- stop and search ------------------------------------------------------------

def stop_searches(*, rng: np.random.Generator, scale: float, zones: pd.DataFrame) -> pd.DataFrame:
    """Synthetic searches in police.uk's columns, times in UTC as police.uk publishes them."""
    years = len(profile.FINANCIAL_YEARS)
    n = round(profile.STOP_SEARCHES_PER_YEAR * years * scale)
    age_range = rng.choice(list(profile.STOP_SEARCH_AGE_RANGES), n, p=list(profile.STOP_SEARCH_AGE_RANGES.values()))
    ages = np.where(age_range == "10-17", 15, np.where(age_range == "18-24", 21, 40))
    local = pd.Series(_sample_times_over(rng, ages, years))
    utc = local.dt.tz_localize(derive.LONDON, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    keep = utc.notna().to_numpy()
    local, utc, age_range = local[keep].reset_index(drop=True), utc[keep].reset_index(drop=True), age_range[keep]
    n = len(local)
    group = rng.choice(list(profile.STOP_SEARCH_ETHNICITY), n, p=list(profile.STOP_SEARCH_ETHNICITY.values()))
    new_wording = (local.dt.date >= profile.SELF_DEFINED_LABELS_CHANGE).to_numpy()
    self_defined = np.array([profile.SELF_DEFINED_LABELS[g][int(w)] for g, w in zip(group, new_wording)], dtype=object)
    self_defined[rng.random(n) < 0.1] = "Other ethnic group - Not stated"
    objects = list(profile.STOP_SEARCH_OBJECTS)
    obj = rng.choice(objects, n, p=[profile.STOP_SEARCH_OBJECTS[o][1] for o in objects])
    outcome = rng.choice(list(profile.STOP_SEARCH_OUTCOMES), n, p=list(profile.STOP_SEARCH_OUTCOMES.values()))
    found = outcome != "A no further action disposal"
    linked = np.where(found, rng.random(n) < 0.6, False)
    lats, lons = _points_in_borough(rng, n, hotspot_share=0.75)
    frame = pd.DataFrame({
        "search_id": [f"DEMO-SS-{i:07d}" for i in range(n)],
        "source_id": DEMO_SOURCE_ID,
        "search_type": rng.choice(["Person search", "Person and Vehicle search", "Vehicle search"], n, p=[0.7, 0.28, 0.02]),
        "occurred_at_utc": utc.dt.tz_localize(None),
        "occurred_at": local,
        "part_of_operation": False,
        "operation_name": None,
        "latitude": np.round(lats, 6),
        "longitude": np.round(lons, 6),
        "area_code": _zone_of(zones, lats, lons),
        "gender": rng.choice(list(profile.STOP_SEARCH_GENDERS), n, p=list(profile.STOP_SEARCH_GENDERS.values())),
        "age_range": age_range,
        "self_defined_ethnicity": self_defined,
        "officer_defined_ethnicity": _officer_view(rng, group),
        "legislation": [profile.STOP_SEARCH_OBJECTS[o][0] for o in obj],
        "object_of_search": obj,
        "outcome": outcome,
        "outcome_linked_to_object": linked,
        "removal_of_outer_clothing": rng.random(n) < 0.03,
    })
    frame[["age_range", "gender"]] = frame[["age_range", "gender"]].replace("", None)
    frame["self_defined_ethnic_group"] = derive.ethnic_group(frame["self_defined_ethnicity"])
    times = derive.time_columns(frame["occurred_at"], has_time=pd.Series(True, index=frame.index))
    frame = pd.concat([frame, times], axis=1)
    return derive.add_h3(frame)


def _officer_view(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """Officers record a different group from the person's own for about 1 search in 12 (assumed)."""
    officer = group.copy()
    differs = rng.random(len(group)) < 1 / 12
    officer[differs] = rng.choice(["Asian", "Black", "White", "Other"], differs.sum())
    return officer


def _sample_times_over(rng: np.random.Generator, ages: np.ndarray, years: int) -> pd.Series:
    chunks = np.array_split(np.arange(len(ages)), years)
    parts = [
        _sample_times(rng, ages[chunk], dt.date(profile.DEMO_START.year + i, 4, 1))
        for i, chunk in enumerate(chunks)
    ]
    return pd.concat(parts, ignore_index=True)


# --- population and outcome measures ------------------------------------------------

def _population_10_24(year: int) -> float:
    (y0, p0), (y1, p1) = sorted(profile.POPULATION_10_24.items())
    return p0 + (p1 - p0) * (year - y0) / (y1 - y0)


def synthetic_population(*, zones: pd.DataFrame, scale: float) -> pd.DataFrame:
    """Population by zone, year, age band, sex and ethnicity; the borough's 10-24 total meets
    the strategy's 61,467 (2020) and 63,793 (2024) exactly at scale 1."""
    bands_10_24 = {b: (high - low + 1) for b, low, high in derive.AGE_BANDS if 10 <= low and high <= 24}
    zone_share = np.linspace(1.3, 0.7, len(zones))
    zone_share /= zone_share.sum()
    rows = []
    for year in range(2017, 2025):
        total = _population_10_24(year) * scale
        band_totals = {b: total * width / 15 for b, width in bands_10_24.items()}
        band_totals.update({b: total * m for b, m in profile.POPULATION_OTHER_BANDS.items()})
        for band, band_total in band_totals.items():
            for sex, sex_share in (("Male", 0.51), ("Female", 0.49)):
                for group, group_share in profile.POPULATION_ETHNICITY.items():
                    for code, share in zip(zones.area_code, zone_share):
                        rows.append((code, year, band, sex, group, band_total * sex_share * group_share * share))
    frame = pd.DataFrame(rows, columns=["area_code", "year", "age_band", "sex", "ethnicity", "exact"])
    frame["population"] = _round_preserving_totals(frame, ["year", "age_band"])
    if scale == 1.0:
        _meet_published_10_24_totals(frame)
    frame["source_id"] = DEMO_SOURCE_ID
    return frame.drop(columns="exact")


def _round_preserving_totals(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    """Round to whole people so each group's total is its rounded exact total."""
    floors = np.floor(frame["exact"]).astype(int)
    remainder = frame["exact"] - floors
    result = floors.copy()
    for _, group in frame.groupby(by):
        short = int(round(group["exact"].sum())) - int(floors[group.index].sum())
        if short > 0:
            result[remainder[group.index].nlargest(short).index] += 1
    return result


def _meet_published_10_24_totals(frame: pd.DataFrame) -> None:
    in_10_24 = frame["age_band"].isin(["10-13", "14-16", "17", "18-20", "21-24"])
    for year, published in profile.POPULATION_10_24.items():
        rows = frame.index[in_10_24 & (frame["year"] == year)]
        gap = published - int(frame.loc[rows, "population"].sum())
        frame.loc[rows[0], "population"] += gap


def synthetic_outcome_values(rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly synthetic values for each outcome measure the partnership records."""
    # Q-MAR quarters are labelled by the year the financial year ends: 2020Q1 is April-June 2019.
    quarters = pd.period_range("2020Q1", "2024Q4", freq="Q-MAR")  # 2019-20 Q1 to 2023-24 Q4
    starts = {
        "screening_tool_uses": 40, "children_identified_early_support": 55,
        "persistent_absence_unauthorised": 620, "neet_16_17": 95, "fixed_term_exclusions": 410,
        "rescue_and_response_referrals": 9, "disruptions": 14, "exploitation_prosecutions": 5,
    }
    trend = {
        "screening_tool_uses": 0.06, "children_identified_early_support": 0.03,
        "persistent_absence_unauthorised": -0.01, "neet_16_17": -0.012, "fixed_term_exclusions": 0.0,
        "rescue_and_response_referrals": 0.04, "disruptions": 0.02, "exploitation_prosecutions": 0.0,
    }
    rows = []
    for measure in OUTCOME_MEASURES:
        level = starts[measure.measure]
        for step, quarter in enumerate(quarters):
            expected = level * (1 + trend[measure.measure]) ** step
            rows.append({
                "measure": measure.measure,
                "period_start": quarter.start_time.date(),
                "period_end": quarter.end_time.date(),
                "period_label": f"{quarter.qyear - 1}-{quarter.qyear % 100:02d} Q{quarter.quarter}",
                "area_code": "E09000030",
                "value": float(rng.poisson(expected)),
                "numerator": None,
                "denominator": None,
                "source_id": DEMO_SOURCE_ID,
            })
    return pd.DataFrame(rows)
