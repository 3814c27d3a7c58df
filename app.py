"""The Tower Hamlets VVE dashboard: navigation and what every page shares."""

from __future__ import annotations

import streamlit as st

from strategy import STRATEGY_TITLE
from ui.filters import sidebar_filters

st.set_page_config(page_title="Tower Hamlets VVE dashboard", page_icon="\U0001F6E1", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/priority_1.py", title="1. Prevention and early intervention", icon=":material/child_care:",
            url_path="prevention"),
    st.Page("views/priority_2.py", title="2. Protection and support", icon=":material/map:",
            url_path="protection"),
    st.Page("views/priority_3.py", title="3. Disrupting and pursuing", icon=":material/gavel:",
            url_path="disrupting"),
    st.Page("views/data_and_definitions.py", title="Data and definitions", icon=":material/menu_book:"),
]

navigation = st.navigation(PAGES)
st.sidebar.caption(STRATEGY_TITLE)
sidebar_filters()
navigation.run()
