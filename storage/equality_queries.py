"""Reads for equality monitoring: counts by group beside the population they come from."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, and_, case, func, select, true

from loaders.derive import AGE_BANDS
from storage import schema
from storage.engine import read_frame
from storage.queries import split_column

# Outcomes police.uk records for "nothing found": every other outcome is a positive one.
NO_FURTHER_ACTION = ("A no further action disposal", "Nothing found - no further action")
# police.uk's age ranges, as the population table's bands that make them up.
POLICE_UK_AGE_RANGES = {
    "10-17": ("10-13", "14-16", "17"),
    "18-24": ("18-20", "21-24"),
}


def bands_between(low: int, high: int | None) -> tuple[str, ...]:
    """The population table's age bands that lie wholly within low..high."""
    top = 200 if high is None else high
    return tuple(label for label, a, b in AGE_BANDS if a >= low and b <= top)


def _search_clauses(*, date_from, date_to, age_range: str | None, areas: tuple[str, ...], gender: str | None) -> list:
    table = schema.stop_search
    clauses = [true()]
    if date_from:
        clauses.append(table.c.occurred_on >= date_from)
    if date_to:
        clauses.append(table.c.occurred_on <= date_to)
    if age_range:
        clauses.append(table.c.age_range == age_range)
    if areas:
        clauses.append(table.c.area_code.in_(areas))
    if gender:
        clauses.append(table.c.gender == gender)
    return clauses


def _splits(by_gender: bool, by_age: bool) -> list[tuple[str, object]]:
    """The columns a search read is split by, with their names: gender, then age range."""
    table = schema.stop_search
    return ([(split_column("sex"), table.c.gender)] if by_gender else []) + \
        ([(split_column("age_band"), table.c.age_range)] if by_age else [])


def searches_by_ethnicity(conn: Connection, *, date_from=None, date_to=None, age_range: str | None = None,
                          areas: tuple[str, ...] = (), gender: str | None = None,
                          by_year: bool = False, by_gender: bool = False, by_age: bool = False) -> pd.DataFrame:
    """Searches by self-defined ethnic group: group, value (searches), positive, linked
    (and financial_year after group, with ``by_year``; each gender in ``split_sex``, with
    ``by_gender``; and each police.uk age range in ``split_age_band``, with ``by_age``)."""
    table = schema.stop_search
    positive = func.sum(case((table.c.outcome.in_(NO_FURTHER_ACTION), 0), else_=1))
    linked = func.sum(case((table.c.outcome_linked_to_object == true(), 1), else_=0))
    group = table.c.self_defined_ethnic_group
    year = [table.c.financial_year] if by_year else []
    splits = _splits(by_gender, by_age)
    query = (
        select(group.label("group"), *year, *(column.label(name) for name, column in splits),
               func.count().label("value"), positive.label("positive"), linked.label("linked"))
        .where(and_(*_search_clauses(date_from=date_from, date_to=date_to, age_range=age_range, areas=areas,
                                     gender=gender)))
        .group_by(group, *year, *(c for _, c in splits)).order_by(group, *year, *(c for _, c in splits))
    )
    names = ["group", *(["financial_year"] if by_year else []), *(name for name, _ in splits),
             "value", "positive", "linked"]
    frame = read_frame(conn, query, names)
    return frame.astype({"value": int, "positive": int, "linked": int})


def officer_against_self_defined(conn: Connection, *, date_from=None, date_to=None, age_range: str | None = None,
                                 areas: tuple[str, ...] = (), gender: str | None = None,
                                 by_year: bool = False, by_gender: bool = False) -> pd.DataFrame:
    """Searches by self-defined group (rows) and officer-defined ethnicity (columns)
    (and financial_year, with ``by_year``; and each gender in ``split_sex``, with ``by_gender``)."""
    table = schema.stop_search
    officer = func.coalesce(table.c.officer_defined_ethnicity, "Not recorded")
    keys = [table.c.self_defined_ethnic_group, officer, *([table.c.financial_year] if by_year else []),
            *([table.c.gender.label(split_column("sex"))] if by_gender else [])]
    query = (
        select(*keys, func.count().label("value"))
        .where(and_(*_search_clauses(date_from=date_from, date_to=date_to, age_range=age_range, areas=areas,
                                     gender=gender)))
        .group_by(*keys)
    )
    names = ["self_defined", "officer_defined", *(["financial_year"] if by_year else []),
             *([split_column("sex")] if by_gender else []), "value"]
    return read_frame(conn, query, names)
