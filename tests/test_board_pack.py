"""The board pack's layout: a page for the headlines and one per priority, whatever the data
holds, in the characters its fonts hold."""

import io

from pypdf import PdfReader

from figures.board_pack import BoardPack, Headline, board_pack, plain
from metrics.scorecard import not_counted_item
from strategy import HOW_WILL_WE_KNOW


def pages(pack: BoardPack) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(board_pack(pack))).pages]


def pack(**changes) -> BoardPack:
    fields = dict(as_of="No data loaded yet.", filters="No filters.", protection="", synthetic_notice=None,
                  headlines=(Headline("Serious youth violence", "no data", "", "No verdict: there are no records.", ""),),
                  years=(), items=(), after_school="Too few to show the share.")
    return BoardPack(**{**fields, **changes})


def test_with_no_data_the_pack_still_has_a_page_per_priority_and_says_so():
    text = pages(pack())
    assert len(text) == 4
    assert "no data" in text[0] and "No verdict: there are no records." in text[0]
    assert [t.split("Priority ")[1][0] for t in text[1:]] == ["1", "2", "3"]
    assert "Synthetic" not in " ".join(text)


def test_a_hidden_year_reads_as_on_screen_and_a_synthetic_pack_says_so_on_every_page():
    years = (("2019-20", "286", 286, 286), ("2020-21", "hidden", None, None), ("2021-22", "<5", None, None))
    item = not_counted_item(2, HOW_WILL_WE_KNOW[2][2], "Young people's feedback: not counted here.")
    text = pages(pack(years=years, items=(item,), synthetic_notice="Synthetic demonstration data."))
    assert all(t.startswith("Synthetic demonstration data.") for t in text)
    assert "hidden" in text[0] and "<5" in text[0] and "286" in text[0]
    assert "Children and young people's feedback demonstrates they value the support provided." in text[2]
    assert "Verdict: not measured here." in text[2]


def test_characters_beyond_latin_1_are_put_in_words():
    assert plain("10\u201316-year-olds \u201cwants\u201d a reduction \u25bc **now**") == \
        '10-16-year-olds "wants" a reduction (down) now'
    assert plain("\u2603") == "?"
