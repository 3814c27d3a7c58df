"""Data and definitions: the strategy's words, and where every number comes from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.published import published_figures
from config import SHIPPED_DATA_DIR
from strategy import DEFINITIONS, PRIORITIES, STRATEGY_TITLE
from ui import data
from ui.components import download, page_start

page = page_start("Data and definitions", "The strategy's own words, and where every number comes from.")
url, stamp = page.url, page.stamp

st.header("Definitions")
st.caption(f"In the words of the {STRATEGY_TITLE}.")
for term, text in DEFINITIONS.items():
    st.markdown(f"**{term}.** {text}")

st.header("The strategy's priorities")
for number, (title, outcome) in PRIORITIES.items():
    st.markdown(f"**Priority {number}: {title}.** Outcome: *{outcome}*")

st.header("Loaded sources")
sources = data.sources(url, stamp)
shown = pd.DataFrame({
    "Source": sources["name"],
    "Real or synthetic": sources["is_synthetic"].map({True: "Synthetic", False: "Real"}),
    "Private to the partnership": sources["is_private"].map({True: "Private", False: "Public"}),
    "File or command": sources["file_name"],
    "Covers": sources["data_from"].astype(str) + " to " + sources["data_to"].astype(str),
    "Rows read": sources["rows_read"],
    "Loaded": sources["rows_loaded"],
    "Duplicates": sources["rows_duplicate"],
    "Rejected": sources["rows_rejected"],
    "Replaced earlier rows": sources["rows_replaced"].fillna(0).astype(int),
    "Loaded at (UTC)": sources["loaded_at"],
    "SHA-256": sources["sha256"],
    "Note": sources["note"],
})
st.dataframe(shown, hide_index=True, width="stretch")
download("Download the sources list (CSV)", shown.to_csv(index=False).encode("utf-8"), file_name="sources.csv",
         page="Data and definitions")

st.header("Figures published in the strategy")
st.caption("Shipped with the dashboard in data/published_figures.csv, each with the source the "
           "strategy cites. Shown beside the data wherever the same measure appears.")
figures = published_figures()
st.dataframe(figures, hide_index=True, width="stretch")
download("Download the published figures (CSV)", figures.to_csv(index=False).encode("utf-8"),
         file_name="published_figures.csv", page="Data and definitions")

st.header("School term dates")
terms = pd.read_csv(SHIPPED_DATA_DIR / "term_dates.csv")
st.markdown(f"Term time and school holidays come from data/term_dates.csv. Its source: "
            f"*{terms['source'].iloc[0]}*")
with st.expander("Show the term dates"):
    st.dataframe(terms[["term_start", "term_end", "term"]], hide_index=True, width="stretch")

if page.is_synthetic:
    st.header("How the synthetic data is made")
    st.markdown(
        "The demonstration data comes from `python -m loaders demo` (a seeded generator). Its "
        "headline series match the strategy's published figures exactly for 2017-18 to 2019-20; "
        "later years are invented, with a dip in 2020-21. Ages 10\u201316 peak on term-time "
        "weekdays between 15:00 and 18:00, older victims in the evening and at weekends. About 3 "
        "in 10 street knife-crime victims are aged 19\u201325, as the strategy reports. Victim "
        "sex and ethnicity proportions are assumptions for the demonstration, documented with "
        "their basis in `loaders/demo_profiles.py`; the synthetic population meets the "
        "strategy's 10\u201324 population figures for 2020 and 2024. Areas are \u201cDemo "
        "zones\u201d and schools \u201cDemo schools\u201d: no real place is named."
    )
