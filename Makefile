# The two commands that matter: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser test-edge test-infra lint format install install-dev install-browser lock clean bench bench-tiers

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

# Installs are pinned by requirements.lock (constraints), declared in pyproject.toml.
$(VENV)/.installed: $(PY) pyproject.toml requirements.lock
	$(UV) pip install --quiet --python $(PY) -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(UV) pip install --quiet --python $(PY) -c requirements.lock -e '.[dev]'
	touch $@

$(VENV)/.installed-browser: $(VENV)/.installed-dev
	$(UV) pip install --quiet --python $(PY) -c requirements.lock -e '.[dev,browser]'
	touch $@

$(VENV)/.installed-infra: $(VENV)/.installed-dev
	$(UV) pip install --quiet --python $(PY) -c requirements.lock -e '.[dev,s3,infra]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-browser: $(VENV)/.installed-browser
install-infra: $(VENV)/.installed-infra

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py load_demo_briefings --if-empty
	$(PY) manage.py load_demo_pages --if-empty
	$(PY) manage.py demo_admin --site http://$(HOST):$(PORT)
	$(PY) manage.py load_demo_pipeline --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto -m "not browser and not edge and not infra" $(PYTEST_ARGS)

# Real-browser tests: Playwright drives Debian's Chromium (CHROMIUM_PATH, default
# /usr/bin/chromium; never `playwright install`). Screenshots and axe reports: artifacts/.
# Each worker has its own live server, test database and Chromium; a test mostly waits
# for its browser, so two workers halve the wait even on two cores.
test-browser: install-browser
	$(PY) -m pytest -n auto --maxprocesses 4 -m browser tests/browser $(PYTEST_ARGS)

# The site behind a real Varnish (deploy/varnish/site.vcl): Debian's varnish and
# varnish-modules (`apt-get install -y varnish varnish-modules`); each test starts its own
# varnishd on 127.0.0.1. The purge latencies it measured: artifacts/edge-purge-latency.json.
test-edge: install-dev
	$(PY) -m pytest -p no:xdist -m edge tests/test_edge_varnish.py $(PYTEST_ARGS)

# Beyond one machine (docs/deployment.md): media on a local S3 (moto's server), then
# PgBouncer in transaction mode, a streaming replica and a PostgreSQL restart under a
# running gunicorn, on PostgreSQL clusters the tests make and delete (Debian's
# postgresql and pgbouncer; skipped without them). Needs root or the postgres user.
test-infra: install-infra
	$(PY) -m pytest -m infra tests/test_media_s3.py $(PYTEST_ARGS)
	$(PY) -m pytest -p no:xdist -m infra tests/infra $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmark (docs/benchmark.md): builds c4c_bench_<size> in PostgreSQL once, serves it with
# gunicorn and drives load with wrk. `make bench POSTS=100000`, or BENCH_ARGS="--sizes
# 1000,20000,100000 --duration 10". Results: stdout and bench/results/.
POSTS ?= 20000
bench: install
	$(PY) -m bench.run --posts $(POSTS) $(BENCH_ARGS)

# What the database tiers hold (docs/deployment.md): gunicorn straight to PostgreSQL,
# through PgBouncer, with a replica; pgbench through PgBouncer. On clusters of its own.
bench-tiers: install
	$(PY) -m bench.tiers $(BENCH_ARGS)

# Re-pin everything after changing pyproject.toml.
lock: $(PY)
	$(UV) pip compile --quiet --python $(PY) --extra dev --extra browser --extra s3 --extra infra --universal pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info
