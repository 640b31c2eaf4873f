# Two commands (see README): `make run` and `make test`. Both set up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PEOPLE ?= 150

.PHONY: install run test lint format migrate seed worker beat bench bench-seed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# Set up, seed a small network if the database is empty, and serve on 127.0.0.1:8000.
# seed_network prints the address and the demo log-in; score_backlog gives every seeded request
# and message its verdict (Focused/Other, the review queue) before the site starts.
run: migrate
	$(PY) manage.py seed_network --people $(PEOPLE) --if-empty --seed 1 --url http://127.0.0.1:8000/
	$(PY) manage.py score_backlog
	$(PY) manage.py runserver 127.0.0.1:8000

# Add PEOPLE more people to the current database (any time, not only when empty).
seed: migrate
	$(PY) manage.py seed_network --people $(PEOPLE)

# Every benchmark under bench/, each in a throwaway database on the services make test uses,
# then a summary table. BENCH_ARGS="--quick" for small sizes, "--only engine,backlog" for some.
bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

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
