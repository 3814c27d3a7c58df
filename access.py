"""Who may see what: roles, the role map, and whether the app may serve anything at all.

Pure logic, no Streamlit; ``ui/access.py`` feeds it the logged-in user.

- viewer (the default): suppressed aggregates only.
- analyst: unsuppressed aggregates and record-level tables.
- admin: everything an analyst sees, plus loading data and reading the audit log.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class Role(IntEnum):
    VIEWER = 1
    ANALYST = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class RoleMapError(ValueError):
    """The role map file cannot be read or names a role that does not exist."""


@dataclass(frozen=True)
class RoleMap:
    """E-mail addresses and identity-provider groups, each mapped to a role."""

    emails: dict[str, Role]
    groups: dict[str, Role]

    def role_for(self, *, email: str | None, groups: list[str] | tuple[str, ...] = ()) -> Role:
        """The highest role the user's address or any of their groups grants; viewer otherwise."""
        granted = [Role.VIEWER]
        if email and email.lower() in self.emails:
            granted.append(self.emails[email.lower()])
        granted += [self.groups[g] for g in groups if g in self.groups]
        return max(granted)


def load_role_map(path: Path) -> RoleMap:
    """Read a TOML file with ``[emails]`` and ``[groups]`` tables of ``name = "role"``.

    A missing file maps nobody (everyone is a viewer).
    """
    if not path.exists():
        return RoleMap({}, {})
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RoleMapError(f"{path} is not valid TOML: {err}") from err

    def roles(section: str) -> dict[str, Role]:
        table = raw.get(section, {})
        result = {}
        for name, role in table.items():
            try:
                result[name.lower() if section == "emails" else name] = Role[str(role).upper()]
            except KeyError as err:
                raise RoleMapError(f"{path}: [{section}] {name} = {role!r} is not one of viewer, analyst, admin") from err
        return result

    return RoleMap(roles("emails"), roles("groups"))


@dataclass(frozen=True)
class Gate:
    """Whether the app may serve this session, and if not, the sentence that says why."""

    open: bool
    needs_login: bool
    message: str


def gate(*, private_data_loaded: bool, auth_configured: bool, logged_in: bool, allow_anonymous: bool) -> Gate:
    """Synthetic and public data may be served without login; private data may not."""
    if logged_in or not private_data_loaded:
        return Gate(True, False, "")
    if auth_configured:
        return Gate(False, True, "This dashboard holds the partnership's private data. Log in to continue.")
    if allow_anonymous:
        return Gate(True, False, "")
    return Gate(
        False, False,
        "This dashboard holds the partnership's private data (partner incidents or outcome-measure "
        "values), and no login is configured, so it shows nothing. An administrator must configure "
        "OpenID Connect login in .streamlit/secrets.toml ([auth]), or, for a deployment that serves "
        "only public data, set VVE_ALLOW_ANONYMOUS.",
    )


def suppression_threshold(role: Role, configured: int) -> int:
    """The threshold a role's reads use: the configured one for viewers, none above them.

    A threshold of 1 hides nothing (counts from 1 to 0 are an empty range).
    """
    return configured if role == Role.VIEWER else 1
