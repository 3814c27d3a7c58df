"""The Tower Hamlets VVE dashboard: navigation and what every page shares."""

from __future__ import annotations

import streamlit as st

from strategy import STRATEGY_TITLE

st.set_page_config(page_title="Tower Hamlets VVE dashboard", page_icon=":material/shield:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/data_and_definitions.py", title="Data and definitions", icon=":material/menu_book:"),
    st.Page("pages/data_upload.py", title="Load data", icon=":material/upload_file:"),
]

navigation = st.navigation(PAGES)
st.sidebar.caption(STRATEGY_TITLE)
navigation.run()
