"""Hour x weekday heatmaps, with the after-school window outlined."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures.palette import BLACK, FONT_SIZE

# A hidden cell's label: "hidden" at this size is about 26 px wide, and a cell 29 px at 390 px.
LABEL_SIZE = FONT_SIZE - 7

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SUPPRESSED_GREY = "#d0d0d0"


def weekday_hour_table(shown: pd.DataFrame) -> pd.DataFrame:
    """What the heatmap draws, as text: one row per hour, one column per weekday ("<5" or "hidden" where hidden)."""
    table = shown.pivot(index="hour", columns="weekday", values="display").reindex(index=range(24), columns=range(7))
    table.columns = list(WEEKDAYS)
    table.insert(0, "hour", [f"{h:02d}:00" for h in range(24)])
    return table.reset_index(drop=True)


def busiest_hours(shown: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """The ``top`` weekday-hours with the most records, as shown (a hidden count is not ranked:
    its place would hint at it): rank, weekday, hour ("15:00-16:00") and the count's text."""
    ranked = (shown[shown["value"].notna() & (shown["value"] > 0)]
              .sort_values(["value", "weekday", "hour"], ascending=[False, True, True]).head(top))
    return pd.DataFrame({
        "rank": range(1, len(ranked) + 1),
        "weekday": [WEEKDAYS[w] for w in ranked["weekday"]],
        "hour": [f"{h:02d}:00\u2013{(h + 1) % 24:02d}:00" for h in ranked["hour"]],
        "count": list(ranked["display"]),
    })


def weekday_hour_heatmap(shown: pd.DataFrame, *, label: str, outline_after_school: bool = True) -> go.Figure:
    """Counts by weekday (columns) and hour (rows, midnight at the top).

    ``shown`` holds weekday (0 = Monday), hour, value (NA where suppressed) and display.
    A suppressed cell carries no count: it is grey and reads "<5" or "hidden".
    """
    grid = shown.set_index(["hour", "weekday"])
    z = np.full((24, 7), np.nan)
    hidden = np.full((24, 7), np.nan)
    text = np.full((24, 7), "", dtype=object)
    for (hour, weekday), row in grid.iterrows():
        if not pd.isna(row["value"]):
            z[hour, weekday] = float(row["value"])
        else:
            hidden[hour, weekday], text[hour, weekday] = 1.0, row["display"]
    hours = [f"{h:02d}:00" for h in range(24)]
    figure = go.Figure(go.Heatmap(
        z=z, x=list(WEEKDAYS), y=hours, colorscale="Viridis", zmin=0, zmax=max(1.0, np.nanmax(z, initial=0)),
        xgap=1, ygap=1, hoverongaps=False,
        colorbar={"title": {"text": label, "side": "right"}, "thickness": 12},
        hovertemplate="%{x} %{y}: %{z:,}<extra></extra>",
    ))
    # Suppressed cells: a separate grey layer that carries no count, only its "<5" or "hidden", in
    # a size that fits a cell on a phone and with two heatmaps side by side at 1366 px (plotly's own
    # size ran "hidden" into the next cells where a layer held few of them).
    figure.add_heatmap(z=hidden, x=list(WEEKDAYS), y=hours, text=text, texttemplate="%{text}",
                       textfont={"size": LABEL_SIZE},
                       colorscale=[[0, SUPPRESSED_GREY], [1, SUPPRESSED_GREY]], showscale=False, xgap=1, ygap=1,
                       hoverongaps=False, hovertemplate="%{x} %{y}: %{text}<extra></extra>")
    if outline_after_school:
        figure.add_shape(type="rect", x0=-0.5, x1=4.5, y0=14.5, y1=17.5, line={"color": BLACK, "width": 4},
                         fillcolor="rgba(0,0,0,0)")
        figure.add_shape(type="rect", x0=-0.5, x1=4.5, y0=14.5, y1=17.5, line={"color": "white", "width": 1.5,
                         "dash": "dot"}, fillcolor="rgba(0,0,0,0)")
        figure.add_annotation(x=2, y=14.5, yshift=4, text="after school", showarrow=False, yanchor="bottom",
                              font={"size": FONT_SIZE - 3, "color": "white"}, bgcolor=BLACK)
    figure.update_layout(
        font={"size": FONT_SIZE}, plot_bgcolor="white", height=620,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        xaxis={"side": "top", "fixedrange": True, "type": "category", "categoryarray": list(WEEKDAYS)},
        yaxis={"autorange": "reversed", "fixedrange": True, "type": "category", "categoryarray": hours,
               "tickfont": {"size": FONT_SIZE - 4}},
    )
    return figure
