"""The places map: H3 hexagons of counts, area boundaries, schools and repeat locations.

No basemap unless one is configured: nothing leaves the machine by default.
"""

from __future__ import annotations

import json

import h3
import numpy as np
import pandas as pd
import pydeck as pdk
from plotly.colors import sample_colorscale, unlabel_rgb

CENTRE = {"latitude": 51.515, "longitude": -0.03, "zoom": 12.3}


def _colour(share: float) -> list[int]:
    r, g, b = unlabel_rgb(sample_colorscale("Viridis", [share])[0])
    return [int(r), int(g), int(b), 200]


def places_deck(cells: pd.DataFrame, *, areas: pd.DataFrame, schools: pd.DataFrame, repeat: pd.DataFrame,
                basemap_style: str = "", what: str = "records") -> pdk.Deck:
    """``cells``: cell, area_name, value (NA where suppressed: not drawn), display.
    ``areas``: name, geometry_geojson; ``schools``: name, latitude, longitude;
    ``repeat``: cell, months_shown (outlined in black)."""
    drawn = cells.dropna(subset=["value"])
    drawn = drawn[drawn["value"] > 0]
    top = float(drawn["value"].max()) if not drawn.empty else 1.0
    hexes = [{"cell": c, "fill": _colour(float(v) / top),
              "tooltip": f"{name}: {d} {what}"} for c, v, d, name in
             zip(drawn["cell"], drawn["value"], drawn["display"], drawn["area_name"])]
    features = [{"type": "Feature", "geometry": json.loads(g), "properties": {"tooltip": f"Area: {n}"}}
                for n, g in zip(areas["name"], areas["geometry_geojson"])]
    school_points = [{"position": [lon, lat], "tooltip": f"School: {n}"}
                     for n, lat, lon in zip(schools["name"], schools["latitude"], schools["longitude"])]
    repeat_hexes = [{"cell": c, "tooltip": f"Repeat location: incidents in {m} of the last 12 months"}
                    for c, m in zip(repeat["cell"], repeat["months_shown"])]
    layers = [
        pdk.Layer("H3HexagonLayer", hexes, id="cells", get_hexagon="cell", get_fill_color="fill",
                  stroked=False, extruded=False, pickable=True),
        # Boundaries above the hexagons: a white halo under a dark line, so they show on dark
        # hexagons and on the blank background alike (there is no basemap by default).
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="areas",
                  stroked=True, filled=False, get_line_color=[255, 255, 255, 255],
                  line_width_min_pixels=3, pickable=False),
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="areas-line",
                  stroked=True, filled=False, get_line_color=[80, 80, 80, 255],
                  line_width_min_pixels=1, pickable=False),
        pdk.Layer("H3HexagonLayer", repeat_hexes, id="repeat", get_hexagon="cell", filled=False, stroked=True,
                  get_line_color=[0, 0, 0, 255], line_width_min_pixels=3, extruded=False, pickable=True),
        pdk.Layer("ScatterplotLayer", school_points, id="schools", get_position="position", get_radius=45,
                  radius_min_pixels=4, get_fill_color=[230, 159, 0, 255], get_line_color=[0, 0, 0, 255],
                  stroked=True, line_width_min_pixels=1.5, pickable=True),
    ]
    # map_provider=None alone: pydeck then writes the sentinel Streamlit reads as "no basemap";
    # adding map_style=None drops it and Streamlit falls back to fetching a Carto style.
    options = {"map_style": basemap_style} if basemap_style else {"map_provider": None}
    return pdk.Deck(layers=layers, initial_view_state=_view(drawn["cell"]), tooltip={"text": "{tooltip}"},
                    **options)


def _view(cells: pd.Series) -> pdk.ViewState:
    """Centred on the drawn cells, zoomed out far enough to show them all."""
    if cells.empty:
        return pdk.ViewState(**CENTRE)
    points = np.array([h3.cell_to_latlng(c) for c in cells])
    (lat_low, lon_low), (lat_high, lon_high) = points.min(axis=0), points.max(axis=0)
    span = max(lat_high - lat_low, (lon_high - lon_low) * 0.62, 0.03)  # never closer than a borough's width
    zoom = float(np.clip(np.log2(360 / span) - 1.2, 9, 15))  # fits a phone; a projector zooms in
    return pdk.ViewState(latitude=float((lat_low + lat_high) / 2), longitude=float((lon_low + lon_high) / 2),
                         zoom=zoom)
