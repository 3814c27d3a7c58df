"""A reader who works out hidden counts from everything shown, by linear programming.

Each figure shown is the sum of some unknown counts (a group's count for one sex in one
year, say): a number fixes the sum, "<5" bounds it to 1 to 4, and "hidden" says nothing.
The reader finds every asked-for sum the shown figures pin to one whole number.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import numpy as np
from scipy.optimize import linprog

T = 5


def pinned_sums(shown: Iterable[tuple[Iterable[Hashable], object]],
                asked: Mapping[Hashable, Iterable[Hashable]]) -> list[Hashable]:
    """Of ``asked`` (a name for each sum of unknowns), those ``shown`` pins to one whole number.
    ``shown`` pairs the unknowns a figure sums with its text (an int, "<5" or "hidden")."""
    shown, asked = list(shown), {name: list(members) for name, members in asked.items()}
    unknowns = sorted({u for members, _ in shown for u in members} | {u for m in asked.values() for u in m}, key=str)
    index = {u: i for i, u in enumerate(unknowns)}

    def row_of(members) -> np.ndarray:
        row = np.zeros(len(index))
        for u in members:
            row[index[u]] += 1
        return row

    eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
    for members, text in shown:
        row = row_of(members)
        if isinstance(text, int):
            eq_rows.append(row)
            eq_rhs.append(text)
        elif text == f"<{T}":
            ub_rows += [row, -row]
            ub_rhs += [T - 1, -1]
    kwargs = {"bounds": [(0, None)] * len(index), "method": "highs"}
    if eq_rows:
        kwargs |= {"A_eq": np.array(eq_rows), "b_eq": eq_rhs}
    if ub_rows:
        kwargs |= {"A_ub": np.array(ub_rows), "b_ub": ub_rhs}
    found = []
    for name, members in asked.items():
        objective = row_of(members)
        low, high = linprog(objective, **kwargs), linprog(-objective, **kwargs)
        top = math.inf if high.status == 3 else -high.fun
        if top != math.inf and math.floor(top + 1e-9) - math.ceil(low.fun - 1e-9) < 1:
            found.append(name)
    return found


def read(text: str) -> object:
    """A displayed count as the reader takes it: an int, or the text ("<5", "hidden")."""
    plain = str(text).replace(",", "")
    return int(plain) if plain.isdigit() else str(text)
