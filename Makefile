# Two commands (see README): `make run` and `make test`. Both set up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PEOPLE ?= 150
PORT ?= 8000

.PHONY: install run test lint format migrate seed worker beat bench bench-load bench-seed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# Set up, seed a small network if the database is empty, and serve on 127.0.0.1:$(PORT)
# (make run PORT=8080).
# seed_network prints the address and the demo log-in (a new random password each run); score_backlog gives every seeded request
# and message its verdict (Focused/Other, the review queue) before the site starts. With
# REDIS_URL set, tasks go to Redis: a Celery worker (with the beat's sweeps) runs beside the
# site and stops with it, so what members send is scored.
run: migrate
	$(PY) manage.py seed_network --people $(PEOPLE) --if-empty --seed 1 --url http://127.0.0.1:$(PORT)/
	$(PY) manage.py score_backlog
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: a Celery worker and beat run beside the site and stop with it."; \
	  $(VENV)/bin/celery -A netiquette worker --beat --loglevel=WARNING & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

# Add PEOPLE more people to the current database (any time, not only when empty).
seed: migrate
	$(PY) manage.py seed_network --people $(PEOPLE)

# Every benchmark under bench/, each in a throwaway database on the services make test uses,
# then a summary table. BENCH_ARGS="--quick" for small sizes, "--only engine,backlog" for some.
bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

# The load benchmark alone: 50 signed-in members browse and send for 60 s (Locust, headless,
# bench/load.py); per-page p50/p95/p99 and one JSON object last.
bench-load: install
	$(PY) bench/load.py --json $(BENCH_ARGS)

# How long seeding 1,000 people takes (a throwaway database).
bench-seed: install
	$(PY) bench/seed_network.py --people 1000 --runs 3

# Set up and run the whole suite; uses the local PostgreSQL and Redis when they answer.
test: install
	$(PY) -m netiquette.testenv -- $(PY) -m pytest $(ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

worker: install
	$(VENV)/bin/celery -A netiquette worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A netiquette beat --loglevel=INFO
