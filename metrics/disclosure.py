"""What may be shown: the one place that decides, for every chart, map, table and download.

Primary rule: a count from 1 to ``threshold - 1`` is never shown; it reads "<5" (for
the default threshold of 5). Zero stays zero. A rate, share or interval whose count is
suppressed is suppressed with it.

Secondary rule: a table's totals are assumed known (every line of the table: for each
dimension, the sum over it with the other dimensions held, and the grand total; a
total that is itself small is known only to be "<5"). A
suppressed cell must not be recoverable from the shown cells and those totals. Each
suppressed cell's feasible range is computed by linear programming (primary cells lie
in [1, threshold - 1], every other hidden cell is at least 0); while any cell's range
holds a single whole number, one more cell of that cell's sparsest line is hidden (the
smallest non-zero shown one), and the check runs again. Where a count is still pinned (ten
"<5" in a line of 40 are each 4), the "<5" of its lines read "hidden". Every rule here takes
a "hidden" count to be 0 or more, so where any count of a table reads "hidden", its zeros do
too: with them shown, a reader would know each "hidden" count is 1 or more.
A table by weekday and hour also has its after-school window's sum, and the rest's, known.

Neighbouring views: a cell a neighbouring table gives away (``metrics.neighbours``; the
``exposed`` column) is hidden like a primary cell; like every hidden cell, its range
must then not be pinned to one whole number by the shown cells and totals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import product

import numpy as np
import pandas as pd
# HiGHS's binding itself: highspy.Highs prints a banner to stdout, which `python -m metrics` must not carry.
from highspy import _core as highs

from metrics.measures import AFTER_SCHOOL_HOURS, AFTER_SCHOOL_WEEKDAYS


EXPOSED = "exposed"
# A table's ``attrs`` key: True where every cell was decided with the table's total and its
# other views in one family (``metrics.families``): ``suppress`` then hides no more of it.
DECIDED = "decided"


def as_flags(column: pd.Series) -> np.ndarray:
    """Any truthy value as True, missing as False: an ``exposed`` column summed by a groupby
    (a count of exposed parts) still means exposed."""
    return pd.Series(column).astype(object).where(pd.Series(column).notna(), False).astype(bool).to_numpy()


HIDDEN = "hidden"
# The latest feasible points one ``protect_views`` call starts each round's solves from.
SEEN_KEPT = 64


def label(threshold: int) -> str:
    """How a suppressed count reads: '<5' for the default threshold."""
    return f"<{threshold}"


def complete_grid(table: pd.DataFrame, categories: dict[str, Sequence], *, value: str = "value") -> pd.DataFrame:
    """Every combination of ``categories`` as a row, with 0 where ``table`` has none.

    Queries return only groups that exist; a missing group is a zero the reader can
    infer anyway, so suppression must see it.
    An ``exposed`` column (``metrics.neighbours``, ``metrics.families``) is carried through,
    False on added rows.
    """
    names = list(categories)
    grid = pd.DataFrame(list(product(*categories.values())), columns=names)
    carried = [c for c in (EXPOSED,) if c in table.columns]
    merged = grid.merge(table[names + [value] + carried], on=names, how="left")
    merged[value] = merged[value].fillna(0).astype(int)
    for column in carried:
        merged[column] = as_flags(merged[column])
    merged.attrs = dict(table.attrs)
    return merged


def primary(values: np.ndarray, threshold: int) -> np.ndarray:
    """True where a count must be hidden by the primary rule."""
    return (values >= 1) & (values < threshold)


def suppress(table: pd.DataFrame, *, dims: Sequence[str], threshold: int, value: str = "value",
             dependent: Sequence[str] = (), exposed: str = EXPOSED) -> pd.DataFrame:
    """``table`` with its counts made safe to show.

    Returns a copy where ``value`` is nullable (NA where hidden), ``suppressed`` says
    which rows were hidden, ``display`` is the text to show ("<5" for a small count,
    "hidden" for a count hidden to protect another, or "1,234"), and
    every column in ``dependent`` (rates, shares, interval bounds) is NA where hidden.
    ``dims`` are the table's dimension columns (none for a single number); the table
    should hold every combination of them (see ``complete_grid``). ``attrs["totals_safe"]``
    is False when the table's totals would reveal a hidden cell: show them with
    ``total_display``. Where the table has an ``exposed`` column (cells a neighbouring view
    gives away, ``metrics.neighbours``), those cells are hidden and protected like primary ones.
    A table whose cells were decided in their family, its total's line included
    (``attrs[DECIDED]``), is shown as decided: hiding more here, the same count would read
    differently in another table, for nothing.
    """
    counts = table[value].to_numpy(dtype=np.int64)
    must_hide = primary(counts, threshold)
    if exposed in table.columns and threshold > 1:
        must_hide = must_hide | (as_flags(table[exposed]) & (counts > 0))
    hidden = must_hide.copy()
    totals_safe = True
    relabelled = np.zeros(len(counts), dtype=bool)
    if hidden.any() and len(counts) > 1:
        lines = [] if table.attrs.get(DECIDED) else known_lines(table, dims)
        hidden = _secondary(counts, hidden, lines, threshold)
        relabelled, totals_safe = _relabelled(counts, hidden, lines, threshold)
    # "<5" is a statement (1 to 4): only the primary rule's cells may carry it. A cell hidden
    # to protect another, or flagged because another view would give it away, reads "hidden",
    # even when small: "1 to 4" beside the other views could pin it (``protect_views``).
    small = primary(counts, threshold) & ~relabelled
    if exposed in table.columns and threshold > 1:
        small = small & ~as_flags(table[exposed])
    hidden = zeros_read_hidden(counts, hidden, small)
    result = table.copy()
    # Where hiding cells cannot protect a cell (e.g. 4 and 4 with a total of 8), the
    # table's totals must not be shown anywhere: ``total_display`` says so.
    result.attrs["totals_safe"] = totals_safe
    result[value] = pd.array(np.where(hidden, 0, counts), dtype="Int64")
    result.loc[hidden, value] = pd.NA
    result["suppressed"] = hidden
    result["display"] = [label(threshold) if h and p else HIDDEN if h else f"{c:,}"
                         for c, h, p in zip(counts, hidden, small)]
    for column in dependent:
        result[column] = result[column].where(~hidden)
    return result


def zeros_read_hidden(counts: np.ndarray, hidden: np.ndarray, small: np.ndarray) -> np.ndarray:
    """``hidden`` with the view's zeros, where any of its counts reads "hidden" (``hidden``, not
    ``small``, which reads "<5"). With its zeros shown, a "hidden" count would be known to be 1
    or more, and a reader who counts them pins what every rule here, taking a "hidden" count to
    be 0 or more, protects: on the demo, Asian searches at Monday 06:00 in three years, whose
    sum was 5 and which held at least 1, 2 and 2 groups that read "hidden", were each 1."""
    if (hidden & ~small).any():
        return hidden | (counts == 0)
    return hidden


def protect_line(counts: np.ndarray, must_hide: np.ndarray, threshold: int,
                 unseen: np.ndarray | None = None, costly: np.ndarray | None = None,
                 kept: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    """The primary and secondary rules for one line of counts whose total is known (a cell's
    count in each financial year, with its count over all years): which counts to hide, and
    whether the total may be shown.

    Zeros are never hidden here (a zero protects nothing: ``suppress`` then hides a view's
    zeros beside its hidden counts, ``zeros_read_hidden``). Hidden counts are pinned
    when the total leaves one of them a single whole number (a "<5" lies in 1 to
    ``threshold - 1``, any other hidden count is at least 0); while one is, the smallest
    non-zero shown count is hidden too. Where none is left, the total is withheld. A total
    that is itself small reads "<5": it bounds the line rather than fixing it. ``unseen`` counts
    are shown by no view (a value of a filter a viewer cannot choose): they are hidden, read
    no "<5", and need protecting only when small (zeros among them are taken as known).
    ``costly`` counts are hidden to protect another only when no other is left (a view under no
    filter, which boards read). ``kept`` counts are never hidden here (another family decides
    them). Closed form, no programme: a line is one equation.
    """
    counts = np.asarray(counts, dtype=np.int64)
    unseen = np.zeros(len(counts), dtype=bool) if unseen is None else np.asarray(unseen, dtype=bool)
    hidden = (np.asarray(must_hide, dtype=bool) | unseen) & (counts > 0)
    small = primary(counts, threshold) & ~unseen
    protect = ~unseen | primary(counts, threshold)
    movable = np.ones(len(counts), dtype=bool) if kept is None else ~np.asarray(kept, dtype=bool)
    if not (hidden & protect).any():
        return hidden, True
    while True:
        if (_line_pinned(counts, hidden, small, threshold) & hidden & protect).any():
            shown = np.flatnonzero(~hidden & (counts > 0) & movable)
            if not shown.size:
                return hidden, False
            hidden[cheapest(shown, counts, costly)] = True
        else:
            return hidden, True


def cheapest(shown: np.ndarray, counts: np.ndarray, costly: np.ndarray | None) -> int:
    """Of the ``shown`` indices, the smallest count that is not ``costly``, else the smallest."""
    if costly is not None and (~costly[shown]).any():
        shown = shown[~costly[shown]]
    return shown[np.argmin(counts[shown])]


def _line_pinned(counts: np.ndarray, hidden: np.ndarray, small: np.ndarray, threshold: int) -> np.ndarray:
    """Which counts of the line the shown ones and its total pin to one whole number (hidden
    ones only: a shown count is known anyway)."""
    members = np.flatnonzero(hidden)
    bounded = small[members]  # a "<5" lies in 1 to threshold - 1; any other hidden count in 0 and up
    low = np.where(bounded, 1, 0)
    # The hidden counts' sum: the total less the shown counts, or, where the total is itself
    # small (it reads "<5"), anything that keeps the total within 1 to threshold - 1.
    shown_sum = counts[~hidden].sum()
    if primary(np.array([counts.sum()]), threshold)[0]:
        sum_low, sum_high = max(1 - shown_sum, 0), threshold - 1 - shown_sum
    else:
        sum_low = sum_high = counts.sum() - shown_sum
    # Each hidden count's range, given the others' ranges and their sum. The others' highest
    # sum is unbounded when any of them is unbounded.
    others_high = np.where((~bounded).sum() - (~bounded) > 0, np.inf,
                           (threshold - 1) * (bounded.sum() - bounded))
    least = np.maximum(low, sum_low - others_high)
    most = np.minimum(np.where(bounded, threshold - 1, np.inf), sum_high - (low.sum() - low))
    pinned = np.zeros(len(counts), dtype=bool)
    pinned[members] = np.floor(most + 1e-9) - np.ceil(least - 1e-9) < 1
    return pinned


def total_display(shown: pd.DataFrame, total: int, threshold: int) -> str:
    """The total of a suppressed table as it may be shown beside it."""
    if not shown.attrs.get("totals_safe", True):
        return "not shown (it would reveal a small number)"
    return suppress_number(total, threshold)


def suppress_number(count: int, threshold: int) -> str:
    """A single count as it may be shown."""
    return label(threshold) if primary(np.array([count]), threshold)[0] else f"{count:,}"


def known_lines(table: pd.DataFrame, dims: Sequence[str]) -> list[np.ndarray]:
    """Index sets whose sums are assumed known: the grand total and every marginal line, and,
    in a table by weekday and hour, the after-school window and the hours outside it (another
    table shows them: Priority 1's share in the window, year by year). There, one hour's
    weekdays and one weekday's hours are not lines: no page or download shows a count by hour
    or by weekday alone. Taken as known, an hour's six searches of 10-17-year-olds, one each
    weekday but Monday, pinned each other however much else was hidden, and every hour of the
    real sample's heatmap of them read "hidden"."""
    positions = np.arange(len(table))
    lines = [positions]
    dims = list(dims)
    table = table.reset_index(drop=True)
    by_weekday_hour = {"weekday", "hour"} <= set(dims)
    for dim in dims:
        others = [d for d in dims if d != dim]
        if not others or (by_weekday_hour and dim in ("weekday", "hour")):
            continue
        for _, group in table.groupby(others, sort=False, dropna=False):
            lines.append(group.index.to_numpy())
    lines += window_lines(table, dims)
    # A one-cell line's total is the cell itself: it tells nothing the cell does not.
    return [line for line in lines if len(line) > 1]


def window_lines(table: pd.DataFrame, dims: Sequence[str]) -> list[np.ndarray]:
    """In a table by weekday and hour (and anything else), for each value of the rest: the
    after-school window's cells, and the cells outside it."""
    if not {"weekday", "hour"} <= set(dims):
        return []
    table = table.reset_index(drop=True)
    window = (table["weekday"].isin(AFTER_SCHOOL_WEEKDAYS) & table["hour"].isin(AFTER_SCHOOL_HOURS)).to_numpy()
    others = [d for d in dims if d not in ("weekday", "hour")]
    lines = []
    for _, group in (table.groupby(others, sort=False, dropna=False) if others else [(None, table)]):
        at = group.index.to_numpy()
        lines += [at[window[at]], at[~window[at]]]
    return lines


def _secondary(counts: np.ndarray, hidden: np.ndarray, lines: list[np.ndarray], threshold: int) -> np.ndarray:
    """``hidden`` with more counts hidden until none is pinned."""
    hidden = hidden.copy()
    # An exposed cell's range is only bounded below (0): like any hidden cell, it must not be pinned.
    is_primary = primary(counts, threshold)
    for _ in range(len(counts)):
        _no_line_with_one_hidden(counts, hidden, lines)
        fixed_any = False
        for exposed in _recoverable(counts, hidden, is_primary, lines, threshold):
            candidates = [line for line in lines if exposed in line and (~hidden[line]).any()]
            if candidates:
                _hide_smallest(counts, hidden, min(candidates, key=lambda ln: (hidden[ln].sum(), len(ln))))
                fixed_any = True
        if not fixed_any:  # nothing exposed, or nothing left to hide beside it
            return hidden
    return hidden


def _relabelled(counts: np.ndarray, hidden: np.ndarray, lines: list[np.ndarray],
                threshold: int) -> tuple[np.ndarray, bool]:
    """The small hidden counts that must read "hidden" rather than "<5", and whether no hidden
    count is then pinned. Where the "<5" bounds pin a count and nothing is left to hide beside
    it (ten "<5" in a line whose total is 10 are each 1), the "<5" of its lines read "hidden":
    a "hidden" count may be 0."""
    small = primary(counts, threshold)
    relabelled = np.zeros(len(counts), dtype=bool)
    while True:
        pinned = _recoverable(counts, hidden, small & ~relabelled, lines, threshold)
        more = np.zeros(len(counts), dtype=bool)
        for line in lines:
            if np.isin(line, pinned).any() and (counts[np.intersect1d(line, pinned)] > 0).any():
                more[line] = True
        more &= hidden & small & ~relabelled
        if not more.any():
            return relabelled, not pinned
        relabelled |= more


def _no_line_with_one_hidden(counts: np.ndarray, hidden: np.ndarray, lines: list[np.ndarray]) -> None:
    """The cheap, usual first pass: no line may hold exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if hidden[line].sum() == 1 and (~hidden[line]).any():
                _hide_smallest(counts, hidden, line)
                changed = True


def _hide_smallest(counts: np.ndarray, hidden: np.ndarray, line: np.ndarray) -> None:
    shown = line[~hidden[line]]
    positive = shown[counts[shown] > 0]
    pool = positive if positive.size else shown
    hidden[pool[np.argmin(counts[pool])]] = True


def _recoverable(counts, hidden, is_primary, lines, threshold) -> list[int]:
    """Hidden cells whose value the shown cells and totals pin to one whole number.

    A line total that is itself small is shown as "<5", so it bounds its line rather
    than fixing it.
    """
    return _pinned_views(counts, hidden, is_primary, lines, [], threshold)


# --- views that sum other views ----------------------------------------------------------

def protect_views(counts: np.ndarray, must_hide: np.ndarray, *, lines: list[np.ndarray],
                  sums: list[tuple[np.ndarray, int]], threshold: int,
                  unseen: np.ndarray | None = None, kept: np.ndarray | None = None,
                  reads_hidden: np.ndarray | None = None, costly: np.ndarray | None = None,
                  finest: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The primary and secondary rules over cells of several views at once, some of which
    sum others (a cell's count over all years is the sum of its count in each year).

    ``lines`` are index sets whose totals a reader knows (each view's own lines, as
    ``suppress`` assumes them; a small total reads "<5" and only bounds its line); ``sums``
    pair the index set of some cells with the index of the cell that is their sum, which may
    itself be hidden. Returns which cells to hide, and which small ones must read "hidden"
    rather than "<5": every ``must_hide`` cell with a count is hidden, and more, until no hidden
    cell's feasible range (linear programming, as in ``suppress``; a "<5" lies in 1 to
    threshold - 1) holds a single whole number. Zeros are never hidden: a view shows a zero it
    does not hold. A pinned cell with no count left to hide beside it has the "<5" of its
    groups read "hidden" (four "<5" summing to a "<5" are each 1), and failing that takes
    every count of its groups with it.

    ``unseen`` cells are in no view a viewer can open (a value of a filter they cannot choose,
    whose count the sums still hold): they are unknowns, never bounded by a "<5", and need
    protecting only when small. ``lines`` should not include their views' lines. ``kept`` cells
    are shown elsewhere whatever is decided here (a view's total, as another page shows it): a
    small one reads "<5" and is protected like any other, but none is hidden to protect another.
    ``reads_hidden`` cells already read "hidden" where they are shown: a small one says nothing of its size,
    and a kept one not in ``must_hide`` is hidden by its own family beside another, not for its own sake.
    ``costly`` cells (a view under no filter, which boards read) are hidden to protect each
    other, as that view's own years would be, but not a narrower view's counts, unless every
    other way has failed. ``finest`` cells (a detailed group's count) are protected by hiding
    each other where any will do: a wider count (its group's, which more readers need) is
    hidden for them only when none is left.
    """
    counts = np.asarray(counts, dtype=np.int64)
    unseen = np.zeros(len(counts), dtype=bool) if unseen is None else np.asarray(unseen, dtype=bool)
    # An unseen zero is taken as known: that assumes more of the reader, never less.
    hidden = (np.asarray(must_hide, dtype=bool) | unseen) & (counts > 0)
    kept = np.zeros(len(counts), dtype=bool) if kept is None else np.asarray(kept, dtype=bool)
    reads_hidden = np.zeros(len(counts), dtype=bool) if reads_hidden is None else np.asarray(reads_hidden, dtype=bool)
    bounded = primary(counts, threshold) & ~unseen & ~reads_hidden  # cells that read "<5"
    # Cells hidden for their own sake, and the small unseen ones: their ranges must not be pinned.
    # A count hidden to protect another is protected while counts are left to hide beside it
    # (its value would help pin the other); when none is left, it is no small number itself.
    own_sake = hidden & (~unseen | primary(counts, threshold))
    # A kept count that reads "hidden" and is not in ``must_hide`` is hidden elsewhere beside another.
    hidden |= kept & reads_hidden & (counts > 0)
    groups = list(lines) + [np.append(members, total) for members, total in sums]
    # Points the reader's sums allow, found by each round's solves. Each round hides more and
    # bounds less, so the region only grows and every point stays in it: a count seen at two
    # whole numbers is not pinned, and needs no solve the next round.
    seen: list[np.ndarray] = []
    # Settled: hidden for another's sake, pinned, and nothing left to hide beside them; or fixed
    # whatever is hidden, by a group whose other counts are all shown for certain (zeros, and
    # kept cells: a view's total, equal to its one non-zero cell, is protected in its own family).
    # Such fixed cells are never hidden as partners either: hiding them protects nothing.
    # A fixed cell's value is known whether shown or hidden: it fixes others in turn. An unseen
    # zero is not certain here: taken as known, it would fix counts that hiding could protect
    # from a reader who does not know it, and leave them shown.
    certain = ((counts == 0) & ~unseen) | (kept & ~hidden)
    fixed = np.zeros(len(counts), dtype=bool)
    changed = True
    while changed:
        changed = False
        for group in groups:
            open_cells = group[~(certain[group] | fixed[group])]
            if len(open_cells) == 1:
                fixed[open_cells] = changed = True
    unhelpful = kept | fixed
    settled = hidden & fixed
    costly = np.zeros(len(counts), dtype=bool) if costly is None else np.asarray(costly, dtype=bool)
    wider = np.zeros(len(counts), dtype=bool) if finest is None else ~np.asarray(finest, dtype=bool)

    def passed_over(cell: int) -> np.ndarray:  # counts never hidden to protect ``cell``
        if costly[cell]:
            return unhelpful
        return unhelpful | costly | (wider if not wider[cell] else False)

    of_cell = [[] for _ in range(len(counts))]
    for index, group in enumerate(groups):
        for cell in group:
            of_cell[cell].append(index)
    for _ in range(2 * len(counts) + 1):
        before = hidden.copy(), bounded.copy()
        for group in groups:  # the cheap first pass: no group may hold exactly one hidden count
            if hidden[group].sum() == 1 and (~unseen[group] | own_sake[group])[hidden[group]].all():
                _hide_partner(counts, hidden, group, passed_over(group[hidden[group]][0]), groups, of_cell)
        pinned = _pinned_views(counts, hidden, bounded, lines, sums, threshold, check=(~unseen | own_sake) & ~settled,
                               seen=seen)
        if not pinned:
            break
        for cell in pinned:
            around = [groups[i] for i in of_cell[cell]]
            candidates = _nearest_partners(cell, groups, of_cell, hidden, counts, passed_over(cell))
            if candidates:
                _hide_partner(counts, hidden, min(candidates, key=lambda g: (hidden[g].sum(), len(g))),
                              passed_over(cell), groups, of_cell)
            elif not own_sake[cell]:
                settled[cell] = True
            elif bounded[cell] and not kept[cell]:  # its own "<5" first: reading "hidden", it says nothing
                bounded[cell] = False
            elif any((bounded[g] & ~kept[g]).any() for g in around):  # a kept "<5" is another page's to say
                for group in around:
                    bounded[group] &= kept[group]
            else:
                for group in around:
                    hidden[group] |= (counts[group] > 0) & ~kept[group]
        if all((now == then).all() for now, then in zip((hidden, bounded), before)):
            break  # every count around the pinned cells is hidden: their totals pin them (see ``suppress``)
    return hidden & ~unseen, primary(counts, threshold) & ~bounded & ~unseen


def _nearest_partners(cell: int, groups: list[np.ndarray], of_cell: list[list[int]], hidden: np.ndarray,
                      counts: np.ndarray, passed_over: np.ndarray) -> list[np.ndarray]:
    """The groups nearest ``cell`` that hold a count to hide: its own groups, else the groups of
    the hidden counts in them, and so on (a pin can run through a chain of hidden counts)."""
    seen_cells, seen_groups, frontier = {cell}, set(), [cell]
    while frontier:
        found, further = [], []
        for member in frontier:
            for index in of_cell[member]:
                if index in seen_groups:
                    continue
                seen_groups.add(index)
                group = groups[index]
                if (~hidden[group] & ~passed_over[group] & (counts[group] > 0)).any():
                    found.append(group)
                for other in group[hidden[group]].tolist():
                    if other not in seen_cells:
                        seen_cells.add(other)
                        further.append(other)
        if found:
            return found
        frontier = further
    return []


def _hide_partner(counts: np.ndarray, hidden: np.ndarray, group: np.ndarray, passed_over: np.ndarray,
                  groups: list[np.ndarray], of_cell: list[list[int]]) -> None:
    """Hide one more count of ``group``: the one that leaves fewest of its other groups with a
    single hidden count (each would need a partner in turn) less those it gives a second, then
    the smallest. Partners that line up (a 2 x 2 x 2 block across values, cells and years)
    protect each other; scattered ones spread."""
    shown = group[~hidden[group] & (counts[group] > 0) & ~passed_over[group]]
    if not shown.size:
        return

    def cost(cell: int) -> tuple[int, int]:
        held = [int(hidden[groups[i]].sum()) for i in of_cell[cell]]
        return held.count(0) - held.count(1), int(counts[cell])

    hidden[min(shown.tolist(), key=cost)] = True


def pinned_counts(counts: np.ndarray, hidden: np.ndarray, bounded: np.ndarray, lines: list[np.ndarray],
                  sums: list[tuple[np.ndarray, int]], threshold: int, check: np.ndarray | None = None) -> list[int]:
    """The hidden counts (of those ``check`` marks) that the shown counts, the ``lines``'
    totals and the ``sums`` pin to one whole number; a ``bounded`` count reads "<5". For a
    decision made another way, checked as ``protect_views`` checks its own."""
    return _pinned_views(counts, hidden, bounded, lines, sums, threshold, check)


def _pinned_views(counts, hidden, bounded, lines, sums, threshold, check=None, seen=None) -> list[int]:
    """Hidden cells whose value the shown cells, the lines' totals and the sums pin to one
    whole number; of those ``check`` marks, where given. ``seen``: points (every cell's value)
    that meet the sums with what is hidden now, to start from; the points found are added."""
    unknown = np.flatnonzero(hidden)
    if not unknown.size:
        return []
    column = {cell: i for i, cell in enumerate(unknown)}
    eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
    for line in lines:
        members = [column[c] for c in line if hidden[c]]
        if not members:
            continue
        row = np.zeros(len(unknown))
        row[members] = 1
        total, shown_part = counts[line].sum(), counts[line][~hidden[line]].sum()
        if 1 <= total < threshold:
            ub_rows += [row, -row]
            ub_rhs += [threshold - 1 - shown_part, -(1 - shown_part)]
        else:
            eq_rows.append(row)
            eq_rhs.append(total - shown_part)
    for members, total in sums:
        row = np.zeros(len(unknown))
        for c in members:
            if hidden[c]:
                row[column[c]] += 1
        rhs = -counts[members][~hidden[members]].sum()
        if hidden[total]:
            row[column[total]] -= 1
        else:
            rhs += counts[total]
        if row.any():
            eq_rows.append(row)
            eq_rhs.append(rhs)
    if not eq_rows and not ub_rows:
        return []
    constraints = {
        "A_eq": np.array(eq_rows) if eq_rows else None, "b_eq": np.array(eq_rhs, dtype=float) if eq_rows else None,
        "A_ub": np.array(ub_rows) if ub_rows else None, "b_ub": np.array(ub_rhs, dtype=float) if ub_rows else None,
    }
    bounds = [(1, threshold - 1) if bounded[c] else (0, None) for c in unknown]
    wanted = None if check is None else np.asarray(check, dtype=bool)[unknown]
    start = counts[unknown].astype(float)  # the counts themselves: a feasible point, where they meet the bounds
    found = None if seen is None else [point[unknown] for point in seen[-SEEN_KEPT:]]
    single = _single_valued(len(unknown), bounds, constraints, wanted, start, found)
    if seen is not None:
        for point in found[len(seen[-SEEN_KEPT:]):]:
            whole = counts.astype(float)
            whole[unknown] = point
            seen.append(whole)
        del seen[:-SEEN_KEPT]  # the latest only: a large family's rounds would otherwise pile up
    return [int(unknown[i]) for i in single]


def _single_valued(n: int, bounds: list, constraints: dict, wanted: np.ndarray | None = None,
                   start: np.ndarray | None = None, points: list[np.ndarray] | None = None) -> list[int]:
    """Which of ``n`` variables (of those ``wanted`` marks, where given) the linear constraints
    and bounds leave a single whole number. Screens with a few random objectives first: most
    variables move by 2 or more. ``start``, where it meets every constraint, is one feasible
    point more (the true counts), and two random objectives then do. ``points``: feasible
    points known already, which take the random objectives' place; each point a solve finds is
    added to it."""
    region = _Region(n, bounds, constraints)
    rng = np.random.default_rng(0)
    known = points if points is not None else []
    points = [*known, *([start] if start is not None and _feasible(start, bounds, constraints) else [])]
    for _ in range(0 if known else 2 if points else 4):
        direction = rng.normal(size=n)
        for sign in (1, -1):
            answer = region.lowest(sign * direction)
            if answer is not None:
                points.append(answer[1])
                known.append(answer[1])
    # Two whole numbers within a variable's range, seen at two feasible points, settle it.
    seen_low = np.min(points, axis=0) if points else np.full(n, np.inf)
    seen_high = np.max(points, axis=0) if points else np.full(n, -np.inf)
    single = []
    for i in range(n):
        if (wanted is not None and not wanted[i]) or _two_wholes(seen_low[i], seen_high[i]):
            continue
        objective = np.zeros(n)
        objective[i] = 1
        high = region.lowest(-objective)
        if high is None:  # unbounded or infeasible
            continue
        # Each answer is one more feasible point: it may settle the variables still to come.
        known.append(high[1])
        seen_low, seen_high = np.minimum(seen_low, high[1]), np.maximum(seen_high, high[1])
        if _two_wholes(seen_low[i], seen_high[i]):
            continue
        low = region.lowest(objective)
        if low is not None:
            known.append(low[1])
            seen_low, seen_high = np.minimum(seen_low, low[1]), np.maximum(seen_high, low[1])
            if not _two_wholes(low[0], -high[0]):
                single.append(i)
    return single


# How a programme may end: its least value, or none (no point at all, or no bound below).
_ENDS = (highs.HighsModelStatus.kOptimal, highs.HighsModelStatus.kInfeasible, highs.HighsModelStatus.kUnbounded,
         highs.HighsModelStatus.kUnboundedOrInfeasible)


class _Region:
    """The points that meet ``bounds`` (pairs, None for no bound) and the linear constraints
    (``A_eq``, ``b_eq``, ``A_ub``, ``b_ub``, as ``scipy.optimize.linprog`` takes them), held
    in one HiGHS model: each objective after the first starts from the last one's basis (the
    region is the same), which is several times faster than a model built for each."""

    def __init__(self, n: int, bounds: list, constraints: dict):
        rows, lower, upper = [], [], []
        if constraints.get("A_eq") is not None:
            rows.append(constraints["A_eq"])
            lower.append(constraints["b_eq"])
            upper.append(constraints["b_eq"])
        if constraints.get("A_ub") is not None:
            rows.append(constraints["A_ub"])
            lower.append(np.full(len(constraints["b_ub"]), -highs.kHighsInf))
            upper.append(constraints["b_ub"])
        matrix = np.vstack(rows) if rows else np.zeros((0, n))
        self.n = n
        self.model = highs._Highs()
        self.model.setOptionValue("output_flag", False)
        # No ``threads`` of its own: HiGHS has one thread scheduler for the process, and a model
        # asking for another number of threads than it was started with does not solve at all.
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = n, matrix.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.array([-highs.kHighsInf if b[0] is None else b[0] for b in bounds], dtype=float)
        lp.col_upper_ = np.array([highs.kHighsInf if b[1] is None else b[1] for b in bounds], dtype=float)
        lp.row_lower_ = np.concatenate(lower).astype(float) if rows else np.zeros(0)
        lp.row_upper_ = np.concatenate(upper).astype(float) if rows else np.zeros(0)
        nonzero = matrix != 0
        lp.a_matrix_.format_ = highs.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(nonzero.sum(axis=1))]).astype(np.int32)
        lp.a_matrix_.index_ = np.nonzero(nonzero)[1].astype(np.int32)
        lp.a_matrix_.value_ = matrix[nonzero].astype(float)
        self.model.passModel(lp)

    def lowest(self, objective: np.ndarray) -> tuple[float, np.ndarray] | None:
        """The least value of ``objective`` over the region and a point that gives it; None
        where the region is empty or the objective unbounded below. Any other end (HiGHS did
        not solve) is an error: taken as "no bound", it would leave a pinned count shown."""
        self.model.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), np.asarray(objective, dtype=float))
        self.model.run()
        status = self.model.getModelStatus()
        if status not in _ENDS:  # the last basis led nowhere ("Unknown"): solve again from nothing
            self.model.clearSolver()
            self.model.run()
            status = self.model.getModelStatus()
        if status == highs.HighsModelStatus.kOptimal:
            return self.model.getInfo().objective_function_value, np.array(self.model.getSolution().col_value)
        if status in _ENDS:
            return None
        raise RuntimeError(f"HiGHS did not solve a disclosure check: {self.model.modelStatusToString(status)}")


def _feasible(point: np.ndarray, bounds: list, constraints: dict, tolerance: float = 1e-6) -> bool:
    """Whether ``point`` meets ``bounds`` and the constraints ``linprog`` takes."""
    low = np.array([-np.inf if b[0] is None else b[0] for b in bounds], dtype=float)
    high = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=float)
    if len(point) != len(bounds) or (point < low - tolerance).any() or (point > high + tolerance).any():
        return False
    if constraints.get("A_eq") is not None and \
            (np.abs(constraints["A_eq"] @ point - constraints["b_eq"]) > tolerance).any():
        return False
    return constraints.get("A_ub") is None or bool(
        (constraints["A_ub"] @ point <= constraints["b_ub"] + tolerance).all())


def _two_wholes(low: float, high: float) -> bool:
    """Whether ``low`` to ``high`` holds two whole numbers or more (an unbounded end: yes; no
    range at all, low above high: no)."""
    if low > high:
        return False
    if math.isinf(high) or math.isinf(low):
        return True
    return math.floor(high + 1e-9) - math.ceil(low - 1e-9) >= 1
