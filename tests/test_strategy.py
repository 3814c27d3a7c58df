"""The interface quotes the strategy: its priorities and measures are in the strategy, word for
word. (Its definitions are the strategy's sentences made to stand alone: "Child Criminal
Exploitation occurs where..." reads "Occurs where...", so they are not compared here.)"""

from pathlib import Path

import strategy

STRATEGY = Path(__file__).resolve().parents[2] / "shared" / "strategy" / "tower-hamlets-vve-strategy-2021-24.txt"


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_quoted_text_is_the_strategy_s_own():
    source = words(STRATEGY.read_text(encoding="utf-8"))
    quoted = [*(part for pair in strategy.PRIORITIES.values() for part in pair),
              *(m.strategy_text for m in strategy.OUTCOME_MEASURES),
              *(text for listed in strategy.HOW_WILL_WE_KNOW.values() for text in listed),
              strategy.PRIORITY_3_MEASURES_NOTE]
    assert [text for text in quoted if words(text) not in source] == []


def test_each_how_will_we_know_list_is_whole_and_in_order():
    lines = [line.strip() for line in STRATEGY.read_text(encoding="utf-8").splitlines()]
    starts = [n for n, line in enumerate(lines) if line.startswith("How will we know we are making a difference?")]
    assert len(starts) == 3
    for priority, start in zip((1, 2, 3), starts):
        bullets = []
        for line in lines[start + 1:]:
            if not line.startswith("\u00b7"):
                break
            bullets.append(words(line.lstrip("\u00b7")))
        assert bullets == [words(text) for text in strategy.HOW_WILL_WE_KNOW[priority]]
