"""The reader the disclosure tests attack with (``tests.attacker``), on sums worked by hand."""

from tests.attacker import pinned_sums


def test_a_part_is_pinned_by_its_total_less_the_other_part():
    # a + b = 10 and a = 7 are shown: b is 3.
    assert pinned_sums([(["a", "b"], 10), (["a"], 7), (["b"], "hidden")], {"b": ["b"]}) == ["b"]


def test_a_total_with_both_parts_hidden_pins_neither():
    assert pinned_sums([(["a", "b"], 10), (["a"], "hidden"), (["b"], "hidden")], {"a": ["a"], "b": ["b"]}) == []


def test_a_reader_who_knows_hidden_is_not_0_pins_two_hidden_parts_of_2():
    # a + b = 2, both hidden: either may be 0, 1 or 2; known to be 1 or more, each is 1.
    shown, asked = [(["a", "b"], 2), (["a"], "hidden"), (["b"], "hidden")], {"a": ["a"], "b": ["b"]}
    assert pinned_sums(shown, asked) == []
    assert pinned_sums(shown, asked, hidden_least=1) == ["a", "b"]


def test_two_small_parts_of_2_are_1_each_and_of_5_are_not_pinned():
    # "<5" is 1 to 4: two of them summing to 2 are 1 and 1; summing to 5, each is 1 to 4.
    small = [(["a"], "<5"), (["b"], "<5")]
    assert pinned_sums([(["a", "b"], 2), *small], {"a": ["a"], "b": ["b"]}) == ["a", "b"]
    assert pinned_sums([(["a", "b"], 5), *small], {"a": ["a"], "b": ["b"]}) == []


def test_a_count_nothing_bounds_above_is_not_pinned():
    # b is at least 0 and appears in no shown sum but a hidden one: it can be any number.
    assert pinned_sums([(["a"], 4), (["a", "b"], "hidden")], {"b": ["b"], "a": ["a"]}) == ["a"]


def test_a_sum_of_unknowns_is_pinned_where_its_parts_are_not():
    # a + b = 6 shown, each hidden: the sum is pinned, neither part.
    asked = {"a+b": ["a", "b"], "a": ["a"]}
    assert pinned_sums([(["a", "b", "c"], 9), (["c"], 3), (["a"], "hidden")], asked) == ["a+b"]


def test_a_member_counted_twice_in_one_figure_counts_twice():
    # a figure summing a twice (a + a + b = 7) with b = 1 shown: a is 3.
    assert pinned_sums([(["a", "a", "b"], 7), (["b"], 1)], {"a": ["a"]}) == ["a"]
