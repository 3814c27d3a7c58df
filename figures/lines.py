"""Line and bar builders for counts and shares over time or by category, each drawing a
suppressed count as no bar or no point, with its "<5" label."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.palette import BLACK, BLUE, FONT_SIZE, SERIES
from metrics.places import per_year_text

# A chart of lines labels each hidden point ("<5", "hidden") where it has up to this many,
# none two at one place; more (84 months; two places' lines hidden in each of seven years,
# which ran into one another on a phone) tick the axis instead.
LABELLED_HIDDEN = 4
_LAYOUT = {"font": {"size": FONT_SIZE}, "margin": {"t": 30, "b": 10, "l": 10, "r": 10},
           "legend": {"orientation": "h", "yanchor": "top", "y": -0.2}}


def line_trend(frame: pd.DataFrame, *, x: str, y: str, y_title: str, series: str | None = None,
               x_title: str = "", direction: str | None = None, height: int = 400) -> go.Figure:
    """One line per ``series`` value (or one line) of ``y`` against ``x``; NA is a gap.

    ``direction``: the words saying which way the strategy wants it to go, shown on the chart.
    """
    figure, ticked = go.Figure(), False
    groups = frame.groupby(series, sort=False) if series else [(None, frame)]
    every_hidden = frame[frame["suppressed"].astype(bool)] if "suppressed" in frame else frame.iloc[:0]
    labelled = len(every_hidden) <= LABELLED_HIDDEN and not every_hidden[x].duplicated().any()
    symbols = ("circle", "square", "diamond", "triangle-up", "x", "star")
    for i, (name, part) in enumerate(groups):
        figure.add_scatter(
            x=part[x].astype(str), y=part[y].astype(float), mode="lines+markers", name=str(name),
            line={"color": SERIES[i % len(SERIES)], "width": 3},
            marker={"symbol": symbols[i % len(symbols)], "size": 8}, showlegend=series is not None,
            hovertemplate="%{x}: %{y:,}<extra>" + (str(name) if name is not None else "") + "</extra>",
        )
        if "suppressed" in part and part["suppressed"].any():  # a gap in the line, labelled "<5"
            hidden = part[part["suppressed"].astype(bool)]
            if labelled:
                figure.add_scatter(x=hidden[x].astype(str), y=[0] * len(hidden), mode="text", text=hidden["display"],
                                   textposition="top center", showlegend=False, hoverinfo="skip",
                                   textfont={"color": SERIES[i % len(SERIES)]})
            else:  # labels would overlap: a tick on the axis each, its text on hover and in the table
                figure.add_scatter(x=hidden[x].astype(str), y=[0] * len(hidden), mode="markers", text=hidden["display"],
                                   marker={"symbol": "line-ns-open", "size": 12, "color": SERIES[i % len(SERIES)]},
                                   showlegend=False, hovertemplate="%{x}: %{text}<extra></extra>")
                ticked = True
    if direction:
        figure.add_annotation(xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom", xanchor="left",
                              text=f"<b>{direction}</b>", showarrow=False, font={"color": BLACK})
    if ticked:  # under the axis: above the plot, a legend of several lines would run into it on a phone
        x_title = "<br>".join(t for t in (x_title, "| on the axis: \"<5\" or hidden (see the table)") if t)
    layout = dict(_LAYOUT)
    if series:  # legend above the plot: below it, it collides with rotated ticks on a phone
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
        layout["margin"] = {**_LAYOUT["margin"], "t": 60}
    figure.update_layout(**layout, height=height, yaxis={"title": y_title, "rangemode": "tozero"},
                         xaxis={"title": x_title, "type": "category", "automargin": True})
    return figure


def category_bars(shown: pd.DataFrame, *, category: str, x_title: str, colour: str = BLUE,
                  height: int | None = None) -> go.Figure:
    """Horizontal bars of ``value`` by ``category`` (largest at the top); a suppressed
    count has no bar and reads "<5". Labels sit outside each bar."""
    frame = shown.assign(_sort=shown["value"].astype(float).fillna(0)).sort_values("_sort")
    figure = go.Figure(go.Bar(
        y=frame[category].astype(str), x=frame["value"].astype(float), orientation="h", marker_color=colour,
        name=x_title, text=frame["display"], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    hidden = frame[frame["suppressed"]]
    if not hidden.empty:
        figure.add_scatter(y=hidden[category].astype(str), x=[0] * len(hidden), mode="text", text=hidden["display"],
                           textposition="middle right", showlegend=False, hoverinfo="skip")
    top = float(frame["value"].astype(float).max()) if frame["value"].notna().any() else 1.0
    figure.update_layout(**_LAYOUT, height=height or max(260, 48 * len(frame) + 60), showlegend=False,
                         # room on the right for the longest bar's label
                         xaxis={"title": x_title, "range": [0, top * 1.3], "automargin": True},
                         yaxis={"automargin": True, "type": "category"})
    return figure


def band_bars(profile: pd.DataFrame, *, x_title: str, y_title: str, colour: str = BLUE,
              adult_colour: str | None = None, birthday: bool = False, height: int = 440) -> go.Figure:
    """Victims per year of age as bars over each band's years of age (``metrics.places.age_profile``),
    so that a band of one year and one of four compare: a hidden count has no bar, only its
    label. Bands from 18 take ``adult_colour`` when given; ``birthday`` draws the 18th birthday."""
    left = profile["youngest"].astype(float)
    middle = left + profile["years"] / 2
    colours = [adult_colour if adult_colour and y >= 18 else colour for y in profile["youngest"]]
    labels = [d if s else per_year_text(p) for d, s, p in zip(profile["display"], profile["suppressed"], profile["per_year"])]
    figure = go.Figure(go.Bar(
        x=middle, y=profile["per_year"].astype(float), width=profile["years"].astype(float), marker_color=colours,
        marker_line={"color": "white", "width": 1}, text=labels, textposition="outside", cliponaxis=False,
        customdata=list(zip(profile["ages"], profile["display"])), offsetgroup="counts",
        hovertemplate="Ages %{customdata[0]}: %{customdata[1]} victims, %{y:,.1f} a year of age<extra></extra>",
    ))
    hidden = profile[profile["suppressed"]]
    if not hidden.empty:  # no bar, only its label, upright
        figure.add_bar(x=middle[profile["suppressed"]], y=[0] * len(hidden), width=hidden["years"].astype(float),
                       text=hidden["display"], textposition="outside", textangle=-90, constraintext="none",
                       cliponaxis=False, offsetgroup="counts", showlegend=False, hoverinfo="skip",
                       marker_color=[c for c, h in zip(colours, profile["suppressed"]) if h])
    if birthday:
        figure.add_vline(x=18, line={"color": BLACK, "width": 2, "dash": "dash"})
        figure.add_annotation(x=18, y=1.02, yref="paper", yanchor="bottom", text="<b>18th birthday</b>",
                              showarrow=False, font={"color": BLACK})
    edges = sorted({*left.astype(int), *(left + profile["years"]).astype(int)})
    figure.update_layout(**{**_LAYOUT, "margin": {"t": 50, "b": 10, "l": 10, "r": 10}}, height=height, showlegend=False,
                         uniformtext={"minsize": 11, "mode": "hide"}, bargap=0,
                         yaxis={"title": y_title, "rangemode": "tozero"},
                         xaxis={"title": x_title, "tickvals": edges, "range": [edges[0], edges[-1]] if edges else None})
    return figure
