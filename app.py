"""The Tower Hamlets VVE dashboard: navigation, the access gate, and what every page shares.

Pages live in views/, not pages/: a pages/ folder would let Streamlit serve a page by its
own URL without this file, and so without the gate and the shared filters.
"""

from __future__ import annotations

import streamlit as st

from access import Role
from strategy import STRATEGY_TITLE
from ui import access, data
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
    st.Page("views/equality_monitoring.py", title="Equality monitoring", icon=":material/diversity_3:",
            url_path="equality"),
    st.Page("views/data_and_definitions.py", title="Data and definitions", icon=":material/menu_book:"),
]
ADMIN_PAGES = [
    st.Page("views/data_upload.py", title="Load data", icon=":material/upload_file:"),
    st.Page("views/audit_log.py", title="Audit log", icon=":material/policy:"),
]

try:
    url, stamp = data.current()
    private = data.private_loaded(url, stamp)
except data.NoDatabase:
    private = False  # each page says there is no data yet
decision = access.check_gate(private_data_loaded=private)
if not decision.open:
    st.title("Tower Hamlets VVE dashboard")
    if decision.needs_login:
        st.info(decision.message)
        st.button("Log in", on_click=st.login, icon=":material/login:")
    else:
        st.error(decision.message)
    st.stop()

role = access.current_role()
navigation = st.navigation(PAGES + (ADMIN_PAGES if role >= Role.ADMIN else []))
st.sidebar.caption(STRATEGY_TITLE)
email, _ = access.current_user()
if email:
    st.sidebar.caption(f"Logged in as {email} ({role.label}).")
    st.sidebar.button("Log out", on_click=st.logout)
elif access.auth_configured():
    # Public data needs no login, but analysts and admins log in to see more.
    st.sidebar.button("Log in", on_click=st.login, icon=":material/login:")
sidebar_filters()
navigation.run()
# Then, in the background, the pages' latest reads under data a load has just changed (ui.warm).
data.warm_in_background()
