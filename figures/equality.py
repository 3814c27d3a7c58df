"""Rates with intervals by group, and a ratio's trend: for equality monitoring."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.palette import BLUE, FONT_SIZE, GREY, ORANGE


def rates_with_intervals(table: pd.DataFrame, *, x_title: str, reference: str | None = None) -> go.Figure:
    """One dot per group at its rate, with its 95% interval; hidden groups labelled, not drawn."""
    shown = table.dropna(subset=["rate"])
    hidden = table[table["rate"].isna()]
    figure = go.Figure()
    figure.add_scatter(
        x=shown["rate"], y=shown["group"], mode="markers",
        marker={"size": 14, "color": [ORANGE if g == reference else BLUE for g in shown["group"]],
                "symbol": ["diamond" if g == reference else "circle" for g in shown["group"]]},
        error_x={"type": "data", "symmetric": False, "array": shown["rate_upper"] - shown["rate"],
                 "arrayminus": shown["rate"] - shown["rate_lower"], "thickness": 2, "width": 6},
        hovertemplate="%{y}: %{x:.2f} per 1,000<extra></extra>", name="Rate per 1,000 (95% CI)",
    )
    for _, row in hidden.iterrows():
        figure.add_annotation(x=0, y=row["group"], text=f"not shown: {why_not_shown(row)}", showarrow=False,
                              xanchor="left", font={"color": GREY, "size": FONT_SIZE - 2})
    figure.update_layout(
        font={"size": FONT_SIZE}, height=110 + 48 * len(table), showlegend=False,
        xaxis={"title": x_title, "rangemode": "tozero"},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": list(table["group"])[::-1]},
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
    )
    return figure


def why_not_shown(row: pd.Series) -> str:
    """Why a group's rate is not drawn, in the words its table uses: its count reads "hidden"
    or "<5", or it has no population to divide by."""
    display = str(row.get("display", ""))
    if display == "hidden" or display.startswith("<"):
        return f"the count reads \u201c{display}\u201d"
    return "no population figure" if not row.get("population") else "no rate"


def ratio_trend(table: pd.DataFrame, *, y_title: str) -> go.Figure:
    """The ratio by financial year with its interval as a band; a line at 1 (equal rates)."""
    shown = table.dropna(subset=["ratio"])
    figure = go.Figure()
    figure.add_scatter(x=list(shown["financial_year"]) + list(shown["financial_year"])[::-1],
                       y=list(shown["ratio_upper"]) + list(shown["ratio_lower"])[::-1], fill="toself",
                       fillcolor="rgba(0,114,178,0.18)", line={"width": 0}, mode="lines", hoverinfo="skip",
                       name="95% CI")
    figure.add_scatter(x=shown["financial_year"], y=shown["ratio"], mode="lines+markers+text",
                       text=[f"{r:.1f}" for r in shown["ratio"]], textposition="top center",
                       line={"color": BLUE, "width": 3}, name="Ratio")
    figure.add_hline(y=1, line_dash="dash", line_color=GREY, annotation_text="equal rates")
    figure.update_layout(font={"size": FONT_SIZE}, height=380, showlegend=False,
                         xaxis={"title": "Financial year", "type": "category"},
                         yaxis={"title": y_title, "rangemode": "tozero"}, margin={"t": 10, "b": 10, "l": 10, "r": 10})
    return figure
