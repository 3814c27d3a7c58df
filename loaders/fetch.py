"""``fetch police-uk``: street crime and stop and search for the borough from the police.uk API.

For each month it asks ``/crimes-street/all-crime`` and ``/stops-street`` for the
borough's polygon (POST, since a borough outline is too long for a URL). The API
refuses an area holding more than it will return (HTTP 503); the polygon is then
split in two along its longer side, and each half asked again, down to a limit.
(The API's smallest period is a month, so a month cannot be split further.)
The answers are written as police.uk CSVs under ``VVE_DATA_DIR/fetched/police-uk/``
and loaded with the ``police-uk-street`` and ``police-uk-stop-search`` loaders, so
fetched rows get the same validation, accounting and atomic swap as downloaded ones.
"""

from __future__ import annotations

import csv
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, shape
from sqlalchemy import select

import config
from loaders.base import BOROUGH_CODE
from loaders.demo_profiles import BOROUGH_OUTLINE
from loaders.errors import LoaderError
from storage import schema
from storage.engine import database_exists, make_engine

BASE_URL = "https://data.police.uk/api"
# The API does not say which force recorded a crime; the borough's force stands in, so a month
# fetched and the same month downloaded from data.police.uk replace each other.
FORCE = "Metropolitan Police Service"
MAX_SPLITS = 6
STREET_HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]
STOP_SEARCH_HEADER = ["Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude",
                      "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation",
                      "Object of search", "Outcome", "Outcome linked to object of search",
                      "Removal of more than just outer clothing"]
# The API's crime category slugs, as the police.uk CSVs name them.
CRIME_TYPES = {
    "anti-social-behaviour": "Anti-social behaviour", "bicycle-theft": "Bicycle theft", "burglary": "Burglary",
    "criminal-damage-arson": "Criminal damage and arson", "drugs": "Drugs", "other-theft": "Other theft",
    "possession-of-weapons": "Possession of weapons", "public-order": "Public order", "robbery": "Robbery",
    "shoplifting": "Shoplifting", "theft-from-the-person": "Theft from the person",
    "vehicle-crime": "Vehicle crime", "violent-crime": "Violence and sexual offences", "other-crime": "Other crime",
}


class FetchError(LoaderError):
    """The API could not be reached or answered something this command cannot use."""


class TooMany(Exception):
    """The API refused the area as holding too many records (HTTP 503)."""


def months(first: str, last: str) -> list[str]:
    """'2023-11', '2024-02' -> ['2023-11', '2023-12', '2024-01', '2024-02']."""
    try:
        span = pd.period_range(pd.Period(first, "M"), pd.Period(last, "M"), freq="M")
    except ValueError as err:
        raise FetchError(f"--from and --to must be months written YYYY-MM, not {first!r} and {last!r}") from err
    if span.empty:
        raise FetchError(f"--from {first} is after --to {last}")
    return [str(p) for p in span]


def borough_polygon(url: str) -> Polygon | MultiPolygon:
    """The borough's boundary as loaded by ``boundaries``, else the approximate outline the demo uses."""
    if database_exists(url):
        engine = make_engine(url, read_only=True)
        try:
            with engine.connect() as conn:
                found = conn.execute(select(schema.areas.c.geometry_geojson).where(
                    schema.areas.c.area_code == BOROUGH_CODE).order_by(schema.areas.c.scheme.desc())).first()
        finally:
            engine.dispose()
        if found:
            return shape(json.loads(found[0]))
    return Polygon(BOROUGH_OUTLINE)


def halves(area) -> list:
    """Split ``area`` across the middle of its longer side (a hair off, so no point lies on the cut)."""
    minx, miny, maxx, maxy = area.bounds
    if maxx - minx >= maxy - miny:
        cut = (minx + maxx) / 2 + 1e-9
        boxes = (box(minx, miny, cut, maxy), box(cut, miny, maxx, maxy))
    else:
        cut = (miny + maxy) / 2 + 1e-9
        boxes = (box(minx, miny, maxx, cut), box(minx, cut, maxx, maxy))
    return [piece for b in boxes if not (piece := area.intersection(b)).is_empty]


def _rings(area) -> Iterator[Polygon]:
    for polygon in getattr(area, "geoms", [area]):
        if isinstance(polygon, Polygon):
            yield polygon


def _poly_parameter(polygon: Polygon) -> str:
    return ":".join(f"{lat:.6f},{lon:.6f}" for lon, lat in list(polygon.exterior.coords)[:-1])


def _ask(base_url: str, endpoint: str, polygon: Polygon, month: str) -> list[dict]:
    body = urllib.parse.urlencode({"poly": _poly_parameter(polygon), "date": month}).encode()
    request = urllib.request.Request(f"{base_url.rstrip('/')}/{endpoint}", data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read() or b"[]")
    except urllib.error.HTTPError as err:
        if err.code == 503:
            raise TooMany from err
        raise FetchError(f"{endpoint} for {month} answered HTTP {err.code}; expected the police.uk API at {base_url}") from err
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as err:
        raise FetchError(f"could not read {endpoint} for {month} from {base_url} ({err})") from err


def fetch_area(base_url: str, endpoint: str, area, month: str, *, depth: int = 0) -> list[dict]:
    """Every record of ``month`` in ``area``, splitting the area while the API says it is too big."""
    records: list[dict] = []
    for polygon in _rings(area):
        try:
            records.extend(_ask(base_url, endpoint, polygon, month))
        except TooMany:
            if depth >= MAX_SPLITS:
                raise FetchError(f"{endpoint} for {month} still holds too many records after splitting the "
                                 f"area {MAX_SPLITS} times") from None
            for piece in halves(polygon):
                records.extend(fetch_area(base_url, endpoint, piece, month, depth=depth + 1))
    return records


def _yes_no(value) -> str:
    return "" if value is None or value == "" else str(bool(value))


def street_rows(records: list[dict]) -> Iterator[list[str]]:
    """police.uk API street crimes as rows of the street-level CSV (no LSOA: the API gives none)."""
    for r in records:
        location = r.get("location") or {}
        outcome = r.get("outcome_status") or {}
        yield [r.get("persistent_id") or "", r.get("month", ""), FORCE, FORCE,
               location.get("longitude") or "", location.get("latitude") or "",
               (location.get("street") or {}).get("name", ""), "", "",
               CRIME_TYPES.get(r.get("category", ""), r.get("category", "")), outcome.get("category", ""),
               r.get("context") or ""]


def stop_search_rows(records: list[dict]) -> Iterator[list[str]]:
    """police.uk API stops as rows of the stop and search CSV."""
    for r in records:
        location = r.get("location") or {}
        yield [r.get("type") or "", r.get("datetime") or "", _yes_no(r.get("operation")), r.get("operation_name") or "",
               location.get("latitude") or "", location.get("longitude") or "", r.get("gender") or "",
               r.get("age_range") or "", r.get("self_defined_ethnicity") or "", r.get("officer_defined_ethnicity") or "",
               r.get("legislation") or "", r.get("object_of_search") or "", r.get("outcome") or "",
               _yes_no(r.get("outcome_linked_to_object_of_search")), _yes_no(r.get("removal_of_more_than_outer_clothing"))]


def fetch_police_uk(first: str, last: str, *, base_url: str = BASE_URL, url: str | None = None,
                    out_dir: Path | None = None, progress=None) -> tuple[list[Path], list[Path]]:
    """Fetch months ``first`` to ``last`` for the borough; returns the street and stop-search CSVs written.

    Reads the borough's polygon from the database (``boundaries``) or the shipped outline.
    Raises ``FetchError`` when the API cannot be reached or keeps refusing an area.
    """
    url = url or config.database_url()
    out_dir = out_dir or config.data_dir() / "fetched" / "police-uk"
    out_dir.mkdir(parents=True, exist_ok=True)
    area = shapely.make_valid(borough_polygon(url))
    written: tuple[list[Path], list[Path]] = ([], [])
    for index, month in enumerate(months(first, last)):
        for files, endpoint, name, header, rows in (
                (written[0], "crimes-street/all-crime", "street", STREET_HEADER, street_rows),
                (written[1], "stops-street", "stop-and-search", STOP_SEARCH_HEADER, stop_search_rows)):
            records = fetch_area(base_url, endpoint, area, month)
            path = out_dir / f"{month}-police-uk-api-{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows(records))
            files.append(path)
        if progress:
            progress(month, (index + 1) / len(months(first, last)))
    return written
