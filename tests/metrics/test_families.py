"""Views that sum one another (each sex and all sexes, each year and all years): no small
count can be worked out from everything a viewer can open."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.disclosure import complete_grid, suppress
from metrics.families import JOINT_CAP, exposed_in_view
from metrics.periods import ALL_YEARS, Period
from tests.attacker import pinned_sums, read

T = 5
YEARS = ["2019-20", "2020-21", "2021-22"]
VIEWS = [Period(y, y) for y in YEARS] + [ALL_YEARS]
SEXES = ("Male", "Female")  # what a viewer can choose; police.uk's "Other" is in no view
CHOICES = [*SEXES, None]


def split(counts: dict[tuple[str, str], list[int]]) -> pd.DataFrame:
    """Counts of (group, sex) in YEARS, as the database gives them: no zero rows."""
    return pd.DataFrame([{"group": g, "sex": s, "financial_year": y, "value": v}
                         for (g, s), values in counts.items() for y, v in zip(YEARS, values) if v])


def shown(table: pd.DataFrame, groups: list[str], sex: str | None, period: Period, *, family: bool = True) -> dict:
    """One view as the page shows it, and its total as another page shows it (every group):
    flagged cells and the page's own small-number rules, then the text. ``family=False``
    decides as before families: each sex's table on its own, over its years."""
    seen = {}
    for dims, keys in ((["group"], groups), ([], ["total"])):
        if family:
            rows = table.groupby([*dims, "sex", "financial_year"], as_index=False)["value"].sum()
            exposed = exposed_in_view(rows, [], dims=dims, period=period, threshold=T, chosen={"sex": sex},
                                      choices={"sex": SEXES})
        else:
            rows = table[table["sex"] == sex] if sex else table
            rows = rows.groupby([*dims, "financial_year"], as_index=False)["value"].sum()
            exposed = exposed_in_view(rows, [], dims=dims, period=period, threshold=T)
        mine = table[table["sex"] == sex] if sex else table
        mine = mine[mine["financial_year"].map(period.covers).astype(bool)]
        view = (mine.groupby(dims, as_index=False)["value"].sum() if dims
                else pd.DataFrame({"value": [int(mine["value"].sum())]}))
        if dims:
            view = view.sort_values(dims).reset_index(drop=True)
        view = view.assign(exposed=exposed.to_numpy())
        if dims:
            view = complete_grid(view, {"group": groups})
        display = suppress(view, dims=dims, threshold=T)["display"]
        for key, text in zip(keys, display):
            seen[(key, sex, period)] = read(text)
    return seen


def everything_seen(table, groups, *, family=True) -> dict:
    return {k: v for sex in CHOICES for period in VIEWS for k, v in shown(table, groups, sex, period,
                                                                            family=family).items()}


def attacker_pins(seen: dict, groups: list[str], sexes: list[str]) -> list[tuple]:
    """Every (group or "total", sex or None, view) count, unseen sexes' included, that the
    attacker (``tests.attacker``) pins from everything a viewer sees. Unknowns: each group's
    count for each recorded sex in each year."""
    def members(group, sex, period):
        return [(g, s, y) for g in ([group] if group != "total" else groups) for s in ([sex] if sex else sexes)
                for y in YEARS if period.covers(y)]

    shown = [(members(*key), text) for key, text in seen.items()]
    asked = {(g, s, p): members(g, s, p) for g in [*groups, "total"] for s in [*sexes, None] for p in VIEWS}
    return pinned_sums(shown, asked)


def true_count(counts, group, sex, period) -> int:
    return sum(v for (g, s), values in counts.items() if group in (g, "total") and (sex is None or s == sex)
               for y, v in zip(YEARS, values) if period.covers(y))


GIRLS = {
    # In 2020-21, girls' Other is 3 ("<5") and their Asian, 12, is hidden beside it. Boys'
    # Asian (30) and all sexes' Asian (42) are shown: 42 - 30 = 12 gives girls' Asian back,
    # and girls' total less Asian and White gives the 3.
    ("Asian", "Female"): [15, 12, 14], ("Other", "Female"): [9, 3, 8], ("White", "Female"): [20, 21, 22],
    ("Asian", "Male"): [31, 30, 33], ("Other", "Male"): [11, 10, 12], ("White", "Male"): [40, 41, 42],
}
GROUPS = ["Asian", "Other", "White"]


def test_without_families_girls_other_is_all_sexes_less_boys():
    seen = everything_seen(split(GIRLS), GROUPS, family=False)
    assert seen[("Other", "Female", Period("2020-21", "2020-21"))] == "<5"
    assert ("Other", "Female", Period("2020-21", "2020-21")) in attacker_pins(seen, GROUPS, list(SEXES))


def test_with_families_no_small_count_is_given_back():
    seen = everything_seen(split(GIRLS), GROUPS)
    assert seen[("Other", "Female", Period("2020-21", "2020-21"))] in ("<5", "hidden")
    revealed = [cell for cell in attacker_pins(seen, GROUPS, list(SEXES)) if 1 <= true_count(GIRLS, *cell) < T]
    assert not revealed
    # The rest of the year is still readable: the large counts of the other views stand.
    assert seen[("White", "Male", Period("2020-21", "2020-21"))] == 41


def test_a_pin_through_a_chain_of_hidden_counts_is_broken():
    # Girls' g2 in 2021-22 (3) was pinned through other hidden counts (their 2019-20 row and
    # their all-years row, with the zeros), none in its own groups: partners are sought
    # beyond them.
    rows = [[[6, 0, 4], [1, 0, 0], [16, 0, 2]], [[4, 6, 0], [6, 3, 5], [4, 1, 2]], [[5, 0, 6], [3, 0, 3], [11, 0, 0]]]
    groups, sexes = ["g0", "g1", "g2"], ["Male", "Female", "Other"]
    counts = {(g, s): values for g, by_sex in zip(groups, rows) for s, values in zip(sexes, by_sex)}
    seen = everything_seen(split(counts), groups)
    assert not [cell for cell in attacker_pins(seen, groups, sexes) if 1 <= true_count(counts, *cell) < T]


def test_an_unseen_value_is_protected_too():
    # police.uk's "Other" gender: 2 searches of group a in 2020-21, in no view a viewer can
    # open. All genders less Male less Female would give the 2 back.
    counts = {("a", "Male"): [30, 31, 32], ("a", "Female"): [10, 11, 12], ("a", "Other"): [0, 2, 0],
              ("b", "Male"): [40, 41, 42], ("b", "Female"): [20, 21, 22]}
    seen = everything_seen(split(counts), ["a", "b"])
    cells = attacker_pins(seen, ["a", "b"], ["Male", "Female", "Other"])
    assert ("a", "Other", Period("2020-21", "2020-21")) not in cells
    assert not [c for c in cells if 1 <= true_count(counts, *c) < T]


def test_a_large_unseen_value_costs_nothing():
    # 20 of "Other" is no small number: all less Male less Female may give it away.
    counts = {("a", "Male"): [30, 31, 32], ("a", "Female"): [10, 11, 12], ("a", "Other"): [20, 20, 20]}
    assert not any(everything_seen(split(counts), ["a"]).get(k) == "hidden"
                   for k in [("a", s, p) for s in CHOICES for p in VIEWS])


def test_a_large_family_is_decided_cell_by_cell():
    # Over JOINT_CAP non-zero counts: no cell's small count is given back by its years and
    # sexes. (A partner hidden beside it in its own table is not protected: the README's limits.)
    groups = [f"g{i:02d}" for i in range(JOINT_CAP // 10)]
    counts = {(g, s): [20 + i, 21 + i, 22] for i, g in enumerate(groups) for s in SEXES}
    counts[("g00", "Female")] = [20, 3, 22]
    table = split(counts)
    flags = {sex: exposed_in_view(table, [], dims=["group"], period=period, threshold=T, chosen={"sex": sex},
                                  choices={"sex": SEXES}).tolist()
             for sex, period in [("Male", Period("2020-21", "2020-21"))]}
    # Girls' 3 in 2020-21 is "<5"; all sexes less boys would give it: boys' g00 is hidden that year.
    assert flags["Male"][0]
    # An other year of girls' g00, or its all-years count, is hidden too.
    girls = [exposed_in_view(table, [], dims=["group"], period=p, threshold=T, chosen={"sex": "Female"},
                             choices={"sex": SEXES}).tolist()[0] for p in VIEWS if p != Period("2020-21", "2020-21")]
    assert any(girls)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 3).flatmap(lambda n: st.lists(
    st.lists(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 30)), min_size=3, max_size=3),
             min_size=3, max_size=3), min_size=n, max_size=n)))
def test_no_small_count_can_be_worked_out_across_sexes_and_years(rows):
    # rows[g] holds group g's yearly counts for Male, Female and the unseen "Other".
    groups, sexes = [f"g{i}" for i in range(len(rows))], ["Male", "Female", "Other"]
    counts = {(g, s): values for g, by_sex in zip(groups, rows) for s, values in zip(sexes, by_sex)}
    table = split(counts)
    if table.empty:
        return
    seen = everything_seen(table, groups)
    assert not [v for v in seen.values() if isinstance(v, int) and 1 <= v < T]
    revealed = [cell for cell in attacker_pins(seen, groups, sexes) if 1 <= true_count(counts, *cell) < T]
    assert not revealed, (rows, revealed)
