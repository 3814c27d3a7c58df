"""In real headless Chromium: logging in through an OpenID Connect provider.

Streamlit's own login (``st.login``, configured in a secrets file as the README says) against
a real provider running on this machine: ``oidc-provider-mock`` serves discovery, the
authorisation form, tokens and keys as any provider does, for users the test registers. The
role comes from a roles file: an analyst sees what a viewer does not; someone not in it is
a viewer.
"""

from __future__ import annotations

import re
import warnings

import pytest
from playwright.sync_api import expect

from tests.conftest import free_port, serve_app

pytestmark = pytest.mark.browser

ANALYST, STRANGER, ADMIN = "analyst@example.org", "someone@example.org", "lead@example.org"


@pytest.fixture(scope="module")
def provider():
    with warnings.catch_warnings():  # the mock provider imports Authlib modules Authlib now deprecates
        warnings.simplefilter("ignore")
        from oidc_provider_mock import User, run_server_in_thread
    users = [User(sub=email, claims={"email": email, "name": email.split("@")[0]}) for email in (ANALYST, STRANGER)]
    users.append(User(sub=ADMIN, claims={"email": ADMIN, "groups": ["vve-admins", "staff"]}))
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def login_server(demo_url, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                       'cookie_secret = "a long random string for the test only"\nclient_id = "vve-dashboard"\n'
                       'client_secret = "not a secret"\n'
                       f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    roles = folder / "roles.toml"
    roles.write_text(f'[emails]\n"{ANALYST}" = "analyst"\n[groups]\n"vve-admins" = "admin"\n')
    yield from serve_app({"VVE_DATABASE_URL": demo_url, "VVE_ROLES_FILE": str(roles),
                          "VVE_AUDIT_DATABASE_URL": f"sqlite:///{folder / 'audit.sqlite'}"},
                         port=port, options=("--secrets.files", str(secrets)))


def log_in(page, base: str, email: str) -> None:
    page.goto(base)
    page.get_by_role("button", name="Log in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(base)), timeout=30_000)


def test_an_analyst_logs_in_through_the_provider_and_sees_the_records(page, login_server):
    page.goto(f"{login_server}/equality")
    expect(page.get_by_text("Victims, by ethnicity and sex, against population")).to_be_visible(timeout=60_000)
    assert page.get_by_text("Records behind the victim counts").count() == 0  # a viewer, before logging in
    log_in(page, login_server, ANALYST)
    expect(page.get_by_text(f"Logged in as {ANALYST} (analyst).")).to_be_visible(timeout=60_000)
    page.goto(f"{login_server}/equality")
    expect(page.get_by_text("Records behind the victim counts")).to_be_visible(timeout=60_000)
    # Logging out ends the session with the provider too, then the app asks for a login again.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="End Session")).to_be_visible(timeout=60_000)
    page.goto(login_server)
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    assert page.get_by_text(f"Logged in as {ANALYST}").count() == 0


def test_someone_the_roles_file_does_not_name_is_a_viewer(page, login_server):
    log_in(page, login_server, STRANGER)
    expect(page.get_by_text(f"Logged in as {STRANGER} (viewer).")).to_be_visible(timeout=60_000)
    page.goto(f"{login_server}/equality")
    expect(page.get_by_text("Victims, by ethnicity and sex, against population")).to_be_visible(timeout=60_000)
    assert page.get_by_text("Records behind the victim counts").count() == 0


def test_a_group_the_provider_sends_grants_its_role(page, login_server):
    log_in(page, login_server, ADMIN)
    expect(page.get_by_text(f"Logged in as {ADMIN} (admin).")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("link", name="Load data")).to_be_visible()
    expect(page.get_by_role("link", name="Audit log")).to_be_visible()
