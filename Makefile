# The two commands of the quick start: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# Localhost only unless the operator says otherwise: `make run ADDRESS=0.0.0.0` (with sign-in configured).
ADDRESS ?= 127.0.0.1

.PHONY: run test lint bench sample clean mutate

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# Mutation testing of the metric modules (config: pyproject.toml [tool.mutmut]); slow, not part of `make test`.
# Results stay in mutants/: `$(BIN)/mutmut results` lists survivors, `$(BIN)/mutmut show NAME` shows one.
# Changing the test selection in [tool.mutmut] invalidates every cached result (the next run is a full one).
# After adding tests, rerun only the survivors: $(BIN)/mutmut run --max-children 2 NAME... (named mutants are
# always rerun; unnamed ones keep their verdict). Patterns work too: "analytics.metrics.horizon*".
MUTATE_JOBS ?= 2
mutate: $(VENV)/.dev
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS)
	$(BIN)/mutmut export-cicd-stats && cat mutants/mutmut-cicd-stats.json

bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

sample: $(VENV)/.runtime
	$(BIN)/python -m analytics.sample_data --workers 300 --years 3 --seed 42 --out data/sample

clean:
	rm -rf $(VENV) data/workspace.duckdb data/workspace.duckdb.wal
