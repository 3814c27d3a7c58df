"""The shared filters as URL query parameters, and back, refusing anything unexpected.

A link carries a view: ``?from=2019-04-01&to=2020-03-31&area=E05009317&age=10-16``.
Parsing never raises: every value that is not one of the allowed choices is left
out and named in a notice the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from metrics.filters import AGE_CHOICES, ETHNIC_GROUPS, SEXES, Filters

KEYS = ("from", "to", "area", "age", "sex", "ethnicity", "ethnic_detail", "offence")
MAX_SHOWN = 40  # a hostile value is quoted only this far in a notice
MAX_AREAS = 200


def _quote(value: str) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(clean[:MAX_SHOWN] + ("\u2026" if len(clean) > MAX_SHOWN else ""))


def parse(params: Mapping[str, Sequence[str]], *, areas: Sequence[str], offence_groups: Sequence[str],
          first_day: dt.date | None, last_day: dt.date | None,
          ethnicity_details: Sequence[str] = ()) -> tuple[Filters, list[str]]:
    """Filters from query parameters (each key to its list of values), and notices.

    ``areas``, ``offence_groups`` and ``ethnicity_details`` are the allowed values; dates outside
    ``first_day``..``last_day`` are ignored. Unknown keys are ignored silently
    (other tools add their own).
    """
    notices: list[str] = []

    def one(key: str) -> str | None:
        values = list(params.get(key, []))
        if len(values) > 1:
            notices.append(f"The link gives {key} more than once; the last value is used.")
        return values[-1] if values else None

    def choice(key: str, allowed: Sequence[str], what: str) -> str | None:
        value = one(key)
        if value is None or value in allowed:
            return value
        notices.append(f"Ignored {key}={_quote(value)} from the link: it is not {what}.")
        return None

    def day(key: str) -> dt.date | None:
        value = one(key)
        if value is None:
            return None
        try:
            parsed = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            notices.append(f"Ignored {key}={_quote(value)} from the link: it is not a date (YYYY-MM-DD).")
            return None
        if (first_day and parsed < first_day) or (last_day and parsed > last_day):
            notices.append(f"Ignored {key}={value} from the link: the data covers {first_day} to {last_day}.")
            return None
        return parsed

    date_from, date_to = day("from"), day("to")
    if date_from and date_to and date_from > date_to:
        notices.append(f"Ignored the dates in the link: {date_from} is after {date_to}.")
        date_from = date_to = None
    chosen_areas = []
    for value in list(params.get("area", []))[:MAX_AREAS]:
        if value in areas:
            if value not in chosen_areas:
                chosen_areas.append(value)
        else:
            notices.append(f"Ignored area={_quote(value)} from the link: there is no such area.")
    if len(params.get("area", [])) > MAX_AREAS:
        notices.append(f"The link names more than {MAX_AREAS} areas; the rest are ignored.")
    filters = Filters(
        date_from=date_from, date_to=date_to, areas=tuple(chosen_areas),
        age_band=choice("age", list(AGE_CHOICES), "an age band"),
        sex=choice("sex", SEXES, "a recorded sex"),
        ethnicity=choice("ethnicity", ETHNIC_GROUPS, "one of the ethnic groups"),
        offence_group=choice("offence", offence_groups, "an offence group"),
        ethnicity_detail=choice("ethnic_detail", ethnicity_details, "a recorded detailed ethnic group"),
    )
    return filters, notices


def encode(filters: Filters, *, first_day: dt.date | None = None, last_day: dt.date | None = None) -> dict[str, str | list[str]]:
    """Query parameters for ``filters``; a date equal to the data's own edge is left out."""
    params: dict[str, str | list[str]] = {}
    if filters.date_from and filters.date_from != first_day:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to and filters.date_to != last_day:
        params["to"] = filters.date_to.isoformat()
    if filters.areas:
        params["area"] = list(filters.areas)
    for key, value in (("age", filters.age_band), ("sex", filters.sex), ("ethnicity", filters.ethnicity),
                       ("ethnic_detail", filters.ethnicity_detail), ("offence", filters.offence_group)):
        if value:
            params[key] = value
    return params
