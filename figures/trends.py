"""Trend charts by financial year, with the strategy's published figures beside the data."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.palette import BLACK, FONT_SIZE, SERIES


def _labels(frame: pd.DataFrame) -> list[str]:
    """Bar labels: the shown count, blank where there is none (no data, or a suppressed count,
    which ``_withheld`` labels instead: a bar's label and its own would overlap)."""
    if "display" in frame:
        return [d if isinstance(d, str) and not withheld else ""
                for d, withheld in zip(frame["display"], _withheld(frame))]
    return ["" if pd.isna(v) else f"{int(v):,}" for v in frame["value"]]


def _withheld(frame: pd.DataFrame) -> pd.Series:
    """Rows whose count reads as words ("<5", "hidden") rather than a number."""
    if "display" not in frame:
        return pd.Series(False, index=frame.index)

    def words(shown) -> bool:
        text = shown.replace(",", "") if isinstance(shown, str) else ""
        return text != "" and not text.isdigit()

    return pd.Series([words(d) for d in frame["display"]], index=frame.index, dtype=bool)


def financial_year_trend(series: dict[str, pd.DataFrame], *, data_label: str, y_title: str) -> go.Figure:
    """Bars of each series' ``value`` by ``financial_year``; the ``published`` figures as markers.

    ``series`` maps a series name to the frame from ``metrics.trends.with_published``.
    """
    figure = go.Figure()
    for colour, (name, frame) in zip(SERIES, series.items()):
        figure.add_bar(
            x=frame["financial_year"], y=frame["value"], name=f"{name} ({data_label})",
            marker_color=colour, text=_labels(frame), textposition="outside", offsetgroup=name,
            hovertemplate="%{x}: %{y:,}<extra>" + name + "</extra>",
        )
        hidden = frame[_withheld(frame)]
        if not hidden.empty:  # no bar for a suppressed count, only its label, upright to fit a phone
            figure.add_bar(
                x=hidden["financial_year"], y=[0] * len(hidden), text=hidden["display"], textposition="outside",
                textangle=-90, textfont={"color": colour}, constraintext="none", marker_color=colour, offsetgroup=name,
                showlegend=False, hoverinfo="skip", cliponaxis=False,
            )
        published = frame.dropna(subset=["published"]) if "published" in frame else frame.iloc[:0]
        if not published.empty:
            figure.add_scatter(
                x=published["financial_year"], y=published["published"], mode="markers",
                name=f"{name} (published in the strategy)", offsetgroup=name,
                marker={"symbol": "diamond", "size": 14, "color": colour,
                        "line": {"color": BLACK, "width": 2}},
                hovertemplate="%{x}: %{y:,} published<extra>" + name + "</extra>",
            )
    figure.update_layout(
        barmode="group",
        scattermode="group",
        font={"size": FONT_SIZE},
        yaxis={"title": y_title, "rangemode": "tozero"},
        xaxis={"title": "Financial year (April to March)", "type": "category"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.25},
        margin={"t": 20, "b": 10, "l": 10, "r": 10},
        height=460,
    )
    return figure
