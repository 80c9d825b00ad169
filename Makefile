# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TM     := $(BIN)/tm
DB     ?= tm.db
DEMO   := demo-out

.PHONY: demo test test-slow test-all lint bench bench-quick clean venv

venv: $(VENV)/.installed

# constraints.txt pins what CI tested (see its header); any change to it or pyproject reinstalls.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "tm_tool needs Python >= 3.11 (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(DB): venv $(wildcard corpus/*.tsv) $(wildcard glossary/*.tsv)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(TM) --db $(DB) import --src zh-CN --tgt en corpus/*.tsv
	$(TM) --db $(DB) glossary import glossary/*.tsv

demo: $(DB)
	TM_DB=$(DB) DEMO=$(DEMO) TM=$(TM) PYTHON=$(BIN)/python sh scripts/demo.sh

# `make test` leaves out the tests marked slow (pyproject's addopts); CI runs them too.
# Extra pytest options: make test PYTEST_ARGS='-k tmx -x'
PYTEST_ARGS ?=

test: venv
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-slow: venv
	$(BIN)/python -m pytest -q -m slow $(PYTEST_ARGS)

test-all: venv
	$(BIN)/python -m pytest -q -m '' $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check tm_tool tests bench

bench: venv
	$(BIN)/python -m bench run --size 1000000

bench-quick: venv
	$(BIN)/python -m bench run --size 100000

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DEMO) .pytest_cache
