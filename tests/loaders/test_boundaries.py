"""Boundaries: the real GeoJSON samples, and Shapefile/GeoPackage in British National Grid."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import box, shape

from loaders.errors import UnreadableFile

BOUNDARIES = "boundaries_tower_hamlets"


@pytest.mark.parametrize("name, level, scheme, code", [
    ("tower_hamlets_lsoa_2021.geojson", "lsoa", "lsoa-2021", "LSOA21CD"),
    ("tower_hamlets_lsoa_2011.geojson", "lsoa", "lsoa-2011", "LSOA11CD"),
    ("tower_hamlets_msoa_2021.geojson", "msoa", "msoa-2021", "MSOA21CD"),
    ("tower_hamlets_wards_2014.geojson", "ward", "ward-2014", "GSS_CODE"),
    ("london_boroughs_2022.geojson", "borough", "borough-2022", "LAD22CD"),
])
def test_real_boundaries_load_with_level_and_scheme_detected(real_data, load, query, name, level, scheme, code):
    features = json.loads((real_data / BOUNDARIES / name).read_text())["features"]
    [summary] = load("boundaries", real_data / BOUNDARIES / name)
    assert (summary.read, summary.loaded, summary.rejected) == (len(features), len(features), 0)
    stored = {r.area_code: (r.level, r.scheme) for r in query("SELECT area_code, level, scheme FROM areas")}
    assert stored == {f["properties"][code]: (level, scheme) for f in features}


def test_lsoa_2011_and_2021_coexist(real_data, load, query):
    load("boundaries", real_data / BOUNDARIES / "tower_hamlets_lsoa_2011.geojson",
         real_data / BOUNDARIES / "tower_hamlets_lsoa_2021.geojson")
    assert dict(query("SELECT scheme, COUNT(*) FROM areas GROUP BY 1")) == {"lsoa-2011": 144, "lsoa-2021": 169}


@pytest.fixture
def wards_in_bng(real_data, tmp_path):
    """The real 2014 wards written as a Shapefile in EPSG:27700, with non-standard column names."""
    wards = gpd.read_file(real_data / BOUNDARIES / "tower_hamlets_wards_2014.geojson")
    renamed = wards.rename(columns={"GSS_CODE": "ward_ref", "NAME": "label"})[["ward_ref", "label", "geometry"]]
    folder = tmp_path / "wards_shp"
    folder.mkdir()
    renamed.to_crs("EPSG:27700").to_file(folder / "wards.shp")
    return wards, folder


def test_shapefile_folder_and_zip_in_bng_are_reprojected(wards_in_bng, load, query, tmp_path):
    wards, folder = wards_in_bng
    archive = shutil.make_archive(str(tmp_path / "wards"), "zip", folder)
    for path in (folder, tmp_path / "wards.zip"):
        [summary] = load("boundaries", path, name_column="label", scheme=f"ward-test-{path.suffix or 'dir'}")
        assert (summary.loaded, summary.rejected) == (20, 0)
    assert archive.endswith(".zip")
    stored = {r.area_code: shape(json.loads(r.geometry_geojson))
              for r in query("SELECT area_code, geometry_geojson FROM areas WHERE scheme = 'ward-test-.zip'")}
    names = dict(query("SELECT area_code, name FROM areas WHERE scheme = 'ward-test-.zip'"))
    for ward in wards.itertuples():
        # Round-tripping through metres moves a centroid by far less than 1e-5 degrees (about 1 m).
        assert stored[ward.GSS_CODE].centroid.distance(ward.geometry.centroid) < 1e-5
        assert names[ward.GSS_CODE] == ward.NAME


def test_geopackage_loads(wards_in_bng, load, tmp_path, query):
    wards, _ = wards_in_bng
    wards.to_crs("EPSG:27700").to_file(tmp_path / "wards_2022.gpkg", driver="GPKG")
    [summary] = load("boundaries", tmp_path / "wards_2022.gpkg")
    assert summary.loaded == 20
    assert query("SELECT DISTINCT scheme FROM areas")[0][0] == "ward-2022"


def test_shapefile_without_crs_needs_the_crs_flag(wards_in_bng, load, query):
    _, folder = wards_in_bng
    (folder / "wards.prj").unlink()
    with pytest.raises(UnreadableFile, match="--crs"):
        load("boundaries", folder)
    [summary] = load("boundaries", folder, crs="EPSG:27700", scheme="ward-2014")
    assert summary.loaded == 20


def test_a_feature_with_a_bad_code_or_outside_the_uk_is_rejected(tmp_path, load, query):
    frame = gpd.GeoDataFrame({"code": ["E05000001", "E05000002", "E05000003"], "name": ["A", "B", "C"]},
                             geometry=[box(-0.05, 51.5, -0.04, 51.51), box(-0.04, 51.5, -0.03, 51.51),
                                       box(2.3, 48.8, 2.4, 48.9)], crs="EPSG:4326")
    frame.loc[1, "code"] = "Ward 2"
    path = tmp_path / "wards.geojson"
    frame.to_file(path, driver="GeoJSON")
    [summary] = load("boundaries", path, code_column="code", level="ward", scheme="ward-x")
    assert (summary.read, summary.loaded, summary.rejected) == (3, 1, 2)
    assert [tuple(r) for r in query("SELECT line, column_name FROM rejects ORDER BY line")] == \
        [(2, "area_code"), (3, "geometry")]


def test_not_geographic_data_is_one_sentence(write_file, load):
    with pytest.raises(UnreadableFile, match=r"^wards\.geojson: cannot be read as geographic data"):
        load("boundaries", write_file("wards.geojson", "this is not json"))
    with pytest.raises(UnreadableFile, match=r"is not a \.geojson"):
        load("boundaries", write_file("wards.txt", "x"))
