"""Each priority's "How will we know we are making a difference?" list, as a board member
reads it: every item in the strategy's words, what the dashboard counts for it (or where its
evidence lies instead), the direction the strategy wants, the latest figure and a plain
verdict: improving, getting worse, no significant change, not enough data.

Built from counts already made safe to show (``metrics.disclosure.suppress``): an item whose
latest or baseline count is hidden gets no verdict, as on the Overview.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.outcomes import by_financial_year, outcome_change
from metrics.trends import latest_shown, no_verdict, shown_change, shown_display
from strategy import HOW_WILL_WE_KNOW, OUTCOME_MEASURES, OutcomeMeasure

BASELINE = "2019-20"
NOT_MEASURED = "not measured here"
NO_VERDICT = "no verdict"
NOT_ENOUGH = "not enough data"
CASE_REVIEWS = "Case reviews: evidence the partnership holds, not counted by this dashboard."
FEEDBACK = "Young people's feedback: evidence the partnership holds, not counted by this dashboard."


@dataclass(frozen=True)
class Incidents:
    """An item the dashboard answers with a count of incidents or victims each financial year
    (``measure`` in ``scopes``), against the strategy's baseline; lower is better."""

    measure: str
    scopes: tuple[str, ...]
    counted: str


# The items counted from incidents, and why the others are not counted here.
INCIDENT_ITEMS: dict[str, Incidents] = {
    HOW_WILL_WE_KNOW[2][3]: Incidents(
        "violent_incidents", ("near_school", "after_school_window"),
        "Violent incidents near a school, Monday to Friday 15:00\u201318:00 (Priority 2's key locations "
        "at key times)."),
    HOW_WILL_WE_KNOW[3][0]: Incidents(
        "knife_injury_victims_1_24", (), "Knife crime injury victims aged 1\u201324."),
}
NOT_COUNTED: dict[str, str] = {
    HOW_WILL_WE_KNOW[1][1]: CASE_REVIEWS,
    HOW_WILL_WE_KNOW[1][2]: "No count of children and young people in at-risk groups is loaded.",
    HOW_WILL_WE_KNOW[2][0]: CASE_REVIEWS,
    HOW_WILL_WE_KNOW[2][1]: CASE_REVIEWS,
    HOW_WILL_WE_KNOW[2][2]: FEEDBACK,
    HOW_WILL_WE_KNOW[3][3]: FEEDBACK,
}


@dataclass(frozen=True)
class Item:
    """One line of the scorecard. ``years``: each financial year's figure as it reads."""

    priority: int
    strategy_text: str
    counted: str
    wants: str
    latest: str
    verdict: str
    sentence: str
    years: tuple[tuple[str, str], ...] = ()


def outcome_for(text: str) -> OutcomeMeasure | None:
    """The outcome measure the partnership records for a "How will we know" item, if any."""
    return next((m for m in OUTCOME_MEASURES if m.strategy_text.strip() == text.strip()), None)


def items_of(priority: int) -> list[tuple[str, OutcomeMeasure | Incidents | str]]:
    """Priority ``priority``'s items in the strategy's order, each with what answers it: an
    outcome measure, a count of incidents, or the sentence saying why nothing here does; then
    the priority's outcome measures that come from elsewhere in the strategy (exclusions)."""
    listed = HOW_WILL_WE_KNOW[priority]
    answers = [(text, outcome_for(text) or INCIDENT_ITEMS.get(text) or NOT_COUNTED[text]) for text in listed]
    elsewhere = [(m.strategy_text.strip(), m) for m in OUTCOME_MEASURES
                 if m.priority == priority and m.strategy_text.strip() not in {t.strip() for t in listed}]
    return answers + elsewhere


def incident_item(priority: int, text: str, spec: Incidents, shown_by_year: pd.DataFrame) -> Item:
    """An item counted from incidents: ``shown_by_year`` (financial_year, value, display,
    suppressed) as the page shows it; the latest year against the baseline."""
    change = shown_change(shown_by_year, baseline=BASELINE, higher_is_better=False)
    latest = latest_shown(shown_by_year)
    years = tuple((year, shown_display(shown_by_year, year)) for year in shown_by_year["financial_year"])
    return Item(
        priority, text, spec.counted, "a reduction",
        "" if latest is None else f"{latest[1]} in {latest[0]}",
        change.verdict if change else NO_VERDICT,
        f"{change.sentence()} {change.certainty()}" if change else no_verdict(shown_by_year, baseline=BASELINE),
        years,
    )


def outcome_item(priority: int, text: str, measure: OutcomeMeasure, shown_quarters: pd.DataFrame) -> Item:
    """An item the partnership records each quarter: ``shown_quarters`` (period_label, value,
    display) as the page shows them; the latest whole financial year against the first."""
    wants = "an increase" if measure.higher_is_better else "a reduction"
    counted = f"Outcome-measure values: {measure.unit}."
    if shown_quarters.empty:
        return Item(priority, text, counted, wants, "", NOT_ENOUGH, "No values recorded yet.")
    whole = by_financial_year(shown_quarters)
    years = tuple((year, f"{value:,}") for year, value in zip(whole["financial_year"], whole["value"]))
    change = outcome_change(shown_quarters, higher_is_better=measure.higher_is_better)
    latest = "" if whole.empty else f"{whole['value'].iloc[-1]:,} in {whole['financial_year'].iloc[-1]}"
    if change is None:
        return Item(priority, text, counted, wants, latest, NOT_ENOUGH,
                    f"{'Only one whole financial year' if len(whole) == 1 else 'No whole financial year'} can be "
                    "shown (a year whose quarters are not all shown has no total here): nothing to compare.", years)
    return Item(priority, text, counted, wants, latest, change.verdict, f"{change.sentence()} {change.certainty()}",
                years)


def not_counted_item(priority: int, text: str, why: str) -> Item:
    return Item(priority, text, why, "", "", NOT_MEASURED, why)


def as_table(items: list[Item]) -> pd.DataFrame:
    """The scorecard as the Overview shows it and its CSV holds it."""
    return pd.DataFrame({
        "priority": [i.priority for i in items],
        "the_strategy_s_measure": [i.strategy_text for i in items],
        "what_is_counted": [i.counted for i in items],
        "the_strategy_wants": [i.wants for i in items],
        "latest": [i.latest for i in items],
        "verdict": [i.verdict for i in items],
        "why": [i.sentence for i in items],
    })
