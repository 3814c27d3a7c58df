"""The session's user, role and gate, read from Streamlit's OpenID Connect login."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import config
from access import Gate, Role, gate, load_role_map, suppression_threshold
from storage import audit


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all: Streamlit raises its own not-found error
        return False


def current_user() -> tuple[str | None, list[str]]:
    """The logged-in user's e-mail and groups, or (None, []) for an anonymous session."""
    if not auth_configured() or not st.user.get("is_logged_in", False):
        return None, []
    groups = st.user.get("groups") or []
    return st.user.get("email"), list(groups) if isinstance(groups, (list, tuple)) else [str(groups)]


def current_role() -> Role:
    email, groups = current_user()
    if email is None:
        return anonymous_role()
    return load_role_map(Path(config.setting("VVE_ROLES_FILE"))).role_for(email=email, groups=groups)


def anonymous_role() -> Role:
    """The role of a session without a login (viewer unless the operator says otherwise)."""
    name = config.setting("VVE_ANONYMOUS_ROLE").strip().upper()
    return Role[name] if name in Role.__members__ else Role.VIEWER


def threshold() -> int:
    """The suppression threshold for this session's reads: enforced here, not by hiding widgets."""
    return suppression_threshold(current_role(), config.suppress_below())


def check_gate(*, private_data_loaded: bool) -> Gate:
    email, _ = current_user()
    return gate(private_data_loaded=private_data_loaded, auth_configured=auth_configured(),
                logged_in=email is not None, allow_anonymous=config.allow_anonymous())


def record(action: str, *, page: str, filters: dict | None = None, detail: str = "") -> None:
    """Write one audit entry for this session. ``filters`` defaults to the page's address: the
    sidebar's filters and the page's own choices, as a link to the same view carries them."""
    email, _ = current_user()
    if filters is None:
        filters = {key: st.query_params.get_all(key) for key in st.query_params}
    audit.record(config.audit_database_url(), user=email or "anonymous", role=current_role().label,
                 action=action, page=page, filters=filters, detail=detail)
