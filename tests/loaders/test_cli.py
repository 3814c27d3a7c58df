"""``python -m loaders ingest``: the summary, --json, the progress bar and the one-sentence error."""

from __future__ import annotations

import json
import subprocess
import sys

from loaders.__main__ import main
from tests.conftest import PROJECT_DIR
from tests.loaders.conftest import STOP_SEARCH_HEADER, csv_text, search_row


def test_ingest_json_summary_reconciles(db_url, write_file, capsys, monkeypatch):
    monkeypatch.setenv("VVE_DATABASE_URL", db_url)
    path = write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row(), search_row(), search_row(lat="999")]))
    assert main(["ingest", "police-uk-stop-search", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    [summary] = json.loads(out)
    assert {k: summary[k] for k in ("read", "loaded", "duplicates", "rejected")} == \
        {"read": 3, "loaded": 2, "duplicates": 0, "rejected": 1}
    assert summary["rejects_file"].endswith("-rejects.csv")
    assert "rows/s" in err


def test_ingest_sentence_summary(db_url, write_file, capsys, monkeypatch):
    monkeypatch.setenv("VVE_DATABASE_URL", db_url)
    path = write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row()]))
    assert main(["ingest", "police-uk-stop-search", str(path)]) == 0
    assert main(["ingest", "police-uk-stop-search", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ss.csv: read 1 rows: 1 loaded, 0 duplicates, 0 rejected."
    assert out[1].startswith("ss.csv: read 1 rows: 0 loaded, 1 duplicates, 0 rejected. The same file was loaded")


def test_unreadable_file_exits_non_zero_with_one_sentence(db_url, write_file, tmp_path):
    path = write_file("notes.csv", "hello,world\n1,2\n")
    env = {"VVE_DATABASE_URL": db_url, "VVE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "loaders", "ingest", "police-uk-street", str(path)],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("notes.csv: has a header this loader does not know")
    assert "Traceback" not in result.stderr
