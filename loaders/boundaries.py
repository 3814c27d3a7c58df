"""Area boundaries: GeoJSON, Shapefile (a folder or a zip) or GeoPackage, in any CRS.

Stored in EPSG:4326 as GeoJSON text in ``areas``, one row per area and scheme, so
ward 2014 and ward 2022, or LSOA 2011 and 2021, sit side by side.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping

from loaders.base import Context, Loader, Opened
from loaders.errors import UnreadableFile
from loaders.reading import FileFacts, RawChunk
from loaders.validate import UK_LATITUDE, UK_LONGITUDE, Checks
from loaders.writing import ByKey
from storage import schema

FORMATS = (".geojson", ".json", ".gpkg", ".shp", ".zip")
LEVEL_BY_PREFIX = {"E01": "lsoa", "W01": "lsoa", "E02": "msoa", "W02": "msoa", "E05": "ward", "W05": "ward",
                   "E06": "borough", "E07": "borough", "E08": "borough", "E09": "borough", "W06": "borough"}
CODE = r"^[EW]\d{8}$"


class Boundaries(Loader):
    """Reads polygons of wards, LSOAs, MSOAs or boroughs; reprojects them to EPSG:4326.

    The code and name columns are found (a column of well-formed codes, e.g. LSOA21CD,
    and its name partner, e.g. LSOA21NM or NAME) or named by ``--code-column`` and
    ``--name-column``; the level comes from the codes (E01 LSOA, E02 MSOA, E05 ward,
    E09 borough) or ``--level``; the scheme (e.g. ``lsoa-2021``) from the code column
    or file name, or ``--scheme``. Rejects (by feature number) a feature with a malformed
    code, a blank name, no polygon, or a polygon outside the UK. An unreadable file, or
    one without a CRS and no ``--crs``, is an error.
    """

    name = "boundaries"
    expected = "a GeoJSON, Shapefile (folder or zip) or GeoPackage of area polygons with a code column"
    table = schema.areas

    def open(self, path: Path) -> Opened:
        source = _data_file(path, expected=self.expected)
        try:
            frame = gpd.read_file(source)
        except Exception as err:  # pyogrio raises many kinds; each means "not readable"
            reason = (str(err).splitlines() or ["unknown error"])[0].rstrip(".")
            raise UnreadableFile(f"cannot be read as geographic data ({reason}); expected {self.expected}",
                                 file=path) from err
        if frame.crs is None and not self.options.get("crs"):
            raise UnreadableFile("does not say its coordinate reference system; give it with --crs "
                                 "(e.g. EPSG:27700 for British National Grid)", file=path)
        code_column = self.options.get("code_column") or _code_column(frame)
        if code_column is None or code_column not in frame:
            raise UnreadableFile(f"has no column of area codes (like E05009317); expected {self.expected}, "
                                 "or name the column with --code-column", file=path)
        name_column = self.options.get("name_column") or _name_column(frame, code_column)
        facts = FileFacts(path, _sha256(path), sum(f.stat().st_size for f in _files(path)), "binary")
        opened = Opened(facts, fields={"area_code": code_column, "name": name_column or code_column})
        opened.header = [code_column]
        self._frames = getattr(self, "_frames", {})
        self._frames[path] = frame
        return opened

    def chunks(self, opened: Opened) -> Iterator[RawChunk]:
        frame = self._frames[opened.path]
        if frame.crs is None:
            frame = frame.set_crs(self.options["crs"])
        frame = frame.to_crs("EPSG:4326")
        records = pd.DataFrame({
            "area_code": frame[opened.fields["area_code"]].astype(str).to_numpy(),
            "name": frame[opened.fields["name"]].fillna("").astype(str).to_numpy(),
            "_geometry": frame.geometry.to_numpy(),
            "_line": range(1, len(frame) + 1),
        })
        yield RawChunk(records, [], len(frame), opened.facts.size)

    def prepare(self, records: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        checks = Checks(records)
        code = checks.area_code("area_code", pattern=CODE)
        checks.required("name")
        geometry = records["_geometry"]
        polygonal = geometry.map(lambda g: g is not None and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon"))
        checks.fail(~polygonal, "geometry", "is not a polygon")
        bounds = geometry.map(lambda g: g.bounds if g is not None and not g.is_empty else (0, 0, 0, 0))
        inside = bounds.map(lambda b: UK_LONGITUDE[0] <= b[0] and b[2] <= UK_LONGITUDE[1]
                            and UK_LATITUDE[0] <= b[1] and b[3] <= UK_LATITUDE[1])
        checks.fail(polygonal & ~inside, "geometry", "lies outside the United Kingdom (is the CRS right?)")
        good = checks.ok
        level = self.options.get("level") or code[good].str[:3].map(LEVEL_BY_PREFIX).mode().get(0, "area")
        rows = pd.DataFrame({
            "_line": records["_line"],
            "area_code": code,
            "name": checks.text("name"),
            "level": level,
            "scheme": self.options.get("scheme") or _scheme(level, ctx.opened),
            "geometry_geojson": [json.dumps(mapping(shapely.make_valid(g))) if ok else None
                                 for g, ok in zip(geometry, good)],
        })[good]
        return rows, checks.rejects()

    def strategy(self) -> ByKey:
        return ByKey(self.table, key=("scheme", "area_code"), values=("name", "level", "geometry_geojson"),
                     scope="area_code")

    def coverage(self, rows):
        return None, None


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def _data_file(path: Path, *, expected: str) -> str:
    if path.is_dir():
        found = [p for p in _files(path) if p.suffix.lower() in (".shp", ".gpkg", ".geojson", ".json")]
        if not found:
            raise UnreadableFile(f"is a folder without a .shp, .gpkg or .geojson file; expected {expected}",
                                 file=path)
        return str(found[0])
    if not path.is_file():
        raise UnreadableFile(f"there is no such file; expected {expected}", file=path)
    if path.suffix.lower() not in FORMATS:
        raise UnreadableFile(f"is not a .geojson, .json, .gpkg, .shp or .zip file; expected {expected}", file=path)
    return str(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for file in _files(path):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _code_column(frame: gpd.GeoDataFrame) -> str | None:
    candidates = []
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        values = frame[column].astype(str)
        if len(values) and values.str.match(CODE).all():
            candidates.append((values.nunique(), column.upper().endswith(("CD", "CODE")), column))
    return max(candidates)[2] if candidates else None


def _name_column(frame: gpd.GeoDataFrame, code_column: str) -> str | None:
    partner = re.sub(r"CD$", "NM", code_column, flags=re.IGNORECASE)
    for column in (partner, "NAME", "name", "Name"):
        if column in frame and column != code_column:
            return column
    return None


def _scheme(level: str, opened: Opened) -> str:
    match = re.search(r"(\d{2})CD$", opened.fields["area_code"], flags=re.IGNORECASE)
    if match:
        return f"{level}-20{match.group(1)}"
    match = re.search(r"(19|20)\d{2}", opened.path.stem)
    return f"{level}-{match.group(0)}" if match else level
