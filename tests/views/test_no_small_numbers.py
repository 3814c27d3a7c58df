"""A viewer, on every page and under every class of filter, never sees a count from 1 to 4.

Classes of filter: none; a narrow group of people (girls aged 10-16); one area and one year;
a rare offence group; a small ethnic group. Every table cell in a count column (the Overview's
scorecard among them), every headline metric and every text label drawn on a chart is checked.
An analyst, under the same filters, does see small counts: the check can fail.
"""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_app_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["views/overview.py", "views/priority_1.py", "views/priority_2.py", "views/priority_3.py",
         "views/equality_monitoring.py"]
FILTER_CLASSES = {
    "none": {},
    "girls 10-16": {"sex": "Female", "age": "10-16"},
    "one area, one year": {"area": "DEMO07", "from": "2021-04-01", "to": "2022-03-31"},
    "rare offence": {"offence": "Sexual offences", "age": "10-13"},
    "small group": {"ethnicity": "Mixed", "age": "10-16"},
    "detailed group": {"ethnic_detail": "Arab", "age": "10-24"},
}
# Every table column holds counts unless its name says it holds something else.
NOT_COUNTS = re.compile(r"share|rate|ratio|ci |ci$|per 1,000|population|%|percent|year|quarter|month|hour|weekday|"
                        r"rank|age$|resolution|cell|code|name|date|latitude|longitude|urn", re.IGNORECASE)


def small(value) -> bool:
    # "3 in 2023-24": the Overview's scorecard gives each latest figure with its year.
    text = re.sub(r"\s+in\s+\d{4}\S*$", "", str(value).strip()).replace(",", "")
    return text in {"1", "2", "3", "4", "1.0", "2.0", "3.0", "4.0"}


def shown_small_counts(at: AppTest) -> list[str]:
    found = []
    for frame in [*at.dataframe, *at.table]:
        table = frame.value
        for column in table.columns:
            name = str(column)
            if not NOT_COUNTS.search(name):
                found += [f"table {name}: {v}" for v in table[column].tolist() if small(v)]
    found += [f"metric {m.label}: {m.value}" for m in at.metric if small(m.value)]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            texts = trace.get("text")
            if isinstance(texts, list) and not NOT_COUNTS.search(str(trace.get("name", ""))):
                found += [f"chart label {trace.get('name')}: {t}" for t in texts if small(t)]
    return found


def open_page(page: str, params: dict) -> AppTest:
    return open_app_page(page, params=params, timeout=120)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("filter_class", list(FILTER_CLASSES))
def test_a_viewer_sees_no_small_count(app_env, page, filter_class):
    at = open_page(page, FILTER_CLASSES[filter_class])
    assert shown_small_counts(at) == []


def test_an_analyst_sees_the_small_counts_a_viewer_does_not_and_each_such_view_is_audited(app_env, monkeypatch,
                                                                                           tmp_path):
    import ui.access
    from access import Role
    from storage import audit

    log = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", log)
    open_page("views/priority_1.py", FILTER_CLASSES["girls 10-16"])  # a viewer's view: not recorded
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    at = open_page("views/priority_1.py", FILTER_CLASSES["girls 10-16"])
    assert shown_small_counts(at) != []
    assert any("unsuppressed numbers" in i.value for i in at.info)
    at.selectbox(key="filter_sex").set_value("Male").run()  # another view, recorded too
    at.run()  # the same view again: not recorded twice
    entries = audit.entries(log)
    assert (entries["action"] == "unsuppressed-view").all()
    entries = entries[entries["page"].str.startswith("Priority 1:")]  # AppTest opens the Overview first
    assert len(entries) == 2
    filters = [json.loads(f) for f in entries["filters"][::-1]]
    assert filters[0] == {"age": ["10-16"], "sex": ["Female"]} and filters[1]["sex"] == ["Male"]


def test_an_analyst_sees_a_small_latest_figure_on_the_scorecard_a_viewer_does_not(app_env, monkeypatch):
    import ui.access
    from access import Role

    girls_in_one_area = {"sex": "Female", "area": "DEMO02"}
    viewer = shown_small_counts(open_page(PAGES[0], girls_in_one_area))
    assert not any(text.startswith("table Latest:") for text in viewer), viewer
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)  # its view is audited in app_env's file
    found = shown_small_counts(open_page(PAGES[0], girls_in_one_area))
    assert any(text.startswith("table Latest:") for text in found), found


def test_analyst_parameters_in_a_viewers_url_change_nothing(app_env):
    plain = open_page("views/priority_1.py", FILTER_CLASSES["girls 10-16"])
    hostile = open_page("views/priority_1.py", {**FILTER_CLASSES["girls 10-16"], "role": "admin",
                                                "unsuppressed": "1", "threshold": "1"})
    assert shown_small_counts(hostile) == []
    assert [f.value.to_dict() for f in hostile.dataframe] == [f.value.to_dict() for f in plain.dataframe]
