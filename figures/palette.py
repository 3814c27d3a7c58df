"""Colour-blind-safe colours (Okabe and Ito, 2008); meaning never rests on red against green."""

BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#999999"

SERIES = (BLUE, ORANGE, SKY, GREEN, VERMILION, PURPLE)
FONT_SIZE = 16  # readable on a 1366x768 projector
