"""Where a point is: the borough test and the ward or LSOA containing it, from loaded areas.

Areas come from the ``areas`` table (``python -m loaders ingest boundaries``). Where
a level has several schemes (ward-2014, ward-2022) the latest is used.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from sqlalchemy import Connection, select

from storage import schema

EDGE_TOLERANCE_DEGREES = 2e-6


def _areas(conn: Connection, level: str, cache: dict) -> tuple[list[str], list] | None:
    if level not in cache:
        t = schema.areas
        schemes = conn.execute(select(t.c.scheme).where(t.c.level == level).distinct()).scalars().all()
        if not schemes:
            cache[level] = None
        else:
            rows = conn.execute(select(t.c.area_code, t.c.geometry_geojson).where(
                t.c.level == level, t.c.scheme == max(schemes))).all()
            cache[level] = ([r.area_code for r in rows], [shape(json.loads(r.geometry_geojson)) for r in rows])
    return cache[level]


def area_containing(conn: Connection, cache: dict, *, level: str, latitudes: pd.Series,
                    longitudes: pd.Series, code: str | None = None) -> pd.Series:
    """The code of the ``level`` area (optionally only area ``code``) holding each point;
    None where no area holds it, or none of that level is loaded."""
    result = pd.Series(None, index=latitudes.index, dtype=object)
    loaded = _areas(conn, level, cache)
    if loaded is None:
        return result
    codes, geometries = loaded
    if code is not None:
        keep = [i for i, c in enumerate(codes) if c == code]
        codes, geometries = [codes[i] for i in keep], [geometries[i] for i in keep]
    located = latitudes.notna().to_numpy() & longitudes.notna().to_numpy()
    if not codes or not located.any():
        return result
    points = shapely.points(longitudes.to_numpy(dtype=float)[located], latitudes.to_numpy(dtype=float)[located])
    tree = shapely.STRtree(geometries)
    # police.uk snaps some points onto the borough's edge itself; reprojected boundaries put
    # such a point a hair outside, so a point within ~20 cm of an area counts as in it.
    point_index, area_index = tree.query(points, predicate="dwithin", distance=EDGE_TOLERANCE_DEGREES)
    found = np.full(points.shape[0], None, dtype=object)
    found[point_index] = np.asarray(codes, dtype=object)[area_index]
    result.iloc[np.flatnonzero(located)] = found
    return result


def borough_code(conn: Connection, cache: dict, name: str) -> str | None:
    """The code of the loaded borough called ``name`` (e.g. Tower Hamlets -> E09000030), or None."""
    key = ("borough-code", name)
    if key not in cache:
        t = schema.areas
        cache[key] = conn.execute(select(t.c.area_code).where(t.c.level == "borough", t.c.name == name)
                                  .order_by(t.c.scheme.desc())).scalars().first()
    return cache[key]
