"""The board pack: a PDF with the headline verdicts and a page per priority, for the
partnership board to print. Every figure in it is one the Overview shows, already made safe
to show (``metrics.disclosure``); this module only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from figures.palette import BLUE, GREY
from metrics.scorecard import Item
from strategy import PRIORITIES, PRIORITY_3_MEASURES_NOTE, STRATEGY_TITLE

# The PDF's built-in fonts hold Latin-1 only: the few other characters the texts use, in words.
PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u25b2": "(up)", "\u25bc": "(down)", "\u2248": "about", "\u00a0": " "})
WIDTH = 180  # mm inside A4's margins


@dataclass(frozen=True)
class Headline:
    """One of the Overview's big numbers: ``label`` ("Serious youth violence, 2023-24"), the
    number as it reads, and its verdict sentence and certainty (or why there is none)."""

    label: str
    number: str
    verdict: str
    sentence: str
    certainty: str


@dataclass(frozen=True)
class BoardPack:
    """What the pack prints. ``years``: serious youth violence each financial year as
    (year, text as it reads, count or None where hidden, the strategy's published figure or None)."""

    as_of: str
    filters: str
    protection: str
    synthetic_notice: str | None
    headlines: tuple[Headline, ...]
    years: tuple[tuple[str, str, int | None, int | None], ...]
    items: tuple[Item, ...]
    after_school: str


def plain(text: str) -> str:
    """``text`` in the characters the PDF's fonts hold (markdown's bold marks dropped)."""
    return text.translate(PLAIN).replace("**", "").encode("latin-1", "replace").decode("latin-1")


class _Pack(FPDF):
    def __init__(self, pack: BoardPack):
        super().__init__(format="A4")
        self.pack = pack
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=22)
        self.set_title(plain(f"Board pack: {STRATEGY_TITLE}"))
        self.set_creator("VVE dashboard")

    def header(self):
        if self.pack.synthetic_notice:
            self.set_font("Helvetica", "B", 8)
            self.set_fill_color(255, 243, 205)
            self.multi_cell(WIDTH, 4, plain(self.pack.synthetic_notice), fill=True, new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)
            self.ln(3)

    def footer(self):
        self.set_y(-20)
        self.set_font("Helvetica", "", 7.5)
        self.set_text_color(90, 90, 90)
        self.multi_cell(WIDTH, 3.5, plain(f"{self.pack.as_of}. {self.pack.filters} {self.pack.protection}"),
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(WIDTH, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 16):
        self.set_font("Helvetica", "B", size)
        self.multi_cell(WIDTH, size * 0.5, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def para(self, text: str, size: float = 10.5, style: str = ""):
        self.set_font("Helvetica", style, size)
        self.multi_cell(WIDTH, size * 0.48, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)


def board_pack(pack: BoardPack) -> bytes:
    """The pack as PDF bytes: the headlines and serious youth violence year by year, then one
    page per priority with its "How will we know we are making a difference?" items."""
    pdf = _Pack(pack)
    pdf.add_page()
    pdf.heading("Is the strategy working?", 20)
    pdf.para(f"{STRATEGY_TITLE}: board pack.", 10)
    for headline in pack.headlines:
        pdf.set_font("Helvetica", "", 10.5)
        pdf.cell(WIDTH, 6, plain(headline.label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "B", 24)
        pdf.cell(WIDTH, 11, plain(headline.number), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.para(f"{headline.verdict} {headline.sentence}", 10.5, "B")
        pdf.para(headline.certainty, 9)
        pdf.ln(2)
    _year_bars(pdf, pack.years)
    for priority, (title, outcome) in PRIORITIES.items():
        pdf.add_page()
        pdf.heading(f"Priority {priority}: {title}")
        pdf.para(f"Outcome wanted: {outcome}", 10, "I")
        if priority == 1:
            pdf.heading("The after-school window", 12)
            pdf.para(pack.after_school, 10)
        pdf.heading("How will we know we are making a difference?", 12)
        for item in (i for i in pack.items if i.priority == priority):
            _item(pdf, item)
        if priority == 3:
            pdf.para(f"The strategy: {PRIORITY_3_MEASURES_NOTE}", 9, "I")
    return bytes(pdf.output())


def _item(pdf: _Pack, item: Item) -> None:
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(WIDTH, 5, plain(f"\u201c{item.strategy_text.strip()}\u201d"), align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    wants = f" The strategy wants {item.wants}." if item.wants else ""
    latest = f" Latest: {item.latest}." if item.latest else ""
    pdf.para(f"Verdict: {item.verdict}.{latest}{wants}", 10, "B")
    details = item.counted if item.sentence == item.counted else f"{item.counted} {item.sentence}"
    if item.years:
        details += " Each financial year: " + "; ".join(f"{year} {text}" for year, text in item.years) + "."
    pdf.para(details, 8.5)
    pdf.ln(1)


def _year_bars(pdf: _Pack, years) -> None:
    """Serious youth violence each financial year as bars; a hidden year reads as it does on screen."""
    pdf.heading("Serious youth violence, each financial year", 12)
    top = max([v for _, _, v, _ in years if v is not None] + [p for *_, p in years if p is not None] + [1])
    left, bottom, height = pdf.l_margin + 8, pdf.get_y() + 55, 50
    if bottom + 15 > pdf.h - pdf.b_margin:
        pdf.add_page()
        bottom = pdf.get_y() + 55
    step = WIDTH / max(len(years), 1)
    blue = tuple(int(BLUE[i:i + 2], 16) for i in (1, 3, 5))
    grey = tuple(int(GREY[i:i + 2], 16) for i in (1, 3, 5))
    for n, (year, text, value, published) in enumerate(years):
        x = left + n * step
        pdf.set_font("Helvetica", "", 8.5)
        if value is not None:
            bar = height * value / top
            pdf.set_fill_color(*blue)
            pdf.rect(x, bottom - bar, step * 0.6, bar, style="F")
            pdf.set_xy(x - 2, bottom - bar - 5)
        else:
            pdf.set_xy(x - 2, bottom - 5)
        pdf.cell(step * 0.6 + 4, 4, plain(text), align="C")
        if published is not None:
            pdf.set_draw_color(*grey)
            y = bottom - height * published / top
            pdf.line(x - 1, y, x + step * 0.6 + 1, y)
        pdf.set_xy(x - 2, bottom + 1)
        pdf.cell(step * 0.6 + 4, 4, year, align="C")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(bottom + 7)
    published = any(p is not None for *_, p in years)
    pdf.para("Bars: the counts the dashboard holds"
             + ("; grey lines: the figures the strategy publishes (table 'Year (April to March)')." if published
                else "."), 8.5)
