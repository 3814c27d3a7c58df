"""The outcome measures the partnership records, each as a trend marked with the
direction the strategy wants: shared by the Priority 1 and Priority 3 pages."""

from __future__ import annotations

import streamlit as st

from figures.lines import line_trend
from metrics.disclosure import complete_grid
from metrics.outcomes import direction_words, outcome_change
from strategy import OUTCOME_MEASURES
from ui import data
from ui.components import chart_block

TITLES = {
    "screening_tool_uses": "Is the exploitation screening tool used more to identify children at early risk?",
    "children_identified_early_support": "Are more children identified as at risk and receiving early support?",
    "persistent_absence_unauthorised": "Are fewer young people persistently absent from school without authorisation?",
    "neet_16_17": "Are fewer young people not in education, employment or training?",
    "fixed_term_exclusions": "Are fewer children excluded from school?",
    "rescue_and_response_referrals": "Are more young people referred to Rescue and Response for intensive support?",
    "disruptions": "Is information sharing leading to more proactive disruption?",
    "exploitation_prosecutions": "Are more of those who exploit young people prosecuted?",
}


def outcome_trends(page, priority: int) -> None:
    """One chart per outcome measure of ``priority``, under the strategy's own words."""
    measures = [m for m in OUTCOME_MEASURES if m.priority == priority]
    values = data.indicator_values(page.url, page.stamp, tuple(m.measure for m in measures), page.filters)
    st.caption("Recorded for the whole borough each quarter: only the date filter applies to these measures.")
    for start in range(0, len(measures), 2):  # two a row on a projector; stacked on a phone
        for column, measure in zip(st.columns(2), measures[start:start + 2]):
            with column:
                _outcome_chart(page, measure, values[values["measure"] == measure.measure])


def _outcome_chart(page, measure, part) -> None:
    if part.empty:
        st.subheader(TITLES[measure.measure])
        st.info(f"No values recorded yet for \u201c{measure.strategy_text.rstrip('. ')}\u201d.")
        return
    counts = part.assign(value=part["value"].round().astype(int))
    shown = data.safe(complete_grid(counts, {"period_label": list(counts["period_label"])}), ("period_label",))
    change = outcome_change(shown, higher_is_better=measure.higher_is_better)
    verdict = f" Verdict: {change.verdict}." if change else ""
    sentence = (change.sentence() + verdict) if change else "Not enough whole years shown to compare."
    chart_block(
        line_trend(shown, x="period_label", y="value", y_title=measure.unit.capitalize(),
                   x_title="Quarter (financial year)", direction=direction_words(measure.higher_is_better)),
        question=TITLES[measure.measure],
        table=shown[["period_label", "display"]].rename(columns={"period_label": "quarter",
                                                                  "display": measure.unit}),
        sentence=sentence,
        source=f"outcome-measure values ({page.data_label}); the strategy's measure: "
               f"\u201c{measure.strategy_text.strip()}\u201d",
        as_of=page.as_of, key=f"outcome-{measure.measure}",
    )
