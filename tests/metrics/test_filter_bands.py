import pytest

from metrics.filters import AGE_CHOICES, POLICE_UK_AGE_BANDS, Filters, covering_bands
from metrics.measures import MEASURES, applicable_filters


@pytest.mark.parametrize("choice, bands, exact", [
    ("Under 18", ["10-17"], False),  # police.uk's under 10 answers only 1-9 (ANSWER_ONLY_WITHIN)
    ("18-24", ["18-24"], True),
    ("25+", ["25-34", "over 34"], True),
    ("1-24", ["10-17", "18-24"], False),
    ("10-16", ["10-17"], False),  # police.uk's 10-17 also holds 17-year-olds
    ("17", ["10-17"], False),
    ("18-20", ["18-24"], False),
    ("1-9", ["under 10"], True),
])
def test_police_uk_bands_answer_the_age_choices(choice, bands, exact):
    assert covering_bands(AGE_CHOICES[choice], POLICE_UK_AGE_BANDS) == (bands, exact)


def test_a_coarse_source_says_how_it_answers_the_age_filter():
    filters, notes = applicable_filters(MEASURES["stop_and_search"], Filters(age_band="14-16"))
    assert filters.age_band == "14-16"
    assert notes == ["Stop and search records ages only in bands (under 10, 10-17, 18-24, 25-34, over 34): "
                     "age 14-16 is answered by 10-17."]
    assert applicable_filters(MEASURES["stop_and_search"], Filters(age_band="18-24"))[1] == []
    # Under 18 leaves police.uk's few searches of under-10s out, and says so.
    assert applicable_filters(MEASURES["stop_and_search"], Filters(age_band="Under 18"))[1] == [
        "Stop and search records ages only in bands (under 10, 10-17, 18-24, 25-34, over 34): age Under 18 is "
        "answered by 10-17, without its under 10 range: those few are counted only at 1-9 and at every age, so "
        "that they cannot be worked out."]


def test_a_filter_the_source_does_not_record_is_dropped_and_said():
    filters, notes = applicable_filters(MEASURES["stop_and_search"], Filters(offence_group="Robbery", sex="Male"))
    assert filters == Filters(sex="Male")
    assert "does not record offence group" in notes[0]
    assert applicable_filters(MEASURES["violent_incidents"], Filters(offence_group="Robbery"))[1] == []


@pytest.mark.parametrize("choice, span", [(None, (0, None)), ("10-16", (10, 17)), ("Under 18", (10, 17)),
                                          ("25+", (25, None)), ("18-20", (18, 24))])
def test_the_ages_a_coarse_source_answers(choice, span):
    from metrics.filters import answered_span
    assert answered_span(choice, POLICE_UK_AGE_BANDS) == span
