"""The knife-injury series over financial years, each point labelled by its source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.palette import BLUE, FONT_SIZE, GREY, ORANGE, SERIES
from metrics.knife_series import MPS_SOURCE, PUBLISHED_SOURCE

SOURCE_STYLE = {PUBLISHED_SOURCE: ("diamond", ORANGE), MPS_SOURCE: ("circle", BLUE)}


def knife_injury_series(series: pd.DataFrame, *, comparison: pd.DataFrame | None = None,
                        area: str) -> go.Figure:
    """``series`` from ``metrics.knife_series.continued_series``: one marker trace per source
    for ``area``, a hollow marker for a part year; ``comparison`` (other boroughs' totals
    from the Met) as thin lines, complete years only."""
    figure = go.Figure()
    years = _every_year_between(set(series["financial_year"]) | set(
        comparison["financial_year"] if comparison is not None and not comparison.empty else []))
    for index, (name, frame) in enumerate((comparison if comparison is not None else pd.DataFrame(
            columns=["area"])).groupby("area")):
        complete = frame[frame["complete"]]
        figure.add_scatter(x=complete["financial_year"], y=complete["value"], mode="lines+markers",
                           name=f"{name} ({MPS_SOURCE})", line={"width": 1.5, "color": SERIES[(index + 2) % len(SERIES)]},
                           marker={"size": 6}, opacity=0.8,
                           hovertemplate="%{x}: %{y:,}<extra>" + name + "</extra>")
    for source, frame in series.groupby("source", sort=False):
        symbol, colour = SOURCE_STYLE.get(source, ("square", GREY))
        for complete, part in frame.groupby("complete", sort=False):
            figure.add_scatter(
                x=part["financial_year"], y=part["value"], name=f"{area}: {source}" + ("" if complete else ", part year"),
                mode="lines+markers+text" if complete else "markers+text", text=part["value"],
                textposition="top center", line={"color": colour, "width": 3},
                marker={"symbol": symbol if complete else f"{symbol}-open", "size": 14, "color": colour},
                customdata=part["label"], hovertemplate="%{customdata}: %{y:,}<extra>" + source + "</extra>",
            )
    figure.update_layout(
        font={"size": FONT_SIZE},
        yaxis={"title": "Victims aged 1\u201324", "rangemode": "tozero"},
        xaxis={"title": "Financial year (April to March)", "type": "category",
               "categoryorder": "array", "categoryarray": years},
        legend={"orientation": "h", "yanchor": "top", "y": -0.25},
        margin={"t": 20, "b": 10, "l": 10, "r": 10},
        height=480,
    )
    return figure


def _every_year_between(years: set[str]) -> list[str]:
    """'2017-18' ... '2025-26' with the years no source covers left in, so a gap shows as one."""
    if not years:
        return []
    first, last = (int(y[:4]) for y in (min(years), max(years)))
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(first, last + 1)]
