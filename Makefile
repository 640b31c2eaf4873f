# Two commands (see README): `make run` and `make test`. Both set up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PEOPLE ?= 150

.PHONY: install run test lint format migrate seed worker beat

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# Set up, seed a small network if the database is empty, and serve on 127.0.0.1:8000.
run: migrate
	$(PY) manage.py seed_network --people $(PEOPLE) --if-empty --seed 1
	$(PY) manage.py runserver 127.0.0.1:8000

# Set up and run the whole suite; uses the local PostgreSQL and Redis when they answer.
test: install
	$(PY) -m netiquette.testenv -- $(PY) -m pytest $(ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

worker: install
	$(VENV)/bin/celery -A netiquette worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A netiquette beat --loglevel=INFO
