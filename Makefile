# The two commands: `make run` serves the dashboard, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m loaders demo --if-missing
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

demo: $(VENV)/.installed
	$(BIN)/python -m loaders demo

clean:
	rm -rf $(VENV) data/vve.duckdb
