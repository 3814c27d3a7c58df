"""The scorecard's figures, read as the priority pages read them (``metrics.scorecard``)."""

from __future__ import annotations

from metrics.after_school import window_share_by_year
from metrics.disclosure import complete_grid
from metrics.scorecard import Incidents, Item, incident_item, items_of, not_counted_item, outcome_item
from metrics.trends import complete_financial_years
from strategy import OUTCOME_MEASURES, PRIORITIES, OutcomeMeasure
from ui import data


def scorecard(page) -> list[Item]:
    """Every priority's items under the page's filters, each as safe to show as on its own page."""
    values = data.indicator_values(page.url, page.stamp, tuple(m.measure for m in OUTCOME_MEASURES), page.filters)
    items = []
    for priority in PRIORITIES:
        for text, answer in items_of(priority):
            if isinstance(answer, OutcomeMeasure):
                part = values[values["measure"] == answer.measure]
                counts = part.assign(value=part["value"].round().astype(int))
                shown = data.safe(complete_grid(counts, {"period_label": list(counts["period_label"])}),
                                  ("period_label",))
                items.append(outcome_item(priority, text, answer, shown))
            elif isinstance(answer, Incidents):
                items.append(incident_item(priority, text, answer, _by_year(page, answer)))
            else:
                items.append(not_counted_item(priority, text, answer))
    return items


def _by_year(page, spec: Incidents):
    counts = complete_financial_years(
        data.count_by(page.url, page.stamp, spec.measure, "financial_year", page.filters, spec.scopes),
        data_to=page.latest_day)
    return data.safe(complete_grid(counts, {"financial_year": list(counts["financial_year"])}), ("financial_year",))


def after_school_shares(page, measure: str, scopes: tuple[str, ...] = ()):
    """The share of harm to 10-16-year-olds in the after-school window each financial year
    (``metrics.after_school.window_share_by_year``), as Priority 1 shows it."""
    years = data.count_by(page.url, page.stamp, measure, "year_youth_window", page.filters, scopes)
    children = years[years["youth_group"] == "10-16"]
    shown = data.safe(complete_grid(children, {"financial_year": sorted(set(years["financial_year"])),
                                               "after_school": [False, True]}), ("financial_year", "after_school"))
    return window_share_by_year(shown)
