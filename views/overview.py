"""Overview: is the strategy working? Headline trends against the 2019-20 baseline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.board_pack import BoardPack, Headline, board_pack
from figures.trends import financial_year_trend
from loaders.published import published_figures
from metrics.after_school import share_change_sentence
from metrics.disclosure import HIDDEN, complete_grid
from metrics.filters import Filters
from metrics.measures import MEASURES
from metrics.scorecard import as_table
from metrics.trends import (complete_financial_years, latest_shown, no_verdict, shown_change, shown_display,
                            with_published)
from strategy import PRIORITIES, PRIORITY_3_MEASURES_NOTE
from ui import data
from ui.components import SYNTHETIC_NOTICE, chart_block, definition, download, page_start, protection_sentence
from ui.filters import describe
from ui.knife_series import continued_knife_series
from ui.scorecard import after_school_shares, scorecard

BASELINE = "2019-20"
HEADLINES = ("serious_youth_violence", "knife_injury_victims_1_24", "knife_injury_victims_1_24_not_da")
STRATEGY_TABLE = "Tower Hamlets VVE Strategy 2021-24, table 'Year (April to March)'"
CHILDREN = "10\u201316-year-olds"
# The verdict beside its item: on a phone the table scrolls sideways, and the first columns show.
CARD_COLUMNS = {"the_strategy_s_measure": "The strategy's measure", "verdict": "Verdict", "latest": "Latest",
                "the_strategy_wants": "The strategy wants", "what_is_counted": "What is counted"}

page = page_start("Is the strategy working?",
                  "Serious youth violence and knife crime injury victims aged 1\u201324, each financial "
                  f"year, against the strategy's {BASELINE} baseline.")
filters = page.filters
# The published figures are for the whole borough and every victim: beside filtered data they mislead.
published = published_figures() if filters == Filters() else published_figures().iloc[:0]
if filters != Filters():
    st.caption("The strategy's published figures are shown only without filters: they count the whole borough.")

by_year, changes, sentences = {}, {}, {}
for name in HEADLINES:
    counts = complete_financial_years(data.count_by(page.url, page.stamp, name, "financial_year", filters),
                                      data_to=page.latest_day)
    shown = data.safe(complete_grid(counts, {"financial_year": list(counts["financial_year"])}), ("financial_year",))
    by_year[name] = with_published(shown, published, measure=name)
    changes[name] = shown_change(by_year[name], baseline=BASELINE, higher_is_better=False)
    sentences[name] = changes[name].sentence() if changes[name] else no_verdict(by_year[name], baseline=BASELINE)


def _headline(name: str) -> Headline:
    """A headline as the pack prints it: as its card reads."""
    change, latest = changes[name], latest_shown(by_year[name])
    if change is not None:
        return Headline(f"{MEASURES[name].short_title}, {change.latest_label}", f"{change.latest:,}",
                        f"Verdict: {change.verdict}.", change.sentence(), change.certainty())
    label = MEASURES[name].title if latest is None else f"{MEASURES[name].short_title}, {latest[0]}"
    return Headline(label, "no data" if latest is None else latest[1], "", sentences[name], "")


for column, name in zip(st.columns(len(HEADLINES)), HEADLINES):
    change = changes[name]
    with column.container(border=True):
        if change is None:  # the latest year as it reads ("<5", "hidden" or its count), and why no verdict
            latest = latest_shown(by_year[name])
            if latest is None:
                st.metric(MEASURES[name].title, "no data")
            else:
                st.metric(f"{MEASURES[name].short_title}, {latest[0]}", latest[1], help=MEASURES[name].definition)
            st.caption(sentences[name])
            continue
        st.metric(
            f"{MEASURES[name].short_title}, {change.latest_label}", f"{change.latest:,}",
            delta=None if change.percent is None else f"{change.percent:+.0f}% on {BASELINE}",
            delta_color="off", help=MEASURES[name].definition,
        )
        st.markdown(f"**Verdict: {change.verdict}.** {change.sentence()}")
        st.caption(change.certainty())

# Filled once the scorecard below is read: the pack holds it.
pack_slot = st.container()

if filters.age_band and any((shown["display"] == HIDDEN).any() for shown in by_year.values()):
    # The rule of neighbouring filters hides the narrower of two age choices: say which to pick.
    st.info(f"Some years read \"hidden\" at ages {filters.age_band.replace('-', chr(8211))}. Each count is also "
            "compared with the same count at every wider age choice (1\u201324, the strategy's ages), and hidden "
            "where the difference could give 1 to 4 victims away: choose All ages in the sidebar's age band to "
            "see more of them.", icon=":material/visibility_off:")

definition("Serious violence affecting young people",
           label="What does \u201cserious youth violence\u201d mean here?")

st.header("How will we know we are making a difference?")
st.caption("Each priority's list, in the strategy's words: what the dashboard counts for each item, the direction "
           f"the strategy wants, and a verdict on the latest year against {BASELINE} (for the partnership's "
           "quarterly measures, the latest whole financial year against the first).")
items = scorecard(page)
card = as_table(items)
for priority, (title, _) in PRIORITIES.items():
    st.subheader(f"Priority {priority}: {title}")
    rows = card.loc[card["priority"] == priority, list(CARD_COLUMNS)]
    # "2023-24" kept on one line in a narrow column: a non-breaking hyphen, on screen only.
    rows["latest"] = rows["latest"].str.replace("-", "\u2011")
    st.table(rows.rename(columns=CARD_COLUMNS).set_index(CARD_COLUMNS["the_strategy_s_measure"]))
    with st.expander("How sure is each verdict? The figures compared"):
        for item in (i for i in items if i.priority == priority):
            st.markdown(f"- *{item.strategy_text.strip()}* **{item.verdict.capitalize()}.** {item.sentence}")
st.caption(f"Priority 3, the strategy's note: \u201c{PRIORITY_3_MEASURES_NOTE}\u201d")
shares = after_school_shares(page, "violent_incidents")
syv = by_year["serious_youth_violence"]
# Years with a count in the data, shown or hidden; the others hold only the strategy's figure.
counted = set(syv.loc[syv["value"].notna() | syv["suppressed"].fillna(False).astype(bool), "financial_year"])
pack = BoardPack(
    as_of=page.as_of, filters=describe(filters), protection=protection_sentence(data.threshold()),
    synthetic_notice=SYNTHETIC_NOTICE if page.is_synthetic else None,
    headlines=tuple(_headline(name) for name in HEADLINES),
    years=tuple((year, shown_display(syv, year) if year in counted else "", None if pd.isna(value) else int(value),
                 None if pd.isna(published) else int(published))
                for year, value, published in syv[["financial_year", "value", "published"]].itertuples(index=False)),
    items=tuple(items),
    after_school=(f"{share_change_sentence(shares, who=CHILDREN)} Violent incidents with a time of day, "
                  "Monday to Friday 15:00\u201318:00, as on Priority 1."),
)
download("Board pack (PDF)", lambda: board_pack(pack), file_name="vve-board-pack.pdf", page="overview",
         key="board-pack", mime="application/pdf", action="board-pack", where=pack_slot,
         icon=":material/picture_as_pdf:", type="primary",
         help="The headlines and a page per priority, with these filters, to print.")
download("Download the scorecard (CSV)", card.to_csv(index=False).encode("utf-8"), file_name="scorecard.csv",
         page="overview", key="download-scorecard")


def _table(frame):
    return frame[["financial_year", "display", "published"]].rename(
        columns={"display": "count_in_data", "published": "published_in_strategy"})


st.header("Year by year")
chart_block(
    financial_year_trend({"Serious youth violence": syv}, data_label=page.data_label,
                         y_title="Victims aged 1\u201324"),
    question="Is serious youth violence falling?",
    table=_table(syv),
    sentence=sentences["serious_youth_violence"],
    source=f"bars: {page.data_label}; diamonds: {STRATEGY_TABLE}.",
    as_of=page.as_of, key="serious-youth-violence-by-year",
)

knife_all, knife_not_da = by_year["knife_injury_victims_1_24"], by_year["knife_injury_victims_1_24_not_da"]
chart_block(
    financial_year_trend(
        {"Knife crime injury victims 1\u201324": knife_all, "Not domestic abuse": knife_not_da},
        data_label=page.data_label, y_title="Victims aged 1\u201324",
    ),
    question="Are knife crime injuries to young people falling?",
    table=_table(knife_all).merge(_table(knife_not_da), on="financial_year",
                                  suffixes=("_all", "_not_domestic_abuse"), how="outer"),
    sentence=sentences["knife_injury_victims_1_24"],
    source=f"bars: {page.data_label}; diamonds: {STRATEGY_TABLE}.",
    as_of=page.as_of, key="knife-injury-victims-by-year",
)

continued_knife_series(page)
