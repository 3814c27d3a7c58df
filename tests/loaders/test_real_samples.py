"""Every real sample that has a loader loads with a reconciling summary and no rejects; the
samples no loader reads are refused with one sentence. Row counts come from the csv module."""

from __future__ import annotations

import csv
import json

import pytest

from loaders.errors import UnknownHeader
from tests.loaders.test_reading import one_sentence

LOADABLE = [
    ("police-uk-stop-search", "police_uk_stop_and_search_tower_hamlets/tower_hamlets_stop_and_search_2015-04_to_2024-08.csv"),
    ("police-uk-street", "police_uk_street_burglary_tower_hamlets/tower_hamlets_street_burglary_2021-01_to_2025-02.csv"),
    ("mps-knife-crime", "mps_knife_crime_dashboard/mps_monthly_knife_crime_boroughs_and_tower_hamlets_snts.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_borough_level_crime_historical_all_london.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_borough_level_crime_recent_all_london.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_lsoa_level_crime_recent_tower_hamlets.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_ward_level_crime_historical_tower_hamlets.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_ward_level_crime_recent24m_tower_hamlets.csv"),
    ("population", "census2021_tower_hamlets/census2021-ts007a-lsoa-tower_hamlets.csv"),
    ("population", "census2021_tower_hamlets/census2021-ts007a-msoa-tower_hamlets.csv"),
    ("population", "census2021_tower_hamlets/census2021-ts007a-ltla-tower_hamlets.csv"),
    ("population", "ons_midyear_population_tower_hamlets/ons_mid2019_population_lsoa2011_tower_hamlets.csv"),
    ("population", "ons_midyear_population_tower_hamlets/ons_mid2020_population_lsoa2011_tower_hamlets.csv"),
    ("schools", "dfe_schools_ks4_tower_hamlets/tower_hamlets_secondary_school_locations_and_ofsted.csv"),
    ("boundaries", "boundaries_tower_hamlets/london_boroughs_2022.geojson"),
    ("boundaries", "boundaries_tower_hamlets/tower_hamlets_borough.geojson"),
    ("boundaries", "boundaries_tower_hamlets/tower_hamlets_lsoa_2011.geojson"),
    ("boundaries", "boundaries_tower_hamlets/tower_hamlets_lsoa_2021.geojson"),
    ("boundaries", "boundaries_tower_hamlets/tower_hamlets_msoa_2021.geojson"),
    ("boundaries", "boundaries_tower_hamlets/tower_hamlets_wards_2014.geojson"),
]
NOT_THIS_LOADERS = [
    ("schools", "dfe_schools_ks4_tower_hamlets/dfe_ks4_school_information_2023-24_tower_hamlets.csv"),
    ("mps-crime-counts", "mps_recorded_crime_tower_hamlets/mps_lsoa_annual_counts_2011-2021_tower_hamlets_lsoa2011.csv"),
    ("population", "census2021_tower_hamlets/census2021-ts011-lsoa-tower_hamlets.csv"),
]


def records(path) -> int:
    if path.suffix == ".geojson":
        return len(json.loads(path.read_text())["features"])
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


@pytest.mark.parametrize("source, name", LOADABLE, ids=[n.split("/")[-1] for _, n in LOADABLE])
def test_each_real_sample_loads_and_reconciles(real_data, load, query, source, name):
    [summary] = load(source, real_data / name)
    assert summary.reconciles
    assert (summary.read, summary.loaded, summary.duplicates, summary.rejected) == (records(real_data / name),) * 2 + (0, 0)
    assert query("SELECT rows_read, rows_loaded FROM sources")[0] == (summary.read, summary.loaded)


@pytest.mark.parametrize("source, name", NOT_THIS_LOADERS, ids=[n.split("/")[-1] for _, n in NOT_THIS_LOADERS])
def test_real_files_of_another_shape_are_refused_in_one_sentence(real_data, load, source, name):
    with pytest.raises(UnknownHeader) as caught:
        load(source, real_data / name)
    message = str(caught.value)
    assert message.startswith(name.split("/")[-1] + ": ") and one_sentence(message)
