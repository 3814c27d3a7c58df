"""``fetch police-uk`` against a police.uk-shaped API on 127.0.0.1, built from the real samples.

The server answers POST /crimes-street/all-crime and /stops-street with the sample rows
of the asked month inside the asked polygon, and refuses (HTTP 503) an area holding more
than CAP records, as police.uk does above its own cap. Nothing here touches the internet.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import shapely
from shapely.geometry import Polygon

from loaders.__main__ import main
from loaders.errors import LoaderError
from loaders.fetch import fetch_police_uk, halves, months
from tests.loaders.test_police_uk import STOP_SEARCH, STREET

CAP = 250
LONDON = ZoneInfo("Europe/London")


def london_month(date_text: str) -> str:
    return dt.datetime.fromisoformat(date_text).astimezone(LONDON).strftime("%Y-%m")


class FakePoliceApi(BaseHTTPRequestHandler):
    street: list[dict] = []
    searches: list[dict] = []
    refused: Counter = Counter()
    fail_with: int | None = None

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if self.fail_with:
            self.send_error(self.fail_with)
            return
        points = [tuple(map(float, pair.split(","))) for pair in form["poly"][0].split(":")]
        area = Polygon([(lon, lat) for lat, lon in points])
        month = form["date"][0]
        if self.path.endswith("/crimes-street/all-crime"):
            rows = [r for r in self.street if r["Month"] == month]
            answer = [self._crime(r) for r in self._inside(rows, area)]
        elif self.path.endswith("/stops-street"):
            rows = [r for r in self.searches if london_month(r["Date"]) == month]
            answer = [self._search(r) for r in self._inside(rows, area)]
        else:
            self.send_error(404)
            return
        if len(answer) > CAP:
            self.refused[self.path] += 1
            self.send_error(503)
            return
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    @staticmethod
    def _inside(rows, area):
        return [r for r in rows if r["Latitude"] and shapely.contains_xy(area, float(r["Longitude"]), float(r["Latitude"]))]

    @staticmethod
    def _crime(r: dict) -> dict:
        return {"category": "burglary", "location_type": "Force", "persistent_id": r["Crime ID"], "month": r["Month"],
                "location": {"latitude": r["Latitude"], "longitude": r["Longitude"],
                             "street": {"id": 1, "name": r["Location"]}},
                "context": "", "id": 1, "location_subtype": "",
                "outcome_status": {"category": r["Last outcome category"], "date": r["Month"]}
                if r["Last outcome category"] else None}

    @staticmethod
    def _search(r: dict) -> dict:
        flag = {"True": True, "False": False}.get
        return {"type": r["Type"], "datetime": r["Date"], "operation": flag(r["Part of a policing operation"]),
                "operation_name": r["Policing operation"] or None,
                "location": {"latitude": r["Latitude"], "longitude": r["Longitude"], "street": {"id": 1, "name": "x"}},
                "gender": r["Gender"] or None, "age_range": r["Age range"] or None,
                "self_defined_ethnicity": r["Self-defined ethnicity"] or None,
                "officer_defined_ethnicity": r["Officer-defined ethnicity"] or None,
                "legislation": r["Legislation"] or None, "object_of_search": r["Object of search"] or None,
                "outcome": r["Outcome"] or False, "involved_person": True,
                "outcome_linked_to_object_of_search": flag(r["Outcome linked to object of search"]),
                "removal_of_more_than_outer_clothing": flag(r["Removal of more than just outer clothing"])}


def read(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def police_api(real_data):
    FakePoliceApi.street = read(real_data / STREET)
    FakePoliceApi.searches = read(real_data / STOP_SEARCH)
    FakePoliceApi.refused = Counter()
    FakePoliceApi.fail_with = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePoliceApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


@pytest.fixture
def borough(real_data, load):
    """The real borough boundary loaded first, so the fetch asks for exactly the borough."""
    load("boundaries", real_data / "boundaries_tower_hamlets" / "tower_hamlets_borough.geojson")
    import geopandas as gpd
    return gpd.read_file(real_data / "boundaries_tower_hamlets" / "tower_hamlets_borough.geojson").geometry.iloc[0]


def test_months_between_two_months():
    assert months("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    with pytest.raises(LoaderError, match="after"):
        months("2024-02", "2023-11")


def test_halves_cover_the_area_between_them():
    area = Polygon([(0, 0), (4, 0), (4, 1), (0, 1)])
    left, right = halves(area)
    assert left.area + right.area == pytest.approx(area.area)
    assert left.bounds[2] == pytest.approx(2)


def test_fetch_splits_capped_areas_and_loads_what_the_files_hold(police_api, borough, db_url, query, tmp_path):
    street, searches = fetch_police_uk("2023-06", "2023-07", base_url=police_api, url=db_url,
                                       out_dir=tmp_path / "fetched")
    assert FakePoliceApi.refused["/api/stops-street"] > 0, "the cap was never hit, so splitting went untested"
    expected_searches = Counter(
        london_month(r["Date"]) for r in FakePoliceApi.searches
        if london_month(r["Date"]) in ("2023-06", "2023-07")
        and shapely.contains_xy(borough, float(r["Longitude"]), float(r["Latitude"])))
    expected_street = Counter(
        r["Month"] for r in FakePoliceApi.street if r["Month"] in ("2023-06", "2023-07")
        and shapely.contains_xy(borough, float(r["Longitude"]), float(r["Latitude"])))
    assert sum(len(read(p)) for p in searches) == sum(expected_searches.values()) > CAP
    assert sum(len(read(p)) for p in street) == sum(expected_street.values())

    from loaders.ingest import ingest
    from loaders.sources import loader_for
    loaded = ingest(loader_for("police-uk-street", {"borough": ""}), street, url=db_url)
    loaded += ingest(loader_for("police-uk-stop-search"), searches, url=db_url)
    assert all(s.reconciles and s.rejected == 0 for s in loaded)
    assert dict(query("SELECT strftime(month, '%Y-%m'), COUNT(*) FROM stop_search GROUP BY 1")) == dict(expected_searches)
    assert dict(query("SELECT strftime(month, '%Y-%m'), COUNT(*) FROM street_crimes GROUP BY 1")) == dict(expected_street)
    assert query("SELECT DISTINCT crime_type FROM street_crimes")[0][0] == "Burglary"


def test_fetch_command_loads_and_a_failing_api_is_one_sentence(police_api, borough, db_url, monkeypatch, capsys):
    monkeypatch.setenv("VVE_DATABASE_URL", db_url)
    assert main(["fetch", "police-uk", "--from", "2023-06", "--to", "2023-06", "--base-url", police_api, "--json"]) == 0
    summaries = json.loads(capsys.readouterr().out)
    assert [s["source"] for s in summaries] == ["police-uk-street", "police-uk-stop-search"]
    assert all(s["read"] == s["loaded"] + s["duplicates"] + s["rejected"] for s in summaries)
    FakePoliceApi.fail_with = 500
    assert main(["fetch", "police-uk", "--from", "2023-07", "--to", "2023-07", "--base-url", police_api]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"crimes-street/all-crime for 2023-07 answered HTTP 500; expected the police.uk API at {police_api}."


def test_a_fetched_month_and_the_downloaded_file_replace_each_other(police_api, borough, db_url, query, tmp_path):
    from loaders.ingest import ingest
    from loaders.sources import loader_for
    from tests.loaders.conftest import STREET_HEADER, csv_text

    street, _ = fetch_police_uk("2023-06", "2023-06", base_url=police_api, url=db_url, out_dir=tmp_path / "fetched")
    [fetched] = ingest(loader_for("police-uk-street", {"borough": ""}), street, url=db_url)
    june = [list(r.values()) for r in FakePoliceApi.street if r["Month"] == "2023-06"]
    downloaded = tmp_path / "2023-06-metropolitan-street.csv"
    downloaded.write_text(csv_text(STREET_HEADER, june))
    [summary] = ingest(loader_for("police-uk-street"), [downloaded], url=db_url)
    assert summary.replaced == fetched.loaded > 0
    assert query("SELECT COUNT(*) FROM street_crimes")[0][0] == len(june)
