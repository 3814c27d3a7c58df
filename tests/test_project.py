"""Project-wide rules: documented settings and the direction of the layers."""

import subprocess
import sys
from pathlib import Path

import config

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_readme_documents_every_setting():
    readme = (PROJECT_DIR / "README.md").read_text()
    for setting in config.SETTINGS:
        assert f"`{setting.name}`" in readme, f"README does not document {setting.name}"


def test_readme_opens_with_the_two_commands():
    opening = (PROJECT_DIR / "README.md").read_text()[:1500]
    assert "make run" in opening and "make test" in opening


def test_metrics_and_figures_do_not_import_streamlit():
    modules = sorted(f"{package}.{path.stem}" for package in ("metrics", "figures", "storage", "loaders")
                     for path in (PROJECT_DIR / package).glob("*.py"))
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
            "assert 'streamlit' not in sys.modules, 'streamlit imported'")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_database_url_defaults_to_duckdb_under_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("VVE_DATABASE_URL", raising=False)
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path))
    assert config.database_url() == f"duckdb:///{tmp_path / 'vve.duckdb'}"
    monkeypatch.setenv("VVE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert config.database_url() == "postgresql+psycopg://u@h/db"


def test_loader_modules_stay_small_and_public_functions_have_docstrings():
    import ast
    for path in sorted((PROJECT_DIR / "loaders").glob("*.py")):
        source = path.read_text()
        assert len(source.splitlines()) <= 500, f"{path.name} has grown past a few hundred lines"
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.name}: {node.name} has no docstring"


def test_every_download_goes_through_the_audited_button():
    """``ui.components.download`` records each click in the audit log; a bare
    ``st.download_button`` would not."""
    calls = [f"{path.relative_to(PROJECT_DIR)}:{n}" for folder in ("views", "ui")
             for path in sorted((PROJECT_DIR / folder).glob("*.py"))
             for n, line in enumerate(path.read_text().splitlines(), 1) if "download_button(" in line]
    assert len(calls) == 1 and calls[0].startswith("ui/components.py:"), calls
