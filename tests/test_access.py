"""Roles, the private-data gate and the audit log."""

import pytest

from access import Role, RoleMapError, gate, load_role_map, suppression_threshold
from storage import audit


@pytest.fixture
def role_file(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[emails]\n"Ana@Example.org" = "analyst"\n"boss@example.org" = "admin"\n'
                    '[groups]\n"vve-analysts" = "analyst"\n')
    return path


@pytest.mark.parametrize("email, groups, role", [
    ("ana@example.org", [], Role.ANALYST),          # addresses match whatever their case
    ("boss@example.org", ["vve-analysts"], Role.ADMIN),  # the highest grant wins
    ("someone@example.org", ["vve-analysts"], Role.ANALYST),
    ("someone@example.org", ["other"], Role.VIEWER),
    (None, [], Role.VIEWER),
])
def test_role_for(role_file, email, groups, role):
    assert load_role_map(role_file).role_for(email=email, groups=groups) == role


def test_missing_role_file_makes_everyone_a_viewer(tmp_path):
    assert load_role_map(tmp_path / "none.toml").role_for(email="boss@example.org") == Role.VIEWER


def test_unknown_role_is_a_clear_error(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[emails]\n"a@b.org" = "superuser"\n')
    with pytest.raises(RoleMapError, match="superuser.*not one of viewer, analyst, admin"):
        load_role_map(path)


@pytest.mark.parametrize("private, auth, logged_in, anonymous, open_, login", [
    (False, False, False, False, True, False),   # synthetic or public data: no login needed
    (True, False, False, False, False, False),   # private data, no login configured: refuse
    (True, False, False, True, True, False),     # ... unless a public-only deployment says so
    (True, True, False, False, False, True),     # private data, login configured: log in first
    (True, True, True, False, True, False),
])
def test_gate(private, auth, logged_in, anonymous, open_, login):
    decision = gate(private_data_loaded=private, auth_configured=auth, logged_in=logged_in,
                    allow_anonymous=anonymous)
    assert (decision.open, decision.needs_login) == (open_, login)
    if not open_ and not login:
        assert "no login is configured" in decision.message


def test_only_viewers_are_suppressed():
    assert suppression_threshold(Role.VIEWER, 5) == 5
    assert suppression_threshold(Role.ANALYST, 5) == 1
    assert suppression_threshold(Role.ADMIN, 10) == 1


def test_audit_log_records_and_reads_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    audit.record(url, user="ana@example.org", role="analyst", action="download", page="Overview",
                 filters={"sex": "Female"}, detail="serious-youth-violence-by-year.csv")
    audit.record(url, user="anonymous", role="viewer", action="board-pack", page="Overview", filters={})
    log = audit.entries(url)
    assert log["action"].tolist() == ["board-pack", "download"]
    assert log["filters"].iloc[1] == '{"sex": "Female"}'
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(url, user="x", role="viewer", action="peek", page="p", filters={})


@pytest.fixture
def private_db(demo_url, tmp_path):
    """The demo plus one source marked private to the partnership."""
    import shutil

    from storage import schema
    from storage.engine import duckdb_file, replacing_database

    path = tmp_path / "private.duckdb"
    shutil.copyfile(duckdb_file(demo_url), path)
    url = f"duckdb:///{path}"
    with replacing_database(url, start_empty=False) as conn:
        conn.execute(schema.sources.insert().values(
            source_id=99, name="indicators", is_synthetic=False, is_private=True, file_name="values.csv",
            sha256="0", rows_read=1, rows_loaded=1, rows_duplicate=0, rows_rejected=0,
            loaded_at="2024-05-01 00:00:00"))
    return url


def _app(url, monkeypatch):
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    monkeypatch.setenv("VVE_DATABASE_URL", url)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_private_data_without_login_shows_nothing_and_says_why(private_db, monkeypatch):
    monkeypatch.delenv("VVE_ALLOW_ANONYMOUS", raising=False)
    at = _app(private_db, monkeypatch)
    assert "no login is configured" in at.error[0].value
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


def test_public_only_deployment_may_serve_anonymously(private_db, monkeypatch):
    monkeypatch.setenv("VVE_ALLOW_ANONYMOUS", "1")
    at = _app(private_db, monkeypatch)
    assert not at.error
    assert len(at.metric) == 3


def test_audit_log_is_not_in_a_viewers_menu_and_refuses_a_direct_run(demo_url, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = _app(demo_url, monkeypatch)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/audit_log.py")
    page = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "views" / "audit_log.py"))
    page.run()
    assert "for administrators" in page.error[0].value
    assert not page.dataframe


@pytest.mark.parametrize("setting, role", [("", Role.VIEWER), ("viewer", Role.VIEWER), ("admin", Role.ADMIN),
                                           ("Analyst", Role.ANALYST), ("superuser", Role.VIEWER)])
def test_anonymous_role_setting(monkeypatch, setting, role):
    import ui.access
    monkeypatch.setenv("VVE_ANONYMOUS_ROLE", setting)
    assert ui.access.anonymous_role() == role


def test_login_is_offered_when_configured_even_for_public_data(demo_url, monkeypatch):
    import ui.access
    monkeypatch.setattr(ui.access, "auth_configured", lambda: True)
    at = _app(demo_url, monkeypatch)
    assert [b.label for b in at.sidebar.button if b.label == "Log in"] == ["Log in"]
    assert len(at.metric) == 3  # the public view is still served without logging in


def test_no_login_button_without_configuration(demo_url, monkeypatch):
    at = _app(demo_url, monkeypatch)
    assert not [b for b in at.sidebar.button if b.label == "Log in"]
