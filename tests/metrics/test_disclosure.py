"""Small numbers are never shown, and cannot be worked out from what is shown."""

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from highspy import _core as highs
from hypothesis import strategies as st

from metrics import disclosure
from metrics.disclosure import complete_grid, known_lines, suppress, suppress_number, total_display
from tests.attacker import pinned_sums, read

T = 5


def one_d(values):
    return pd.DataFrame({"group": [f"g{i}" for i in range(len(values))], "value": values})


def two_d(rows):
    return pd.DataFrame([{"r": i, "c": j, "value": v} for i, row in enumerate(rows) for j, v in enumerate(row)])


@pytest.mark.parametrize("count, shown", [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1,234")])
def test_primary_rule(count, shown):
    assert suppress_number(count, T) == shown


def test_a_lone_small_cell_takes_a_partner_so_the_total_does_not_give_it_away():
    # Total 3 + 10 + 20 = 33 is known; hiding only the 3 would let 33 - 10 - 20 recover it.
    shown = suppress(one_d([3, 10, 20]), dims=["group"], threshold=T)
    assert shown["suppressed"].tolist() == [True, True, False]
    # Only the 3 reads "<5"; the 10 is hidden to protect it, and "<5" would be untrue of it.
    assert shown["display"].tolist() == ["<5", "hidden", "20"]
    assert shown["value"].isna().tolist() == [True, True, False]


def test_zero_stays_zero_and_needs_no_partner():
    shown = suppress(one_d([0, 10, 20]), dims=["group"], threshold=T)
    assert shown["display"].tolist() == ["0", "10", "20"]


def test_where_a_count_reads_hidden_the_zeros_do_too():
    # 2 reads "<5" and 9 is hidden beside it. Beside a 0 shown, "hidden" would say "1 or more",
    # which the rules do not assume a reader knows; with the 0 hidden too, it says nothing.
    shown = suppress(one_d([0, 2, 9, 30]), dims=["group"], threshold=T)
    assert shown["display"].tolist() == ["hidden", "<5", "hidden", "30"]
    assert shown["value"].isna().tolist() == [True, True, True, False]
    # "<5" alone says "1 to 4" and no more: the zeros beside it stay (under a small total, 1 and
    # 2 need no partner).
    assert suppress(one_d([0, 1, 2]), dims=["group"], threshold=T)["display"].tolist() == ["0", "<5", "<5"]


def test_the_checks_solve_whatever_else_in_the_process_started_highs():
    # HiGHS has one thread scheduler for a process. The checks' models asked for one thread; once
    # another model (the tests' reader's) had started it with two, they did not solve, and a
    # check read "not solved" as "no bound": 1 + 1 + 30 left its 30 shown, so the ones were 1.
    script = ("import highspy, pandas as pd\n"
              "from metrics.disclosure import suppress\n"
              "first = highspy.Highs(); first.setOptionValue('output_flag', False); first.run()\n"
              "table = pd.DataFrame({'group': ['a', 'b', 'c'], 'value': [1, 1, 30]})\n"
              "print(suppress(table, dims=['group'], threshold=5)['suppressed'].tolist())\n")
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == "[True, True, True]"


def test_a_check_highs_did_not_solve_is_solved_again_then_an_error_not_no_bound():
    # HiGHS ends some warm-started solves "Unknown" (on the demo, a wider age in fewer areas):
    # read as "no bound", the count was taken as not pinned. Solved again from nothing, they end.
    region = disclosure._Region(1, [(0, None)], {})
    solver = region.model

    class LostFromTheLastBasis:  # "Unknown" until solved from nothing
        cleared = False

        def __getattr__(self, name):
            return getattr(solver, name)

        def clearSolver(self):
            self.cleared = True
            return solver.clearSolver()

        def getModelStatus(self):
            return solver.getModelStatus() if self.cleared else highs.HighsModelStatus.kUnknown

    region.model = LostFromTheLastBasis()
    assert region.lowest(np.array([1.0]))[0] == 0  # the least of x, x at least 0

    class Unsolved:  # a model HiGHS will not run (another thread count than its scheduler's)
        changeColsCost = run = clearSolver = staticmethod(lambda *args: None)
        getModelStatus = staticmethod(lambda: highs.HighsModelStatus.kNotset)
        modelStatusToString = staticmethod(lambda status: "Not Set")

    region.model = Unsolved()
    with pytest.raises(RuntimeError, match="did not solve"):
        region.lowest(np.array([1.0]))


def test_two_ones_with_a_known_total_are_protected():
    # 1 + 1 + 30: hiding both ones leaves 1 + 1 = 2 known, and each must be at least 1: recovered.
    shown = suppress(one_d([1, 1, 30]), dims=["group"], threshold=T)
    assert shown["suppressed"].all()


def test_small_cells_a_total_would_pin_read_hidden():
    # 4 + 4 = 8: read "<5", a shown total of 8 would prove both are 4. Read "hidden" (0 and up),
    # the total leaves each anything from 0 to 8.
    table = one_d([4, 4])
    shown = suppress(table, dims=["group"], threshold=T)
    assert shown["display"].tolist() == ["hidden", "hidden"]
    assert total_display(shown, 8, T) == "8"
    assert feasible_values(table, shown, ["group"]) == {0: set(range(9)), 1: set(range(9))}
    # Ten "<5" cells in a line of 10 would each be 1.
    ten = one_d([1] * 10 + [0])
    assert set(suppress(ten, dims=["group"], threshold=T)["display"][:10]) == {"hidden"}
    assert set(suppress(one_d([1] * 10 + [7]), dims=["group"], threshold=T)["display"][:10]) == {"<5"}
    safe = suppress(one_d([3, 10, 20]), dims=["group"], threshold=T)
    assert total_display(safe, 33, T) == "33"


def test_dependent_columns_are_hidden_with_their_count():
    table = one_d([3, 10, 20]).assign(rate=[0.1, 0.2, 0.3])
    shown = suppress(table, dims=["group"], threshold=T, dependent=["rate"])
    assert shown["rate"].isna().tolist() == [True, True, False]


def test_complete_grid_fills_missing_groups_with_zero():
    table = pd.DataFrame({"weekday": [0], "hour": [15], "value": [7]})
    grid = complete_grid(table, {"weekday": range(7), "hour": range(24)})
    assert len(grid) == 168 and grid["value"].sum() == 7 and (grid["value"] == 0).sum() == 167


def feasible_values(table: pd.DataFrame, shown: pd.DataFrame, dims: list[str]) -> dict[int, set[int]]:
    """Brute force: every whole-number filling of the hidden cells consistent with what is shown.

    What is shown: the shown cells, every line total (the grand total, and for 2-D each row and
    column; a total of 1 to 4 itself reads "<5"), and that a cell reading "<5" holds 1 to 4 (one
    reading "hidden", anything). Returns each hidden cell's possible values.
    """
    values = table["value"].to_numpy()
    hidden = np.flatnonzero(shown["suppressed"].to_numpy())
    lines = [np.arange(len(table))]
    if len(dims) == 2:
        for dim in dims:
            other = [d for d in dims if d != dim][0]
            lines += [g.index.to_numpy() for _, g in table.groupby(other)]
    lines = [line for line in lines if len(line) > 1]  # a one-cell line's total is the cell itself
    if not shown.attrs["totals_safe"]:
        lines = []  # the page shows no total for this table
    total = values.sum()
    texts = shown["display"].to_numpy()
    ranges = [range(1, T) if texts[c] == f"<{T}" else range(0, total + 1) for c in hidden]
    seen = {c: set() for c in hidden}
    guess = values.copy()
    for combination in itertools.product(*ranges):
        guess[hidden] = combination
        if all(_consistent(guess[line].sum(), values[line].sum()) for line in lines):
            for c, v in zip(hidden, combination):
                seen[c].add(v)
    return seen


def _consistent(guessed_total: int, true_total: int) -> bool:
    """A small total is shown as "<5", so any total from 1 to 4 matches it."""
    if 1 <= true_total < T:
        return 1 <= guessed_total < T
    return guessed_total == true_total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 12), min_size=1, max_size=6))
def test_no_suppressed_value_can_be_recovered_in_one_dimension(values):
    table = one_d(values)
    shown = suppress(table, dims=["group"], threshold=T)
    assert not ((shown["value"] >= 1) & (shown["value"] < T)).any()
    if shown["suppressed"].sum() > 4:
        return  # brute force too large; the LP check in the code still ran
    for cell, possible in feasible_values(table, shown, ["group"]).items():
        assert len(possible) >= 2, (values, cell, possible)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 3).flatmap(lambda n: st.lists(
    st.lists(st.integers(0, 9), min_size=n, max_size=n), min_size=2, max_size=3)))
def test_no_suppressed_value_can_be_recovered_in_two_dimensions(rows):
    table = two_d(rows)
    shown = suppress(table, dims=["r", "c"], threshold=T)
    assert not ((shown["value"] >= 1) & (shown["value"] < T)).any()
    if shown["suppressed"].sum() > 4:
        return
    for cell, possible in feasible_values(table, shown, ["r", "c"]).items():
        assert len(possible) >= 2, (rows, cell, possible)


def test_a_heatmap_s_hours_and_weekdays_are_not_known_lines():
    # No page shows a count by hour or by weekday alone: a heatmap's known lines are its total,
    # the after-school window and the hours outside it. Taken as known, an hour whose six
    # weekdays hold one search each pinned them whatever else was hidden, and every hour read
    # "hidden" (the real sample's searches of 10-17-year-olds, 07:00).
    grid = complete_grid(pd.DataFrame([{"weekday": w, "hour": h, "value": 20 + (w + h) % 7}
                                       for w in range(7) for h in range(24)]), {"weekday": range(7), "hour": range(24)})
    grid.loc[grid["hour"] == 7, "value"] = [0, 1, 1, 1, 1, 1, 1]
    assert sorted(len(line) for line in known_lines(grid, ["weekday", "hour"])) == [15, 153, 168]
    shown = suppress(grid, dims=["weekday", "hour"], threshold=T)
    hidden_counts = shown["suppressed"] & (grid["value"] > 0)  # its zero reads "hidden" beside them
    assert hidden_counts.sum() <= 12, "the six and a partner each at most, not the whole heatmap"
    figures = [([c], read(text)) for c, text in enumerate(shown["display"])]
    figures += [(list(line), int(grid["value"].to_numpy()[line].sum()))
                for line in known_lines(grid, ["weekday", "hour"])]
    assert pinned_sums(figures, {c: [c] for c in np.flatnonzero(shown["suppressed"].to_numpy())}) == []


def line_solutions(counts, hidden, small, threshold):
    """Every whole-number filling of the hidden counts a reader could not rule out when the
    total is shown: each "<5" in 1 to threshold - 1, any other hidden count from 0, summing
    with the shown ones to the total (or to 1 to threshold - 1, where the total reads "<5")."""
    members = np.flatnonzero(hidden)
    ranges = [range(1, threshold) if small[i] else range(0, max(counts.sum(), threshold) + 1) for i in members]
    shown_sum, total = counts[~hidden].sum(), counts.sum()
    if 1 <= total < threshold:  # the total reads "<5": any total from 1 to threshold - 1 fits
        return [combo for combo in itertools.product(*ranges) if 1 <= shown_sum + sum(combo) < threshold]
    return [combo for combo in itertools.product(*ranges) if shown_sum + sum(combo) == total]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.booleans()), min_size=1, max_size=3))
def test_protect_line_leaves_every_hidden_count_more_than_one_possible_value(cells):
    from metrics.disclosure import primary, protect_line

    counts = np.array([c for c, _ in cells])
    small = primary(counts, T)
    must = small | np.array([e for _, e in cells])
    hidden, total_safe = protect_line(counts, must, T)
    assert not (hidden & (counts == 0)).any()  # a zero is never hidden
    assert (hidden | ~(must & (counts > 0))).all()  # everything that must be hidden is
    if not total_safe:
        return  # the total is withheld: nothing ties the hidden counts together
    solutions = line_solutions(counts, hidden, small, T)
    for position in range(int(hidden.sum())):
        assert len({s[position] for s in solutions}) > 1, (counts.tolist(), hidden.tolist(), total_safe)


@pytest.mark.parametrize("start, pinned", [
    (None, [0, 1]),
    (np.array([1.0, 1.0]), [0, 1]),   # the true counts: a feasible point, both still pinned
    (np.array([0.0, 2.0]), [0, 1]),   # no such counts: below a "<5"'s 1, so never taken as a point
    (np.array([3.0, 3.0]), [0, 1]),   # nor where they break a sum
])
def test_a_start_that_breaks_a_constraint_never_widens_a_range(start, pinned):
    # Two "<5" summing to 2 are each 1. A point taken as feasible that is not would show each
    # moving, and the reader's pin would be missed.
    from metrics.disclosure import _single_valued

    constraints = {"A_eq": np.array([[1.0, 1.0]]), "b_eq": np.array([2.0]), "A_ub": None, "b_ub": None}
    assert _single_valued(2, [(1, 4), (1, 4)], constraints, start=start) == pinned

