"""Views that sum one another, and what comparing them could give away.

A viewer opens a table in one financial year or over all years (``metrics.periods``), under
one value of a filter such as sex, or under none. Each such view is one row of a larger
table, its *family*: the table in each year and over all years, under each of the filter's
values and under none. Each cell's years sum to its all-years count, and its values of the
filter to its count under none. Records with no value, or a value no viewer can choose
(police.uk's "Other" gender), are in those sums but in no view: they are *unseen*.

Without care a small count could be worked out from the other rows (all years less the
other years; all sexes less boys), and so could a partner a view hides beside a small cell
(girls' Asian, hidden beside girls' "<5" Other, is all sexes' Asian less boys').

``exposed_in_view`` decides, for every view of a family at once, which cells to hide
(``metrics.disclosure.protect_views``), one family per filter the table's counts are split
by (years alone when they are split by none), and flags the cells of the view asked for that
any of its families hides. A viewer sets one of those filters at a time
(``metrics.filters.ONE_AT_A_TIME``): a view under one is a member of that filter's family
alone, the view under none of every family, and each family holds every view it has a
member in. Every view of a family makes the same decision for it, so each
view hides at least what each of its families needs; hiding more gives nothing away. Each
member view starts from its small counts and those a neighbouring view gives away
(``metrics.neighbours``: wider ages, fewer areas, a set filter relaxed), or four views two
steps apart do (``_family``).

Each view's total is shown by another page (the same counts without their cells), whose own
family decides it: that decision is made again inside the table's family, from the same
counts, and the table then keeps the totals it hides from being added up from its cells.

Age choices overlap (10-24 holds 10-16, 17 and 18-24): compared one step away, a choice a
small number from a wider one is hidden, but the narrower choices inside it could add up to
it. So a view's counts are read at every age too (``Parts``), and for each view of a family
its age choices are decided as one family of their own (``_age_sums``); each view hides what
that decision hides at its age choice, as counts its own family must protect (``_forced``'s
channel). A table's cells (by month, by location type) are decided so too, each cell's age
choices one family, its count at no age chosen left to the table's own families.

A table by one of those filters (victims by ethnicity, under a sex or none) holds counts other
tables show too: girls who are Asian are a cell of the table by ethnicity under girls and of
the table by sex under Asian, and Asian victims a cell of the first under no sex and a year of
the trend under Asian. Its cells are decided as views, each once whichever table asks
(``_by_value``): a count of one value, or of all, in that filter's own family; a count of two
values in the family of both filters, keeping the counts of one value as their own families
decided them, its age choices decided as one family as a value's are
(``_two_values_age_sums``). Those are first hidden where, with zeros, they would work out a
count of two values (``_forced``), which the family of both could not then protect.

A trend's years, and a table by value, are shown as decided: the page hides no more
(``metrics.disclosure.DECIDED``).

A filter whose values nest inside another's (detailed ethnic groups inside ethnic groups) is
decided in one family with it (``nested``): each family member is a set of the finest counts
the split records (``_Members``), so Asian is the sum of its detailed groups and of its
records with none. The view under none of the family's filters is *costly*: hidden to protect
its own counts, never a narrower view's.

Families of more than ``JOINT_CAP`` non-zero counts or ``JOINT_HIDDEN_CAP`` unknowns, and
tables of two or more dimensions (heatmaps, maps, cross-tables), are decided line by line
instead (``_cell_decisions``): each line (a cell's years, a cell's values, a view's cells and
margins) is safe on its own. Tables of one dimension are then checked at once
(``_Programme.checked``, up to ``CHECK_CAP`` non-zero counts); beyond that, and for heatmaps
and maps, a reader who combines lines, or lines with a total another page shows, is not
guarded against (see the README's limits).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metrics.disclosure import (DECIDED, cheapest, known_lines, pinned_counts, primary, protect_line,
                                protect_views)
from metrics.periods import ALL_YEARS, YEAR, Period, in_period

# Families with up to this many non-zero counts (cells by years and all years by values and
# none) are decided at once; larger ones line by line. The programme grows with the hidden
# cells: a 14-cell cross-table over seven years took 14 s at once. On the demo, detailed
# ethnicity by sex for one year (338 non-zero counts, 128 to hide) takes about 2 s.
JOINT_CAP = 400
# ... and up to this many unknowns (counts to hide before the secondary rule, and unseen ones):
# each round of the programme hides a few more. On the demo a nested family by sex with 168
# takes about 1 s; one by location type with 323 took 11 s, and is decided line by line.
JOINT_HIDDEN_CAP = 200
# Families decided line by line are then checked at once, up to this many non-zero counts: the
# check's rounds grow with them (detailed ethnicity by month, 11,116, took 60 s).
CHECK_CAP = 2000
# Families decided lately, by everything the decision depends on: each view of a family (each
# year, each value) asks for the same decision, and pages read many of them.
DECISIONS_KEPT = 512
_DECISIONS: OrderedDict[tuple, np.ndarray] = OrderedDict()
_DECISIONS_LOCK = threading.Lock()
# Age choices decided as one family (``_age_decision``), by the counts they are decided from:
# small, and many (one for each cell of a table by month that holds a small count at some age).
AGE_DECISIONS_KEPT = 20_000
_AGE_DECISIONS: OrderedDict[tuple, np.ndarray] = OrderedDict()
# Counts of one value hidden for the counts of two (``_forced``), by the reads they come from:
# each view of a read asks (a table under each ethnic group reads the same counts).
_FORCED: OrderedDict[tuple, dict] = OrderedDict()
# Families by their columns, values and choices (``_members``): every view of a read builds the same.
_FAMILIES: OrderedDict[tuple, "_Members"] = OrderedDict()
# What the families of a view work out of its tables (each column's keys, where the rows lie
# in a family, in the years), by the table's id while it lives (``_memo``): a view's families
# read the same few tables thousands of times. The tables are read, never changed.
_MEMOS: dict[int, dict] = {}
# How a missing value reads as a key: NaN never equals itself, so it could not be matched.
MISSING = "\u2205 not recorded"


@dataclass(frozen=True)
class Parts:
    """A view's ages, for deciding its age choices as one family (``_age_sums``): the view's
    age choice ``span`` (low, high; None: no upper bound; (0, None): no age chosen), every age
    choice a viewer can make (``choices``, spans), and ``every_age``: the view's counts at every
    age (no age chosen) by financial year, the split columns, ``cells`` (the table's dimension,
    where its cells' age choices are decided too: by month, by location type) and ``column``
    (each record's single year of age; for a source that records age ranges, its range's
    youngest age, and each choice the span of the ranges that answer it). ``shown_by_age``: the
    split columns whose counts of one value the pages show at every age choice (the Overview's
    trends under girls and under boys), which a reader is taken to know wherever they can be
    worked out (``_known_from_zeros``)."""

    column: str
    span: tuple[int, int | None]
    choices: tuple[tuple[int, int | None], ...]
    every_age: pd.DataFrame = field(compare=False)
    cells: tuple[str, ...] = ()
    shown_by_age: tuple[str, ...] = ()


def exposed_in_view(split: pd.DataFrame, nearby: Sequence[pd.DataFrame], *, dims: Sequence[str], period: Period,
                    threshold: int, chosen: Mapping[str, object] | None = None,
                    choices: Mapping[str, Collection | None] | None = None, value: str = "value",
                    nested: Mapping[str, str] | None = None,
                    corners: Sequence[tuple[int, int, int]] = (), values_in: str | None = None,
                    parts: Parts | None = None) -> pd.Series:
    """For each row of the view asked for: True where the cell must be hidden because of what
    the other views of its families give away.

    ``split`` holds counts by ``dims``, ``financial_year`` and each column of ``chosen`` (the
    values of a filter, such as sex, NA where not recorded), under the view's other filters;
    ``nearby`` the same under each neighbouring filter (ages, areas). ``chosen`` maps each of
    those columns to the view's value, or None for all; ``choices`` to the values a viewer can
    choose (None: any recorded value). ``period`` is one financial year or ALL_YEARS.
    ``nested`` maps a column whose values each lie inside one of another's (detailed ethnic
    groups inside ethnic groups) to that column: the two are decided in one family, where
    each group is the sum of its detailed groups. ``corners`` are triples of indices into
    ``nearby``: the view with one filter relaxed, with another, and with both (``_family``).

    ``values_in`` names the column of ``chosen`` that holds the same values as the table's one
    dimension (a table by sex, split by sex too): its cells are then views of a family, not
    cells (``_by_value``), so that each count is decided once, whichever table shows it.

    ``parts``, where given, holds the view's counts at every age: its age choices are decided as
    one family too (``_age_sums``), so that no count the age choices hide is added up from the
    others (10-24, hidden beside 1-24, from 10-16, 17 and 18-24).

    The view asked for is ``view_of(split, ...)``; the result is aligned on its rows. A small
    count the page's own primary rule hides is flagged only where it must read "hidden" rather
    than "<5"; a view's total, decided in the same families as the table, is protected with it.
    """
    chosen, choices, dims = dict(chosen or {}), dict(choices or {}), list(dims)
    base = [d for d in dims if d != YEAR]
    view = view_of(split, dims=dims, period=period, chosen=chosen, value=value)
    if threshold <= 1 or view.empty or split.empty:
        return pd.Series(False, index=view.index)
    years = _years(split, nearby)
    single = _single_year(period, years)
    if single is not None and single not in years:  # a year with no records: nothing to hide
        return pd.Series(False, index=view.index)
    if values_in is not None:
        flagged, cells = _by_value(split, nearby, base[0], values_in, years, chosen, choices, dict(nested or {}),
                                   value, threshold, corners, parts)
    else:
        cells = (_keyed(split, base)[base].drop_duplicates().reset_index(drop=True) if base
                 else pd.DataFrame(index=[0]))
        place = _Placer(cells, base, years)
        flagged = np.zeros((len(years) + 1, len(cells)), dtype=bool)  # the view's rows: each year, then all years
        groups = _family_columns(list(chosen), dict(nested or {}))
        forced = _with_age_sums(_forced(split, nearby, groups, choices, years, value, threshold, corners),
                                [split, *nearby], parts, groups, choices, years, value, threshold)
        families = _families_of(chosen, dict(nested or {}))
        by_cell = ({} if parts is None or not parts.cells or list(parts.cells) != base else
                   _age_sums(parts, [split, *nearby], families, choices, years, value, threshold, cells, base))
        for columns in families:
            family = _members([split, *nearby], columns, choices)
            mine = family.member_of(tuple(chosen[c] for c in columns))
            if mine is None:  # a view of values with no records together: zeros, nothing to hide
                continue
            flagged |= _decision(split, nearby, family, place, cells, base, value, threshold, corners,
                                 forced=forced.get(columns), forced_cells=by_cell.get(columns))[mine]

    cell_of = {key: c for c, key in enumerate(_keys(cells, base))}
    row_of = {year: r for r, year in enumerate(years)}
    at = [cell_of[key] for key in _keys(_keyed(view, base), base)] if base else [0] * len(view)
    if YEAR in dims:  # each row is one year of one cell
        rows = [row_of[year] for year in view[YEAR]]
    else:
        rows = [len(years) if single is None else row_of[single]] * len(view)
    result = pd.Series(flagged[rows, at], index=view.index) & (view[value] > 0)
    # Decided with its total: the page hides no more. A table by value of a filter (``_by_value``),
    # or a view of one count each year (a trend), whose count over all years is a count of its
    # family too: hidden where the family hides it, so no line of the page's own rule is known.
    result.attrs[DECIDED] = values_in is not None or not base
    return result


def _decision(split, nearby, family: "_Members", place: "_Placer", cells: pd.DataFrame, base: list[str], value: str,
              threshold: int, corners, fixed: tuple[np.ndarray, np.ndarray] | None = None,
              forced: np.ndarray | None = None, forced_cells: np.ndarray | None = None) -> np.ndarray:
    """Which counts of ``family`` to flag (members by rows by cells): see ``_decide``. ``forced``
    members' totals (members by rows) are hidden (``_forced``), and ``forced_cells`` counts
    (members by rows by cells: their age choices', ``_age_sums``)."""
    counts, exposed, totals_exposed = _family(split, nearby, family, place, value, threshold, corners, forced,
                                              forced_cells)
    flags = _read_hidden(_decide(counts, exposed, family.unseen, family.costly, family.sums, cells, base, threshold,
                                 totals_exposed, fixed), counts, forced, threshold)
    if forced_cells is None:
        return flags
    # A small count its age choices' decision flags must read "hidden": its "<5" would help pin another.
    return flags | (forced_cells & primary(counts, threshold))


def _read_hidden(flags: np.ndarray, counts: np.ndarray, forced: np.ndarray | None, threshold: int) -> np.ndarray:
    """``flags`` (members by rows by cells) with each view of one count that ``_forced`` hides
    flagged where it is small too: it reads "hidden", not "<5", whose bounds helped pin a count."""
    if forced is None or counts.shape[2] != 1:
        return flags
    return flags | (forced[:, :, None] & primary(counts, threshold))


def _years(split: pd.DataFrame, nearby: Sequence[pd.DataFrame]) -> list[str]:
    """The financial years of a family's reads."""
    return sorted(set(split[YEAR]).union(*(set(n[YEAR]) for n in nearby)))


def _with_age_sums(forced: Mapping[tuple, np.ndarray], tables: Sequence[pd.DataFrame], parts: Parts | None,
                   groups: list[tuple[str, ...]], choices: dict, years: list[str], value: str,
                   threshold: int) -> dict[tuple, np.ndarray]:
    """``forced`` (members by rows, by family: ``_forced``) with each view's counts ``_age_sums``
    hides at its age choice."""
    found = dict(forced)
    if parts is None:
        return found
    for group, flags in _age_sums(parts, tables, groups, choices, years, value, threshold).items():
        found[group] = flags if group not in found else found[group] | flags
    return found


def _age_sums(parts: Parts, tables: Sequence[pd.DataFrame], groups: list[tuple[str, ...]], choices: dict,
              years: list[str], value: str, threshold: int, cells: pd.DataFrame | None = None,
              base: Sequence[str] = (), shows_bounds: bool = False, every_age_kept: bool = False,
              one_value: np.ndarray | None = None) -> dict[tuple[str, ...], np.ndarray]:
    """For each family of ``groups``: the views' counts at the age choice ``parts.span``
    (members by rows: each year, then all years) to hide so that no count the age choices must
    hide can be added up from the others; with ``base`` (the table's dimension, ``parts.cells``),
    each of the view's ``cells`` counts (members by rows by cells) instead.

    Age choices overlap (1-24, 10-24, 10-16, 17, 18-24...): each is a sum of the narrowest
    (1-9, 10-13, 14-16, 17, 18-20, 21-24, 25+), and no age chosen holds them all and the
    records of no age. Compared one step away (``metrics.neighbours``), a choice a small number
    from a wider one is hidden (10-24 beside 1-24, where 1 to 4 victims were aged 1 to 9); but
    the narrower choices it holds, each shown, would add up to it (10-16, 17 and 18-24). So,
    for each view of the family (under each value of its filter, and under none), the age
    choices are decided as one family of their own, every year and over all years
    (``metrics.disclosure.protect_views``): the small counts and those a wider choice is a
    small number from are protected, the count of every age (which boards read) hidden for
    them only where no other will do. Every view under the same filters at any age choice
    makes the same decision, and hides its own choice's counts where it says so; its own
    family then protects those counts as its own. Every family is decided so: under no filter,
    each sex, each ethnic and detailed group (some twenty views: about half a second the first
    time, on the demo), each offence group.

    A table's cells (each month, each location type) are views' counts too, read at every age
    choice: each cell's age choices are decided so as well, one cell at a time. So are the
    counts of two values (``_two_values_age_sums``): like a cell's, with ``every_age_kept`` and
    ``shows_bounds`` (``_age_decision``), and ``one_value`` (by member of the family: counts of one
    value; a count of two values a reader works out from one of them and zeros is known,
    ``_known_from_zeros``)."""
    every = parts.every_age
    low, high = parts.span
    ages = sorted(a for a in set(every[parts.column].dropna()))
    spans = [None, *dict.fromkeys(parts.choices)]  # None: no age chosen (and the records of none)
    if (low, high) not in parts.choices and (low, high) != (0, None):
        return {}
    mine = 0 if (low, high) == (0, None) else spans.index((low, high))
    held = [frozenset(ages) | {MISSING} if span is None else
            frozenset(a for a in ages if span[0] <= a and (span[1] is None or a <= span[1])) for span in spans]
    if held[mine] == frozenset():
        return {}
    # The narrowest counts: records alike in every choice that holds them. A set that is no choice is unseen.
    sign = {}
    for unit in [*ages, MISSING]:
        sign.setdefault(tuple(unit in h for h in held), set()).add(unit)
    atoms = [frozenset(units) for units in sign.values()]
    sets = list(dict.fromkeys([*atoms, *(h for h in held if h)]))  # members: atoms, then wider choices
    mine = sets.index(held[mine])
    unseen = np.array([h not in held for h in sets])
    in_set = np.array([[bool(a <= h) for a in atoms] for h in sets])  # members by atoms
    # Decided over every year any age holds (each view asks the same), then read at the view's.
    every_year = sorted(set(years) | set(every[YEAR]))
    rows = [every_year.index(year) for year in years] + [len(every_year)]
    units = [*ages, MISSING]
    base = list(base)
    keys = _keys(cells, base) if base else [()]
    # Each cell's every age, one after another (no cell: the view's total).
    place = _Placer(pd.DataFrame([(*key, unit) for key in keys for unit in units], columns=[*base, parts.column]),
                    [*base, parts.column], every_year)
    keyed = _keyed(every, [parts.column])
    atom_of_unit = np.array([next(i for i, a in enumerate(atoms) if u in a) for u in units])
    found = {}
    for columns in groups:
        family = _members(tables, columns, choices)
        wide = _members([keyed, *tables], columns, choices)
        unit_counts, _ = wide.cube(place, keyed, value)  # members by rows by (cells by units)
        unit_counts = unit_counts.reshape(unit_counts.shape[:2] + (len(keys), len(units)))
        atom_counts = np.zeros(unit_counts.shape[:3] + (len(atoms),), dtype=np.int64)
        for u, a in enumerate(atom_of_unit):
            atom_counts[..., a] += unit_counts[..., u]
        flags = np.zeros((len(family.unseen), len(rows), len(keys)), dtype=bool)
        lifts = {}  # the counts of two values, with each way to a count of one value (``one_value``)
        for choice, m in (() if one_value is None else family.choices()):
            for i in (i for i, v in enumerate(choice) if v is not None and sum(x is not None for x in choice) > 1):
                if one_value[family.member_of(choice[:i] + (None,) + choice[i + 1:])]:
                    lifts.setdefault(m, []).append((choice, i))
        for c in range(len(keys)):
            carried = _carried(atom_counts[:, :, c], wide, in_set, unseen, threshold)

            def worked_out(choice: tuple) -> np.ndarray:  # a count of one value's age choices a reader knows
                # Decided as its own family decides them, but for the values no viewer can
                # choose, carried as this family carries them (``_carried``): near, not the same.
                w = wide.member_of(choice)
                counts = np.ascontiguousarray((atom_counts[w, :, c] @ in_set.T).T)
                hidden = _age_decision(counts, in_set, unseen, threshold, carried[w])
                return _pinned_by(counts, ~hidden & ~unseen[:, None], in_set)

            for choice, m in family.choices():
                w = wide.member_of(choice)
                if w is None:
                    continue
                counts = atom_counts[w, :, c] @ in_set.T  # rows by members
                known = (_known_from_zeros(atom_counts[:, :, c], wide, w, lifts[m], in_set, threshold, worked_out)
                         if lifts.get(m) else None)
                hidden = _age_decision(np.ascontiguousarray(counts.T), in_set, unseen, threshold, carried[w],
                                       every_age_kept=every_age_kept or bool(base),
                                       shows_bounds=shows_bounds or bool(base), known=known)
                flags[m, :, c] = hidden[mine][rows]
        found[columns] = flags if base else flags[:, :, 0]
    return found


def _known_from_zeros(atom_counts: np.ndarray, family: "_Members", member: int, lifts: list[tuple[tuple, int]],
                      in_set: np.ndarray, threshold: int, worked_out) -> np.ndarray | None:
    """For a count of two values (``member`` of ``family``: Asian girls), at each age set (by
    rows): True where a reader knows it from a count of one value and zeros, and it is not
    small. None where it is nowhere so known. ``lifts``: each choice opening it, with the
    position of a value whose lifting leaves a count of one value (girls);
    ``worked_out``: that count's age choices a reader knows from what its own decision shows.

    Where every other group's girls number 0 at 18-24, Asian girls aged 18-24 are all girls
    aged 18-24, a count of one value that its own family may show or let be worked out (all
    girls less girls under 18). Taken as unknown, that count was hidden to protect Asian girls
    under 18, who were its count at every age less it (DEMO04, 2021-22: 8 less 5; then 3
    aged 14-16, their other age choices reading 0). Where the count of one value's own
    decision hides it, and nothing it shows gives it, it is not known (Indian victims aged
    18-24, all boys, hidden to protect those under 18: the same boys)."""
    finest = family.finest
    held = set(np.flatnonzero(family.matrix[member]).tolist())
    by_set = np.einsum("fra,sa->fsr", atom_counts[:len(finest)], in_set)  # finest by sets by rows
    known = np.zeros(by_set.shape[1:], dtype=bool)
    for choice, i in lifts:
        others = [f for f, key in enumerate(finest) if f not in held
                  and all(v is None or j == i or key[j] == v for j, v in enumerate(choice))]
        if others:
            known |= ~by_set[others].any(axis=0) & worked_out(choice[:i] + (None,) + choice[i + 1:])
    known &= by_set[sorted(held)].sum(axis=0) >= threshold
    return known if known.any() else None


def _carried(atom_counts: np.ndarray, family: "_Members", in_set: np.ndarray, unseen: np.ndarray,
             threshold: int) -> np.ndarray:
    """For each member of ``family`` (by age sets, ``in_set``'s rows, by rows): the counts it
    hides for a value no viewer can choose (police.uk's "Other" gender).

    Such a value's count at each age choice is the view under none less the others (everyone
    less men and women), and at every age too: its age choices are known as a view's are, and
    its records of no age recorded are every age less the age choices. So its age choices are
    decided as a view's are (``_age_decision``, not compared one step away: no one views it),
    and each count it hides is hidden in the view of the chosen value with the smallest count
    there (men's or women's), which then protects it among its own age choices, and its family
    at that age choice among the values. The smallest small counts of such a value are its
    family's to protect already (an unseen count), and are not carried."""
    sets, rows = in_set.shape[0], atom_counts.shape[1]
    carried = np.zeros((len(family.unseen), sets, rows), dtype=bool)
    finest = range(len(family.finest))
    seen = [f for f in finest if not family.unseen[f]]
    for value in (f for f in finest if family.unseen[f]):
        counts = np.ascontiguousarray((atom_counts[value] @ in_set.T).T)  # age sets by rows
        if not primary(counts, threshold).any():
            continue
        hidden = _age_decision(counts, in_set, unseen, threshold, one_step=False)
        for s, r in zip(*np.nonzero(hidden & ~unseen[:, None] & ~primary(counts, threshold))):
            there = {f: int(atom_counts[f, r] @ in_set[s]) for f in seen}
            positive = [f for f in seen if there[f] > 0]
            if positive:
                carried[min(positive, key=lambda f: (there[f], f)), s, r] = True
    return carried


def _age_decision(counts: np.ndarray, in_set: np.ndarray, unseen: np.ndarray, threshold: int,
                  carried: np.ndarray | None = None, one_step: bool = True, every_age_kept: bool = False,
                  shows_bounds: bool = False, known: np.ndarray | None = None) -> np.ndarray:
    """``_age_sums``' decision for one view's age choices (members: the narrowest counts, one to
    each column of ``in_set``, then the wider choices; by rows): which to hide, at once
    (``metrics.disclosure.protect_views``). ``carried`` counts (members by rows) are hidden
    for a value no viewer can choose (``_carried``); ``one_step``: compared one step away
    (False for such a value, which no one views). ``every_age_kept``: the count at no age
    chosen is left to the view's own families (a table's cell: they decide it with the table's
    other cells and years), and taken as known here; it holds the records of no age recorded,
    which no view shows, so no sum of the age choices gives it. Decided here, it was hidden
    beside its own small years, and the table then hid other cells beside it (stop and search
    by area over all years: 3 of 9 areas, for one with 4 searches of no age recorded).

    ``shows_bounds``: a small count is flagged only where it must read "hidden" rather than
    "<5", its bounds helping to pin another (``protect_views``' second answer): a table's cell,
    whose flagged small counts then read "hidden" (``_decision``). Else every small count it
    protects is flagged (a view's total, each of which ``_read_hidden`` has read "hidden").

    ``known`` counts (members by rows) a reader works out elsewhere (``_known_from_zeros``) are
    taken as known and never hidden here, as kept ones are. Where they and the kept count at
    every age would give away a small count a viewer can open (with 18-24 known, under 18 is
    every age less it), the count at every age is not kept in their rows: it may have to be
    hidden."""
    carried = np.zeros(counts.shape, dtype=bool) if carried is None else carried
    exposed = carried & (counts > 0)
    if one_step:  # a choice a small number from a wider one (or from every age) is hidden
        difference = counts[None, :, :] - counts[:, None, :]  # each member's wider choices less it
        small = (difference >= 1) & (difference < threshold) & _wider_choices(in_set)[:, :, None]
        exposed |= small.any(axis=1) & (counts > 0) & ~unseen[:, None]
    # No age chosen, and any choice holding every age recorded (1-24, for serious youth violence).
    costly = in_set[:, np.flatnonzero(~unseen[:in_set.shape[1]])].all(axis=1) & ~unseen
    must = primary(counts, threshold) | exposed
    kept = np.zeros(counts.shape, dtype=bool)
    if every_age_kept:
        # The count at every age, and in each row each choice holding every age with records
        # there (1-24, where no record lacks an age): the same count. Hidden here, it hid
        # nothing the count at every age did not give, and read "hidden" beside it (girls'
        # serious youth violence at 1-24 by ethnicity, borough-wide: every group, every year).
        empty = counts[:in_set.shape[1]] == 0  # the narrowest counts, by rows
        as_every = (in_set[:, :, None] | empty[None, :, :]).all(axis=1)
        kept |= as_every
    if known is not None:
        kept |= known
        if every_age_kept:  # in a row with a known count, the count at every age may have to be hidden
            loose = (kept & ~(as_every & known.any(axis=0)[None, :])) | known
            # Whether hiding it helps: the family of both values protects its years' sum.
            looser = loose.copy()
            looser[:, -1] &= ~as_every[:, -1]
            looser |= known
            small = primary(counts, threshold) & ~unseen[:, None]
            if (small & _pinned_by(counts, kept, in_set) & ~_pinned_by(counts, looser, in_set)).any():
                kept = loose
    must &= ~kept
    if not must.any():  # nothing to protect (most of a table's cells)
        return np.zeros(counts.shape, dtype=bool)
    shown = (counts > 0) & ~unseen[:, None]
    if not (shown & ~must & ~kept).any():  # every count is hidden already: none is left to hide
        return must & shown
    # Years with no record hold zeros, never hidden: decided without them. A cell of a table by
    # month has records in one year, whose counts are its counts over all years: one row, and
    # cells alike in different years ask the same question.
    live = np.flatnonzero(counts[:, :-1].any(axis=0))
    one_year = len(live) == 1
    kept_rows = live if one_year else np.append(live, counts.shape[1] - 1)
    counts_in, must_in, kept_in = (np.ascontiguousarray(a[:, kept_rows]) for a in (counts, must, kept))
    key = ("age choices", counts_in.shape, counts_in.tobytes(), must_in.tobytes(), kept_in.tobytes(),
           in_set.tobytes(), unseen.tobytes(), threshold, one_year, shows_bounds)

    def decided() -> np.ndarray:
        members, rows = counts_in.shape
        flat = counts_in.reshape(-1)

        def at(m, r):
            return np.asarray(m) * rows + np.asarray(r)

        # Each count's years sum to its count over all years; each wider choice is the sum of its
        # narrowest counts.
        sums = [] if one_year else [(at(m, np.arange(rows - 1)), int(at(m, rows - 1))) for m in range(members)]
        sums += [(at(np.flatnonzero(in_set[m]), r), int(at(m, r)))
                 for m in range(in_set.shape[1], members) for r in range(rows)]
        hidden, reads_hidden = protect_views(flat, must_in.reshape(-1), lines=[], sums=sums, threshold=threshold,
                                             unseen=np.repeat(unseen, rows), costly=np.repeat(costly, rows),
                                             kept=kept_in.reshape(-1))
        if shows_bounds:  # a small count it hides reads "<5", unless that would help pin another
            hidden = (hidden & ~primary(flat, threshold)) | reads_hidden
        answer = hidden.reshape(counts_in.shape)
        answer.setflags(write=False)
        return answer

    answer = np.zeros(counts.shape, dtype=bool)
    answer[:, kept_rows] = _remembered(_AGE_DECISIONS, key, decided, AGE_DECISIONS_KEPT)
    if one_year:
        answer[:, -1] = answer[:, live[0]]
    return answer


def _pinned_by(counts: np.ndarray, kept: np.ndarray, in_set: np.ndarray) -> np.ndarray:
    """Which of one view's age choices' counts (``_age_decision``'s members by rows) the
    ``kept`` counts and the zeros give away whatever else is hidden: each a combination of
    theirs, through the sums each wider choice and each count over all years are (an unseen
    zero taken as known, as ``protect_views`` takes it)."""
    members, rows = counts.shape
    key = ("kept pins", counts.shape, counts.tobytes(), kept.tobytes(), in_set.tobytes())

    def pinned() -> np.ndarray:
        equations = []
        for m in range(in_set.shape[1], members):  # each wider choice is the sum of its narrowest counts
            for r in range(rows):
                line = np.zeros((members, rows))
                line[np.flatnonzero(in_set[m]), r], line[m, r] = 1, -1
                equations.append(line.reshape(-1))
        for m in range(members):  # each count's years sum to its count over all years
            line = np.zeros((members, rows))
            line[m, :-1], line[m, -1] = 1, -1
            equations.append(line.reshape(-1))
        certain = ((counts == 0) | kept).reshape(-1)
        equations.extend(np.eye(members * rows)[certain])
        _, sizes, basis = np.linalg.svd(np.array(equations))
        free = basis[int((sizes > 1e-9).sum()):]  # directions the equations leave open
        determined = ~(np.abs(free) > 1e-9).any(axis=0).reshape(members, rows)
        determined.setflags(write=False)
        return determined

    return _remembered(_AGE_DECISIONS, key, pinned, AGE_DECISIONS_KEPT)


def _wider_choices(in_set: np.ndarray) -> np.ndarray:
    """Members by members (``in_set``'s rows): True where the second holds the first and more."""
    sizes = in_set.sum(axis=1)
    return (in_set[:, None, :] <= in_set[None, :, :]).all(axis=2) & (sizes[None, :] > sizes[:, None])


def _by_value(split, nearby, dimension: str, values_in: str, years: list[str], chosen: dict, choices: dict,
              nested: dict, value: str, threshold: int, corners,
              parts: Parts | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """The flags of a table by one of the filters whose values sum to all (by ethnicity under
    a sex), as rows (each year, then all years) by its cells (the values of ``dimension``, held
    in ``values_in`` too), and the cells.

    Each cell is a view of a family (girls who are Asian: a view of sex and ethnicity at once),
    and the same count shows in other tables (by sex under an ethnicity; a trend of Asian
    victims, of girls): decided in different families, one table could show what another hides.
    So each count is decided once, in one family, whichever table asks:
    - a count of one filter's value (Asian victims, all girls), or of all, in that filter's
      own family of one cell (as a trend under it, or with no filter, is decided);
    - a count of two filters' values (Asian girls) in the family of both filters (the
      column order fixed), with the counts of one value kept as their own family decided
      them (``fixed``): they are not hidden there to protect another, and hidden ones are
      protected; its age choices are decided as one family first (``_two_values_age_sums``).
    A viewer sets one filter at a time (``_families_of``), so no count of three is shown."""
    tables = [split, *nearby]
    one, nowhere = pd.DataFrame(index=[0]), []
    place = _Placer(one, nowhere, years)
    groups = _family_columns(list(chosen), nested)
    own = next(group for group in groups if values_in in group)
    forced = _with_age_sums(_forced(split, nearby, groups, choices, years, value, threshold, corners),
                            tables, parts, groups, choices, years, value, threshold)
    singles = {}
    for group in groups:
        family = _members(tables, group, choices)
        singles[group] = family, _decision(split, nearby, family, place, one, nowhere, value, threshold, corners,
                                           forced=forced[group])
    # The count of all: every family's decision of it, as a view under no filter takes it.
    everyone = np.logical_or.reduce([flags[family.member_of((None,) * len(group))][:, 0]
                                     for group, (family, flags) in singles.items()])

    def single(group: tuple[str, ...], choice: tuple) -> np.ndarray | None:  # one value's count, by rows
        if all(v is None for v in choice):
            return everyone
        family, flags = singles[group]
        m = family.member_of(choice)
        return None if m is None else flags[m][:, 0]

    outer = [group for group in groups if group != own and any(chosen[c] is not None for c in group)]
    if outer:
        columns = tuple(c for c in chosen if c in outer[0] or c in own)
        family = _members(tables, columns, choices)
        fixed_members = np.zeros(len(family.unseen), dtype=bool)
        fixed_flags = np.zeros((len(family.unseen), len(years) + 1), dtype=bool)
        for choice, m in family.choices():
            for group, other in ((outer[0], own), (own, outer[0])):
                if all(choice[columns.index(c)] is None for c in other):
                    decided = single(group, tuple(choice[columns.index(c)] for c in group))
                    if decided is not None:
                        fixed_members[m], fixed_flags[m] = True, decided
        rows = len(years) + 1
        flags = _decision(split, nearby, family, place, one, nowhere, value, threshold, corners,
                          fixed=(np.repeat(fixed_members[:, None], rows, axis=1)[:, :, None],
                                 fixed_flags[:, :, None]),
                          forced=_two_values_age_sums(parts, tables, columns, fixed_members, choices, years, value,
                                                      threshold))[:, :, 0]

        def flags_of(x) -> np.ndarray | None:
            m = family.member_of(tuple(x if c == values_in else chosen[c] if c in outer[0] else None
                                       for c in columns))
            return None if m is None else flags[m]
    else:
        def flags_of(x) -> np.ndarray | None:
            return single(own, tuple(x if c == values_in else chosen[c] for c in own))

    cells = _keyed(split, [dimension])[[dimension]].drop_duplicates().reset_index(drop=True)
    flagged = np.zeros((len(years) + 1, len(cells)), dtype=bool)
    for c, x in enumerate(cells[dimension]):
        found = flags_of(x)
        # A value no viewer can choose (police.uk's "Other" gender) is in no view: a cell of it is hidden.
        flagged[:, c] = True if found is None else found
    return flagged, cells


def _two_values_age_sums(parts: Parts | None, tables: Sequence[pd.DataFrame], columns: tuple[str, ...],
                         fixed_members: np.ndarray, choices: dict, years: list[str], value: str,
                         threshold: int) -> np.ndarray | None:
    """The counts of two values (the members of ``columns``' family not in ``fixed_members``:
    Asian girls) to hide at the view's age choice (members by rows), their age choices decided
    as one family as each value's are (``_age_sums``). Decided apart, Mixed women's searches in
    one area read "<5" at 10-17 and at 18-24 in 2017-18, "<5" in two other years, and "<5" at
    every age over all years: at least 2 + 1 + 1 of at most four, each was pinned.

    As a table's cell's (``_age_decision``'s ``every_age_kept``), the count at every age is
    taken as known here and left to the family of both values, which decides it beside its
    years and the counts of one value; and a small count is flagged only where its "<5" would
    help pin another. Hidden here too, with every small count, it hid a fifth of the numbers
    the demo's tables by sex and by ethnicity showed (borough-wide, Asian girls' and boys'
    serious youth violence in two years).

    A count of two values a reader works out from a sex's count and the other groups' zeros
    (``Parts.shown_by_age``, ``_known_from_zeros``) is taken as known; where that gives a small
    count away, the count at every age is hidden instead. Taking each ethnic group's counts as
    known too hid Asian girls' and boys' counts borough-wide in every year (README, limits)."""
    if parts is None:
        return None
    family = _members(tables, columns, choices)
    shown_by_age = np.zeros(len(fixed_members), dtype=bool)  # the counts of a sex alone
    for choice, m in family.choices():
        values = {c for c, v in zip(columns, choice) if v is not None}
        shown_by_age[m] |= bool(fixed_members[m] and values and values <= set(parts.shown_by_age))
    ages = _age_sums(parts, tables, [columns], choices, years, value, threshold, shows_bounds=True,
                     every_age_kept=True, one_value=shown_by_age if shown_by_age.any() else None)
    return ages[columns] & ~fixed_members[:, None] if ages else None


def _forced(split, nearby, groups: list[tuple[str, ...]], choices: dict, years: list[str], value: str,
            threshold: int, corners, rounds: int = 8) -> dict[tuple[str, ...], np.ndarray]:
    """For each filter's own family (``groups``: its split columns), the totals (members by
    rows) to hide so that no count of two filters' values is given away by the counts of one
    value each, which their own families decide, and the zeros.

    A table by group under a sex keeps those counts as their families decided them
    (``_by_value``), and cannot hide them: where all girls that year are of one group, girls
    who are of it are all girls, and that group less its girls less its boys gives its
    records of no sex a viewer can choose. So, before any family is decided, each pair of
    filters is searched: with every count of two values taken as hidden, a count is worked
    out where a sum holds it and no other unknown (all girls less the zeros of other
    groups), and one shown count of one value in that sum (or in the sums that worked out
    the others) is hidden, until none is. Every view asks the same, from the same counts."""
    key = (tuple((tuple(t.columns), hashlib.sha1(pd.util.hash_pandas_object(t, index=False).to_numpy().tobytes())
                  .hexdigest()) for t in [split, *nearby]), tuple(groups),
           _choices_key(choices),
           tuple(years), value, threshold, tuple(map(tuple, corners)), rounds,
           JOINT_CAP, JOINT_HIDDEN_CAP, CHECK_CAP)

    def forced() -> dict[tuple[str, ...], np.ndarray]:
        found = _forced_margins(split, nearby, groups, choices, years, value, threshold, corners, rounds)
        for flags in found.values():
            flags.setflags(write=False)
        return found

    return _remembered(_FORCED, key, forced)


def _remembered(store: OrderedDict, key: tuple, compute, kept: int = DECISIONS_KEPT):
    """``compute()``'s answer for ``key``, kept in ``store`` with the latest ``kept``."""
    with _DECISIONS_LOCK:
        if key in store:
            store.move_to_end(key)
            return store[key]
    answer = compute()
    with _DECISIONS_LOCK:
        store[key] = answer
        while len(store) > kept:
            store.popitem(last=False)
    return answer


def _forced_margins(split, nearby, groups, choices, years, value, threshold, corners,
                    rounds) -> dict[tuple[str, ...], np.ndarray]:
    tables = [split, *nearby]
    one = pd.DataFrame(index=[0])
    place = _Placer(one, [], years)
    families = {group: _members(tables, group, choices) for group in groups}
    forced = {group: np.zeros((len(family.unseen), len(years) + 1), dtype=bool)
              for group, family in families.items()}
    pairs = [(g, h) for i, g in enumerate(groups) for h in groups[i + 1:] if g and h]
    if threshold <= 1 or not pairs:
        return forced
    order = [c for group in groups for c in group]
    found = {}
    for pair in pairs:
        columns = tuple(c for c in order if c in pair[0] or c in pair[1])
        family = _members(tables, columns, choices)
        counts, exposed, _ = _family(split, nearby, family, place, value, threshold, corners)
        margins = {}  # a member that is a count of one value (or of all): its filter's families and members
        for choice, m in family.choices():
            for group in pair:
                other = pair[1] if group == pair[0] else pair[0]
                if all(choice[columns.index(c)] is None for c in other):
                    mine = families[group].member_of(tuple(choice[columns.index(c)] for c in group))
                    if mine is not None:
                        margins.setdefault(m, []).append((group, mine))
        found[pair] = family, counts[:, :, 0], exposed[:, :, 0], margins
    for _ in range(rounds):
        hidden, flagged = {}, {}
        for group, family in families.items():
            counts, exposed, totals_exposed = _family(split, nearby, family, place, value, threshold, corners,
                                                      forced[group])
            flagged[group] = _read_hidden(_decide(counts, exposed, family.unseen, family.costly, family.sums, one, [],
                                                  threshold, totals_exposed), counts, forced[group], threshold)[:, :, 0]
            hidden[group] = flagged[group] | primary(counts[:, :, 0], threshold)
        more = False
        for pair, (family, counts, exposed, margins) in found.items():
            for m, r in _worked_out(family, counts, exposed, margins, hidden, flagged, threshold):
                for group, mine in margins[m]:
                    forced[group][mine, r] = more = True
        if not more:
            break
    return forced


def _worked_out(family: "_Members", counts: np.ndarray, exposed: np.ndarray, margins: dict, hidden: dict,
                flagged: dict, threshold: int) -> list[tuple[int, int]]:
    """The counts of one value (margin members, by row) to hide in one pair's family
    (``_forced``): each chosen from the sums that work out a count that must stay hidden; where
    none does so alone, from those that pin it with the bounds of the counts that read "<5"
    (``_pinned_with_bounds``)."""
    members, rows = counts.shape
    shown_margin = np.zeros(counts.shape, dtype=bool)
    bounded = np.zeros(counts.shape, dtype=bool)  # a count of one value that reads "<5"
    for m, owners in margins.items():
        shown_margin[m] = ~np.logical_or.reduce([hidden[group][mine] for group, mine in owners])
        bounded[m] = (primary(counts[m], threshold)
                      & ~np.logical_or.reduce([flagged[group][mine] for group, mine in owners]))
    known = (counts == 0) | shown_margin
    own_sake = primary(counts, threshold) | (exposed & (counts > 0) & ~family.unseen[:, None])
    must = own_sake | (~shown_margin & np.array([m in margins for m in range(members)])[:, None] & (counts > 0))

    def at(m, r):
        return m * rows + r

    sums = [np.array([at(m, r) for r in range(rows)]) for m in range(members)]
    sums += [np.append(at(parts, r), at(whole, r)) for parts, whole in family.sums for r in range(rows)]
    open_cells = ~known.reshape(-1)
    by = {}  # a worked-out count: the sum that gave it
    changed = True
    while changed:
        changed = False
        for s, cells in enumerate(sums):
            unknown = cells[open_cells[cells]]
            if len(unknown) == 1:
                open_cells[unknown[0]] = False
                by[int(unknown[0])] = s
                changed = True
    flat_counts, flat_must, flat_margin = counts.reshape(-1), must.reshape(-1), shown_margin.reshape(-1)
    chosen = set()
    for cell, s in by.items():
        if not flat_must[cell]:
            continue
        # The shown counts of one value behind it: in its sum, and behind each count worked out there.
        behind, seen, queue = [], {cell}, [s]
        while queue:
            for other in sums[queue.pop()].tolist():
                if flat_margin[other] and flat_counts[other] > 0:
                    behind.append(other)
                elif other in by and other not in seen:
                    seen.add(other)
                    queue.append(by[other])
        if behind:  # the smallest, the count of all (which boards read) last
            pick = min(behind, key=lambda c: (bool(family.costly[c // rows]), int(flat_counts[c])))
            chosen.add(divmod(pick, rows))
    if not chosen:
        chosen = _pinned_with_bounds(family, counts, known, bounded, own_sake, sums, threshold)
    return sorted(chosen)


def _pinned_with_bounds(family: "_Members", counts: np.ndarray, known: np.ndarray, bounded: np.ndarray,
                        own_sake: np.ndarray, sums: list[np.ndarray], threshold: int) -> set[tuple[int, int]]:
    """``_worked_out``'s choice where a reader combines the sums with the "<5" counts of one
    value (``bounded``: from 1 to the threshold less one) to pin a count hidden for its own sake
    (``own_sake``: small, or given away by a neighbouring view). For each such count: that
    count, if it reads "<5" itself (it then reads "hidden"); else a count of one value in a sum
    with it, one that reads "<5" before one shown, the smallest."""
    if not bounded.any() or not own_sake.any():  # no "<5" to combine, or nothing to protect
        return set()
    rows = counts.shape[1]
    flat_counts, flat_bounded = counts.reshape(-1), bounded.reshape(-1)
    unknown = ~known.reshape(-1) & (flat_counts > 0)
    # Each of ``sums`` ends with its total: a member's years sum to its all years, and a
    # whole's parts to it in each row.
    totals = [(cells[:-1], int(cells[-1])) for cells in sums]
    pinned = pinned_counts(flat_counts, unknown, flat_bounded, [], totals, threshold, check=own_sake.reshape(-1))
    margin = (known.reshape(-1) | flat_bounded) & (flat_counts > 0)
    chosen = set()
    for cell in pinned:
        if flat_bounded[cell]:
            chosen.add(divmod(cell, rows))
            continue
        near = {int(c) for cells in sums if cell in cells for c in cells if margin[c]}
        if near:  # a "<5" first (it only reads "hidden"), the count of all (which boards read) last
            pick = min(near, key=lambda c: (not flat_bounded[c], bool(family.costly[c // rows]), int(flat_counts[c])))
            chosen.add(divmod(pick, rows))
    return chosen


def view_of(split: pd.DataFrame, *, dims: Sequence[str], period: Period, chosen: Mapping[str, object] | None = None,
            value: str = "value", counts: Sequence[str] | None = None) -> pd.DataFrame:
    """The view ``chosen`` picks out of ``split`` (its columns holding the chosen values; None:
    any) in ``period``: ``counts`` (``value`` alone unless given) by ``dims``, ordered by them."""
    dims, counts = list(dims), list(counts or [value])
    keys = [*(d for d in dims if d != YEAR), YEAR]
    return in_period(_member(split, dict(chosen or {}), keys, counts), dims=dims, period=period, counts=counts)


def _member(table: pd.DataFrame, choice: Mapping[str, object], keys: list[str], counts: list[str]) -> pd.DataFrame:
    """``counts`` by ``keys`` of the rows whose columns hold ``choice``'s set values (None: any)."""
    rows = _member_rows(table, choice)
    return rows.groupby(keys, dropna=False)[counts].sum().reset_index()


def _families_of(chosen: Mapping[str, object], nested: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The families a view is a member of, by their split columns: the one whose values the
    view sets, or, under none, each. A view setting values of two families is refused: a
    viewer sets one at a time (``metrics.filters.ONE_AT_A_TIME``), so every family is decided
    with the other families' filters unset, and holds every view it has a member in."""
    families = _family_columns(list(chosen), nested)
    narrowed = [columns for columns in families if any(chosen[c] is not None for c in columns)]
    if len(narrowed) > 1:
        raise ValueError(f"a viewer's view sets values of one of {', '.join(map(str, families))} at most, "
                         f"not {', '.join(map(str, narrowed))}")
    return narrowed or families


def _family_columns(chosen: list[str], nested: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The split columns each family is decided over: each column of ``chosen`` with those
    nested inside it (ethnicity with detailed ethnicity); one family of none when none is split."""
    families = [(c, *(inner for inner, outer in nested.items() if outer == c and inner in chosen))
                for c in chosen if nested.get(c) not in chosen]
    return families or [()]


class _Members:
    """The views of one family: every choice a viewer can make of ``columns``' values (each
    set, or all), as sets of the finest counts the split records (each combination of the
    columns' values, MISSING for none; combinations no view tells apart are one). Views
    holding the same records are one member; a
    finest count no view holds alone (police.uk's "Other" gender, a missing value, a group's
    records with no detailed group) is an *unseen* member. Each member holding several finest
    counts is their sum (``sums``, by member index)."""

    def __init__(self, columns: tuple[str, ...], finest: list[tuple], choices: Mapping[str, Collection | None]):
        self.columns = columns
        options = [[None, *sorted(choices.get(c) if choices.get(c) is not None
                                  else {key[i] for key in finest} - {MISSING}, key=str)]
                   for i, c in enumerate(columns)]
        held_by = {choice: frozenset(f for f, key in enumerate(finest)
                                     if all(v is None or key[i] == v for i, v in enumerate(choice)))
                   for choice in itertools.product(*options)}
        alike = _told_apart(len(finest), list(held_by.values()))
        self.finest = [finest[fs[0]] for fs in alike]
        class_of = {f: c for c, fs in enumerate(alike) for f in fs}
        self.finest_index = _index(finest, columns, at=[class_of[f] for f in range(len(finest))])
        views: dict[frozenset, list[tuple]] = {}
        for choice, held in held_by.items():
            if held:
                views.setdefault(frozenset(class_of[f] for f in held), []).append(choice)
        # Members: each finest count (seen where a view holds it alone), then the wider views.
        sets = [frozenset([f]) for f in range(len(self.finest))]
        sets += sorted((held for held in views if len(held) > 1), key=lambda h: (len(h), sorted(h)))
        self.unseen = np.array([held not in views for held in sets])
        member_of_set = {held: m for m, held in enumerate(sets)}
        self._by_choice = {choice: member_of_set[held] for held, choices_ in views.items() for choice in choices_}
        # The view under none of these filters, which boards read: hidden to protect a narrower
        # view only where no count of a narrower view will do.
        self.costly = np.zeros(len(sets), dtype=bool)
        if len(sets) > 1:
            self.costly[self._by_choice[(None,) * len(columns)]] = True
        self.matrix = np.zeros((len(sets), len(self.finest)), dtype=np.int64)
        for m, held in enumerate(sets):
            self.matrix[m, sorted(held)] = 1
        self.sums = [(np.array(sorted(held)), m) for m, held in enumerate(sets) if len(held) > 1]
        # Each view against the view with one of its set values lifted (a neighbouring view).
        pairs = {(m, self._by_choice[choice[:i] + (None,) + choice[i + 1:]])
                 for choice, m in self._by_choice.items() for i, v in enumerate(choice) if v is not None}
        pairs = sorted((m, wider) for m, wider in pairs if m != wider)
        self.relaxed = (np.array([p[0] for p in pairs], dtype=int), np.array([p[1] for p in pairs], dtype=int))
        for array in (self.unseen, self.costly, self.matrix, *self.relaxed, *(parts for parts, _ in self.sums)):
            array.setflags(write=False)  # one family is shared by every view of the same values (``_members``)

    def choices(self) -> list[tuple[tuple, int]]:
        """Every choice a viewer can make of the columns' values, with the member it opens."""
        return list(self._by_choice.items())

    def member_of(self, choice: tuple) -> int | None:
        """The member a viewer's choice of the columns' values opens; None when it holds no records."""
        return self._by_choice.get(choice)

    def cube(self, place: "_Placer", table: pd.DataFrame, value: str) -> tuple[np.ndarray, np.ndarray]:
        """``table``'s counts as members by rows by cells, and each member's row totals
        (``_Placer.cube``)."""
        counts, totals = place.cube(table, self.columns, self.finest_index, value)
        return np.tensordot(self.matrix, counts, axes=1), self.matrix @ totals


def _told_apart(finest: int, views: Sequence[frozenset]) -> list[list[int]]:
    """The ``finest`` counts (by index) as the sets a reader can tell apart: those every view
    holds together or not at all (police.uk's "Other" gender and no gender recorded, under every
    gender alone) are one, as a reader only ever sees their sum. So it is the sum that is
    protected where small: each of the two protected alone, "Other" 2 and no gender 2 gave
    their 4 away as every gender's less men's and women's."""
    alike: dict[tuple, list[int]] = {}
    for f in range(finest):
        alike.setdefault(tuple(f in held for held in views), []).append(f)
    return list(alike.values())


def _members(tables: Sequence[pd.DataFrame], columns: tuple[str, ...],
             choices: Mapping[str, Collection | None]) -> _Members:
    """The family of ``columns`` over the values ``tables`` hold. It depends on those values
    and ``choices`` alone, so one is built for each and kept (``_FAMILIES``)."""
    finest = _combinations(tables, columns) if columns else [()]
    key = (columns, tuple(finest), _choices_key(choices))
    return _remembered(_FAMILIES, key, lambda: _Members(columns, finest, choices))


def _combinations(tables: Sequence[pd.DataFrame], columns: tuple[str, ...]) -> list[tuple]:
    """Each combination of ``columns``' values in ``tables``, keyed (``_keyed``), in order."""
    found = set()
    for table in tables:
        memo = _memo(table)
        if ("combinations", columns) not in memo:
            memo["combinations", columns] = set(zip(*(_column_keys(table, c).tolist() for c in columns)))
        found |= memo["combinations", columns]
    return sorted(found, key=str)


def _memo(table: pd.DataFrame) -> dict:
    """What has been worked out of ``table`` (``_MEMOS``), kept while it lives."""
    memo = _MEMOS.get(id(table))
    if memo is None:
        memo = _MEMOS.setdefault(id(table), {})
        weakref.finalize(table, _MEMOS.pop, id(table), None)
    return memo


def _column_keys(table: pd.DataFrame, column: str) -> np.ndarray:
    """``table[column]`` as keys (``_keyed``): objects, MISSING where no value is recorded."""
    memo = _memo(table)
    if ("keys", column) not in memo:
        values = table[column].to_numpy(dtype=object, copy=True)
        values[pd.isna(values)] = MISSING
        memo["keys", column] = _read_only(values)
    return memo["keys", column]


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)  # kept and shared (``_memo``)
    return array


def _choices_key(choices: Mapping[str, Collection | None]) -> tuple:
    return tuple((c, None if v is None else tuple(sorted(v, key=str))) for c, v in sorted(choices.items()))


def _single_year(period: Period, years: list[str]) -> str | None:
    """The one year ``period`` covers, or None for all years; any other span is refused."""
    inside = [y for y in years if period.covers(y)]
    if period == ALL_YEARS or inside == years:
        return None
    if period.first is not None and period.first == period.last:
        return period.first
    raise ValueError(f"{period} is neither one financial year nor all years: viewers' views are one or the other")


def _keyed(table: pd.DataFrame, base: Sequence[str]) -> pd.DataFrame:
    """``table`` with missing values in ``base`` as MISSING, so that they match between views."""
    if not base:
        return table
    return table.assign(**{d: table[d].astype(object).where(table[d].notna(), MISSING) for d in base})


def _keys(table: pd.DataFrame, base: Sequence[str]) -> list[tuple]:
    if not base:
        return [()] * len(table)
    return list(zip(*(table[column].tolist() for column in base)))


class _Placer:
    """Where a table's rows go in a family's arrays: the cell (by ``base``; -1 for a cell the
    family's own table lacks) and the row (each year, then all years)."""

    def __init__(self, cells: pd.DataFrame, base: list[str], years: list[str]):
        self.base, self.years = base, years
        self.cell_index = _index(_keys(cells, base), base) if base else None
        self.width = len(cells)

    def cube(self, rows: pd.DataFrame, columns: tuple[str, ...], finest: "_Lookup | None",
             value: str) -> tuple[np.ndarray, np.ndarray]:
        """Counts of a table's ``rows`` as finest counts (each combination of ``columns``'
        values, in ``finest``'s order) by rows by cells, and their row totals (cells the family
        lacks included: a neighbour's total counts them)."""
        height = len(self.years) + 1
        size = len(finest) if columns else 1
        counts = np.zeros((size, height, self.width), dtype=np.int64)
        totals = np.zeros((size, height), dtype=np.int64)
        if len(rows):
            m = _positions(finest, rows, columns) if columns else np.zeros(len(rows), dtype=int)
            r = _year_rows(rows, self.years)
            c = _positions(self.cell_index, rows, self.base) if self.base else np.zeros(len(rows), dtype=int)
            amount = rows[value].to_numpy(dtype=np.int64)
            np.add.at(totals, (m, r), amount)
            inside = c >= 0
            np.add.at(counts, (m[inside], r[inside], c[inside]), amount[inside])
        counts[:, -1], totals[:, -1] = counts[:, :-1].sum(axis=1), totals[:, :-1].sum(axis=1)
        return counts, totals


def _index(keys: list[tuple], columns: Sequence[str], at: Sequence[int] | None = None) -> "_Lookup | None":
    """``keys`` (tuples of ``columns``' values, as ``_keyed`` gives them, each once) as a lookup:
    each key to its place, or to ``at``'s for it (several keys may share one)."""
    return _Lookup(keys, len(columns), at) if columns else None


class _Lookup:
    """Where each of some keys lies. A page's tables have tens or hundreds of rows, and a plain
    dict looks them up many times faster than a pandas index (building a MultiIndex of a table's
    columns took a tenth of a page's read)."""

    def __init__(self, keys: list[tuple], width: int, at: Sequence[int] | None = None):
        at = range(len(keys)) if at is None else at
        self.position = {(key[0] if width == 1 else key): i for i, key in zip(at, keys)}
        self.size = len(set(at))

    def __len__(self) -> int:
        return self.size

    def find(self, probes: Iterable, count: int) -> np.ndarray:
        get = self.position.get
        return np.fromiter((get(probe, -1) for probe in probes), dtype=np.intp, count=count)


def _positions(index: _Lookup, table: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Where each row of ``table`` lies in ``index`` by its ``columns``' values (-1: not in it)."""
    memo, key = _memo(table), ("positions", tuple(columns), id(index))
    if key in memo and memo[key][0] is index:  # the index is kept with its answer: its id is not reused
        return memo[key][1]
    if len(columns) == 1:
        probes = _column_keys(table, columns[0]).tolist()
    else:
        probes = zip(*(_column_keys(table, c).tolist() for c in columns))
    found = index.find(probes, len(table))
    memo[key] = (index, _read_only(found))
    return found


def _year_rows(table: pd.DataFrame, years: list[str]) -> np.ndarray:
    """Each row of ``table``'s place among ``years``."""
    memo, key = _memo(table), ("years", tuple(years))
    if key not in memo:
        row_of = {year: r for r, year in enumerate(years)}
        memo[key] = _read_only(np.fromiter((row_of[year] for year in table[YEAR].tolist()), dtype=np.intp,
                                           count=len(table)))
    return memo[key]


def _member_rows(table: pd.DataFrame, choice: Mapping[str, object]) -> pd.DataFrame:
    rows = table
    for column, wanted in choice.items():
        if wanted is not None:
            rows = rows[rows[column].isna()] if wanted is MISSING else rows[rows[column] == wanted]
    return rows


def _family(split, nearby, family: _Members, place, value, threshold,
            corners: Sequence[tuple[int, int, int]] = (),
            forced: np.ndarray | None = None, forced_cells: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Each member view's counts, and where a neighbouring view gives them away, as arrays of
    members (``_Members``) by rows (each year, then all years) by cells.

    A member's neighbours (``metrics.neighbours``), compared row by row: the ``nearby`` tables,
    and the member with one of its own set values lifted. A cell is given
    away when its counts differ by a small number, and a row's total when its totals do: that
    total is then protected like a small count (``_decided``).
    Two steps away too, where four views give the people outside two filters: the member, it
    with a set value lifted, and both under a neighbouring filter (girls aged 10-16, all aged
    10-16, girls and everyone: those neither girls nor 10-16); and each of ``corners``, three
    indices into ``nearby`` (a view with one filter relaxed, with another, and with both). A
    view with both relaxed, two steps from the member, is compared in its corners alone: its
    difference from the member counts no one group.
    Also returns, for each member and row, whether its total is given away so (members by rows)."""
    counts, totals = family.cube(place, split, value)
    others = [family.cube(place, table, value) for table in nearby]
    two_steps = {k for _, _, k in corners} - {n for i, j, _ in corners for n in (i, j)}
    one_step = [pair for n, pair in enumerate(others) if n not in two_steps]

    def small(difference: np.ndarray) -> np.ndarray:
        return (np.abs(difference) >= 1) & (np.abs(difference) < threshold)

    narrow, wider = family.relaxed

    def lifted(array: np.ndarray) -> np.ndarray:  # each member less the member with a set value lifted
        return array[narrow] - array[wider]

    # Differences for every member, and for the members with a set value (``narrow``).
    every = [(counts - c, totals - t) for c, t in one_step]
    every += [(counts - others[i][0] - others[j][0] + others[k][0],
               totals - others[i][1] - others[j][1] + others[k][1]) for i, j, k in corners]
    narrowed = [(lifted(counts), lifted(totals))]
    narrowed += [(lifted(counts) - lifted(c), lifted(totals) - lifted(t)) for c, t in one_step]
    exposed, totals_exposed = np.zeros(counts.shape, dtype=bool), np.zeros(totals.shape, dtype=bool)
    for count_difference, total_difference in every:
        exposed |= small(count_difference)
        totals_exposed |= small(total_difference)
    for count_difference, total_difference in narrowed:
        np.logical_or.at(exposed, narrow, small(count_difference))
        np.logical_or.at(totals_exposed, narrow, small(total_difference))
    if forced is not None:  # totals hidden so that counts of two filters' values cannot be worked out
        totals_exposed |= forced
    if forced_cells is not None:  # counts hidden so that their age choices cannot be added up
        exposed |= forced_cells
    if counts.shape[2] == 1:  # a view of one count (a trend): its total is that count
        exposed |= totals_exposed[:, :, None]
    return counts, exposed & (counts > 0), totals_exposed & (totals > 0)


def _must_hide(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, threshold: int) -> np.ndarray:
    """Members by rows by cells: the counts to hide before the secondary rule (small ones, and
    those a neighbouring view gives away), and the small ones no view shows."""
    small = primary(counts, threshold)
    seen = ~unseen[:, None, None]
    return np.where(seen, small | (exposed & (counts > 0)), small)


def _decide(counts, exposed, unseen, costly, sums, cells, base, threshold, totals_exposed,
            fixed: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Which counts of the family to flag: at once where the family is small enough, else line
    by line. Every view of a family asks the same question: the answer is kept (``_DECISIONS``).
    ``fixed``, where given, is a mask of counts and their flags (each members by rows by cells),
    decided in a family of their own: they are flagged so, and none of them is hidden to
    protect another."""
    key = (counts.shape, counts.tobytes(), exposed.tobytes(), unseen.tobytes(), costly.tobytes(),
           totals_exposed.tobytes(), tuple((tuple(parts), whole) for parts, whole in sums), tuple(base),
           tuple(_keys(cells, base)) if base else (), threshold, JOINT_CAP, JOINT_HIDDEN_CAP, CHECK_CAP,
           None if fixed is None else (fixed[0].tobytes(), fixed[1].tobytes()))

    def decided() -> np.ndarray:
        kept = np.zeros(counts.shape, dtype=bool)
        marked = exposed
        if fixed is not None:
            kept |= fixed[0]
            marked = np.where(kept, fixed[1], exposed)
        flags = _decided(counts, marked, unseen, costly, sums, cells, base, threshold, totals_exposed, kept)
        flags.setflags(write=False)
        return flags

    return _remembered(_DECISIONS, key, decided)


def _decided(counts, exposed, unseen, costly, sums, cells, base, threshold, totals_exposed, kept) -> np.ndarray:
    unknowns = _must_hide(counts, exposed, unseen, threshold) | (unseen[:, None, None] & (counts > 0))
    # Kept counts, decided in their own family, are known to the programme or stay hidden: they
    # add no choice to make. The caps count the rest.
    if not _at_once(np.where(kept, 0, counts), unknowns & ~kept, base):
        # Every count of a view whose total a neighbour gives away.
        whole_views = exposed | (totals_exposed[:, :, None] & (counts > 0) & ~kept)
        if len(base) > 1 or np.count_nonzero(counts) > CHECK_CAP:
            # Heatmaps and maps (each view's own lines are decided by its page), or too large: not
            # checked at once, such a view hides every count.
            return _cell_decisions(counts, whole_views, unseen, costly, sums, cells, base, threshold, kept)
        # Tables of one dimension: the lines' decisions are then checked as a whole, which hides
        # only as many of a view's counts as a total given away needs. Where the check is stuck
        # (its last resort hides every count), every count of those views instead, then checked.
        for rows in (exposed, whole_views):
            check = _Programme(counts, rows, unseen, costly, sums, cells, base, threshold, totals_exposed, kept)
            flags = check.checked(_cell_decisions(counts, rows, unseen, costly, sums, cells, base, threshold, kept),
                                  threshold)
            if not check.stuck:
                break
        return flags
    return _joint_decisions(counts, exposed, unseen, costly, sums, cells, base, threshold, totals_exposed, kept)


def _at_once(counts: np.ndarray, unknowns: np.ndarray, base: list[str]) -> bool:
    """Whether a family is small enough to decide at once (``_joint_decisions``)."""
    return (len(base) <= 1 and np.count_nonzero(counts) <= JOINT_CAP
            and np.count_nonzero(unknowns) <= JOINT_HIDDEN_CAP)


def _joint_decisions(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, costly: np.ndarray,
                     members_sums: list[tuple[np.ndarray, int]], cells: pd.DataFrame, base: list[str],
                     threshold: int, totals_exposed: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Which counts of the family to flag, deciding for all its views at once
    (``metrics.disclosure.protect_views``) over ``_Programme``'s sums. So a partner a view hides
    beside a small cell is protected too. Then checked as a decision made line by line is
    (``_Programme.checked``): the greedy choice of partners left a count pinned, rarely (a
    detailed group's record in one cell and year, through its group's count there, the "<5"s
    of a detailed group in each cell and year and its total: ``test_families``)."""
    if not _must_hide(counts, exposed, unseen, threshold).any():
        return np.zeros(counts.shape, dtype=bool)
    p = _Programme(counts, exposed, unseen, costly, members_sums, cells, base, threshold, totals_exposed, kept)
    hidden, relabelled = protect_views(p.flat, p.must, lines=p.lines, sums=p.sums, threshold=threshold,
                                       unseen=p.unseen, kept=p.kept, reads_hidden=p.reads_hidden, costly=p.costly,
                                       finest=p.finest)
    # A "<5" the page's own primary rule hides needs no flag, unless it must read "hidden".
    flags = p.cells_of(hidden & (~primary(p.flat, threshold) | relabelled))
    return _checked_at_once(p, flags, threshold)  # protect_views changes none of p's arrays


def _checked_at_once(programme: "_Programme", flags: np.ndarray, threshold: int) -> np.ndarray:
    """A decision made at once, checked (``_joint_decisions``): a tests' switch of its own, so that
    each rule before it can be shown to be needed without the check behind it."""
    return programme.checked(flags, threshold)


class _Programme:
    """A family as linear sums for ``metrics.disclosure``: each view's cells sum to its total
    (one more cell, kept: shown or hidden as its own family decides), each cell's years sum to
    its all-years count, and members sum as ``members_sums`` says (``_Members.sums``); the
    view's own lines beyond its total (two or more dimensions) are known. ``kept`` counts
    (members by rows by cells) are decided elsewhere, as their ``exposed`` flags say."""

    def __init__(self, counts, exposed, unseen, costly, members_sums, cells, base, threshold, totals_exposed,
                 kept_cells=None):
        members, rows, width = counts.shape
        if width > 1:
            # Each view's total is one more cell. Another page shows it, as the same counts'
            # family decides without their cells: decided here the same way, and kept whatever
            # this family decides (it hides no total, and checks none it hides is pinned by the cells).
            totals = counts.sum(axis=2, keepdims=True)
            total_flags = _decide(totals, totals_exposed[:, :, None], unseen, costly, members_sums,
                                  pd.DataFrame(index=[0]), [], threshold, totals_exposed)
            counts = np.concatenate([counts, totals], axis=2)
            # Hidden for its own sake (small, or given away by a neighbour) where its family says so;
            # a total that family hides beside another reads "hidden" but is no target here: its
            # family protects what it hid it for, and those counts are targets here too.
            own_sake = np.concatenate([exposed, totals_exposed[:, :, None]], axis=2)
            exposed = np.concatenate([exposed, total_flags], axis=2)
        else:
            own_sake = exposed
        full = counts.shape[2]
        self.width, self.shape = width, counts.shape

        def at(m, r, c=0):  # the flat index of member m's row r, cell c
            return (np.asarray(m) * rows + r) * full + np.asarray(c)

        own = [line for line in (known_lines(cells, base) if base else []) if len(line) < width]
        self.lines = _distinct([line + at(m, r) for m in range(members) if not unseen[m] for r in range(rows)
                                for line in own])
        sums = [(at(m, r, np.arange(width)), int(at(m, r, width)))
                for m in range(members) for r in range(rows)] if width > 1 else []
        sums += [(at(m, np.arange(rows - 1), c), int(at(m, rows - 1, c))) for m in range(members) for c in range(full)]
        sums += [(at(parts, r, c), int(at(whole, r, c))) for parts, whole in members_sums for r in range(rows)
                 for c in range(full)]
        self.sums = sums
        self.flat = counts.reshape(-1)
        self.must = primary(self.flat, threshold) | (own_sake.reshape(-1) & (self.flat > 0))
        kept = np.zeros(counts.shape, dtype=bool)
        reads_hidden = np.zeros(counts.shape, dtype=bool)
        if width > 1:
            kept[:, :, width] = True
            reads_hidden[:, :, width] = exposed[:, :, width]
        if kept_cells is not None:  # as their families decided them: hidden where flagged, small ones "hidden"
            kept[:, :, :width] |= kept_cells
            reads_hidden[:, :, :width] |= kept_cells & exposed[:, :, :width]
        self.kept, self.reads_hidden = kept.reshape(-1), reads_hidden.reshape(-1)
        self.unseen, self.costly = np.repeat(unseen, rows * full), np.repeat(costly, rows * full)
        finest = np.ones(members, dtype=bool)  # the members no other sums (``protect_views``)
        for _, whole in members_sums:
            finest[whole] = False
        self.finest = np.repeat(finest, rows * full)

    def cells_of(self, flat: np.ndarray) -> np.ndarray:
        """Flat flags as members by rows by the table's cells (the totals dropped)."""
        return flat.reshape(self.shape)[:, :, :self.width]

    def checked(self, flags: np.ndarray, threshold: int, rounds: int = 4) -> np.ndarray:
        """``flags`` (decided line by line), with more counts flagged until the programme pins
        no count hidden for its own sake (small, or given away by a neighbour). Each round, a
        pinned "<5" reads "hidden" and every count of the pinned counts' groups that may be
        hidden is; where none may, the smallest count of the view under no filter in each of
        those groups is. A count hidden so in an earlier round that the programme pins protects
        nothing: its groups are around the pins too. After ``rounds``, every count of the
        family's tables, that view's included."""
        def padded(table_flags: np.ndarray) -> np.ndarray:
            extra = np.zeros(table_flags.shape[:2] + (self.shape[2] - self.width,), dtype=bool)
            return np.concatenate([table_flags, extra], axis=2).reshape(-1)

        flagged, in_table = padded(flags), padded(np.ones(flags.shape, dtype=bool))
        small = primary(self.flat, threshold)
        hidden = (self.must | self.unseen | flagged | self.reads_hidden) & (self.flat > 0)
        # What reads "<5": a small count no flag makes read "hidden"; a total as its family says.
        bounded = hidden & small & ~self.unseen & np.where(in_table, ~flagged, ~self.reads_hidden)
        target = hidden & self.must & (~self.unseen | small)
        may_hide = (self.flat > 0) & in_table & ~self.kept & ~self.costly & ~self.unseen
        groups = self.lines + [np.append(parts, whole) for parts, whole in self.sums]
        partners = np.zeros(hidden.shape, dtype=bool)  # counts hidden beside a pin in earlier rounds
        self.stuck = False
        for attempt in range(rounds + 1):
            pinned = pinned_counts(self.flat, hidden, bounded, self.lines, self.sums, threshold, check=target)
            if not pinned:
                break
            # A partner its own lines give back protects nothing: hide beside it too.
            held = pinned_counts(self.flat, hidden, bounded, self.lines, self.sums, threshold,
                                 check=partners) if partners.any() else []
            more = np.zeros(hidden.shape, dtype=bool)
            around = [group for group in groups if np.isin(group, pinned + held).any()]
            if attempt < rounds:
                for group in around:
                    more[group] = may_hide[group]
                if not (more & ~hidden).any():  # none narrower: the smallest of the view under no filter's
                    for group in around:
                        open_costly = group[self.costly[group] & (self.flat[group] > 0) & in_table[group]
                                            & ~self.kept[group] & ~hidden[group]]
                        if open_costly.size:
                            more[open_costly[np.argmin(self.flat[open_costly])]] = True
                partners |= more & ~hidden
            else:  # every count of the tables, as a last resort
                more = (self.flat > 0) & in_table & ~self.unseen & ~self.kept
                self.stuck = True
            more[pinned] = in_table[pinned] & ~self.kept[pinned]
            more &= ~hidden | bounded
            hidden |= more
            flagged |= more
            bounded &= ~more
        return self.cells_of(flagged)


def _cell_decisions(counts: np.ndarray, exposed: np.ndarray, unseen: np.ndarray, costly: np.ndarray,
                    members_sums: list[tuple[np.ndarray, int]], cells: pd.DataFrame, base: list[str],
                    threshold: int, kept: np.ndarray) -> np.ndarray:
    """Which counts of the family to flag, line by line: for families too large for
    ``_joint_decisions``. Each cell's years sum to its all-years count, members sum as
    ``members_sums`` says, and each view's cells to its total and its marginal lines (known:
    another page, or the view itself, shows them). ``metrics.disclosure.protect_line`` runs
    over every line until none changes; a line whose own total would give it away has that
    total withheld (read "hidden", even when small), or, where the total is shown whatever is
    decided here (a view's margin, the view under no filter), its hidden counts read "hidden"
    (a "<5" bounds them: four under a total of "<5" are each 1). A total hidden (to protect
    another line) whose counts are all shown is their sum: the smallest of them is hidden too.
    A partner another line gives exactly is taken as shown (``_given_by_another_line``).
    Each line is safe on its own;
    a reader who combines several lines at once (linear programming) is not guarded against
    here, nor is a view's total that its own family hides on another page (see the README's
    limits). ``kept`` counts are flagged as their ``exposed`` flags say, and hidden to protect none."""
    members, rows, width = counts.shape

    def at(m, r, c):
        return (np.asarray(m) * rows + np.asarray(r)) * width + np.asarray(c)

    lines = [(at(m, np.arange(rows - 1), c), int(at(m, rows - 1, c))) for m in range(members) for c in range(width)]
    lines += [(at(parts, r, c), int(at(whole, r, c))) for parts, whole in _with_coarse(members_sums)
              for r in range(rows) for c in range(width)]
    own = known_lines(cells, base) if base else []
    lines += [(at(m, r, line), -1) for m in range(members) if not unseen[m] for r in range(rows) for line in own]
    flat = counts.reshape(-1)
    unseen_flat, costly_flat = np.repeat(unseen, rows * width), np.repeat(costly, rows * width)
    kept = kept.reshape(-1)
    must = _must_hide(counts, exposed, unseen, threshold).reshape(-1) & (flat > 0)
    hidden = must.copy()
    withheld = np.zeros(flat.shape, dtype=bool)
    # Each line is read again only once a count in it has changed: until then it would change
    # nothing (the same passes, in the same order, skipping what would not move).
    held = [np.append(parts, total) if total >= 0 else parts for parts, total in lines]
    line_of = np.repeat(np.arange(len(lines)), [len(h) for h in held])
    positions = np.concatenate(held) if held else np.zeros(0, dtype=np.int64)
    order = np.argsort(positions, kind="stable")
    starts = np.searchsorted(positions[order], np.arange(flat.size + 1))  # each count's lines: order[starts[p]:...]
    dirty = np.ones(len(lines), dtype=bool)

    def touched(positions) -> None:
        for position in np.atleast_1d(positions):
            dirty[line_of[order[starts[position]:starts[position + 1]]]] = True

    never_shown = unseen_flat & (flat > 0)

    def lines_of(position: int) -> np.ndarray:
        return line_of[order[starts[position]:starts[position + 1]]]

    # Partners another line gives exactly, every other count in it shown: they protect nothing,
    # so they are taken as shown, and not hidden again to protect another, and the lines they are
    # in decided again (``_given_by_another_line``). Sought only once the lines have settled:
    # before, a line's other counts may yet be hidden (a hexagon's one year and its all years).
    known = np.zeros(flat.shape, dtype=bool)
    while dirty.any():
        for i, (parts, total) in enumerate(lines):
            if not dirty[i]:
                continue
            dirty[i] = False
            was = hidden[parts]
            if total >= 0 and hidden[total] and not was.any():
                # A hidden total whose counts are all shown is their sum: hide the smallest of them.
                movable = np.flatnonzero((flat[parts] > 0) & ~kept[parts])
                if movable.size:
                    smallest = cheapest(parts[movable], flat, costly_flat)
                    hidden[smallest] = True
                    touched(smallest)
                    was = hidden[parts]
            if not was.any() or (kept[parts].all() and (total < 0 or kept[total])):  # kept: decided elsewhere
                continue
            now, total_safe = protect_line(flat[parts], was & ~known[parts], threshold,
                                           unseen=unseen_flat[parts], costly=costly_flat[parts],
                                           kept=kept[parts] | known[parts])
            if (now & ~was).any():
                hidden[parts] = was | now
                touched(parts[now & ~was])
            if total_safe:
                continue
            if total >= 0 and not (costly_flat[total] or kept[total]):
                if not withheld[total]:
                    hidden[total] = withheld[total] = True
                    touched(total)
            else:  # a total shown whatever is decided here: the line's "<5" read "hidden" (0 and up)
                newly = hidden[parts] & ~kept[parts] & ~withheld[parts]
                if newly.any():
                    withheld[parts[newly]] = True
                    touched(parts[newly])
        if not dirty.any():
            partners = np.flatnonzero(hidden & ~must & ~known)
            given = partners[_given_by_another_line(partners, hidden | never_shown, held, lines_of)]
            known[given] = True
            touched(given)
    flags = (hidden & ~primary(flat, threshold)) | withheld
    if members > 1:
        # Each line is safe on its own, but "<5" bounds taken from several lines at once can pin a
        # count (a group's "<5" for girls and for boys, each the sum of two "<5" detailed groups,
        # under a "<5" total: each 2, and the detailed groups 1). Across a filter's values every
        # count hidden here reads "hidden": it bounds nothing.
        flags |= hidden
    flags[kept] = exposed.reshape(-1)[kept] & (flat[kept] > 0)
    return (~unseen_flat & flags).reshape(counts.shape)


def _given_by_another_line(partners: np.ndarray, unknown: np.ndarray, held: list[np.ndarray],
                           lines_of) -> np.ndarray:
    """Which of ``partners`` (positions of counts hidden to protect another) a line gives
    exactly, every other count in it known (not ``unknown``: hidden, or in no view): such a
    partner protects nothing. In the real sample, Asian searches at Saturday 02:00 in 2024-25
    (5), hidden beside their count of 2017-18 (4), were everyone's searches then, no other group
    having any: the 4 was their count over all years less the years shown and the 5. ``held``:
    each line's counts; ``lines_of``: the lines a count is in."""
    return np.array([any(np.count_nonzero(unknown[held[j]]) == 1 for j in lines_of(p)) for p in partners],
                    dtype=bool)


def _with_coarse(sums: list[tuple[np.ndarray, int]]) -> list[tuple[np.ndarray, int]]:
    """``sums`` (members as sums of the finest counts) and each member as the sum of the widest
    members inside it (all as the sum of each group, and of the counts in none): a line a reader
    would use that line-by-line decisions would otherwise not see (all less B gives A)."""
    held = {whole: frozenset(parts.tolist()) for parts, whole in sums}
    found = list(sums)
    for parts, whole in sums:
        inside = sorted((m for m in held if m != whole and held[m] < held[whole]), key=lambda m: -len(held[m]))
        chosen, covered = [], set()
        for m in inside:
            if not held[m] & covered:
                chosen.append(m)
                covered |= held[m]
        if chosen:
            found.append((np.array(sorted(chosen + sorted(held[whole] - covered))), whole))
    return found


def _distinct(lines: list[np.ndarray]) -> list[np.ndarray]:
    seen, found = set(), []
    for line in lines:
        key = tuple(sorted(line.tolist()))
        if key not in seen:
            seen.add(key)
            found.append(line)
    return found
