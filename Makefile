# Wahlgang — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Test processes (pytest-xdist). Tests are dealt out one by one and an idle process takes work
# from a busy one (worksteal), so no long file holds up the end. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2

.PHONY: run test serve lint typecheck bench clean babel translations

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Compiled message catalogs are build output: made from the committed .po files.
translations: $(STAMP)
	$(VENV)/bin/pybabel compile -d app/translations

## Create the venv, set up the SQLite database, seed the demo conference and serve it.
run: $(STAMP) translations
	$(PY) -m flask --app app init-instance
	$(PY) -m flask --app app db upgrade
	$(PY) -m flask --app app seed-demo --host $(HOST):$(PORT)
	$(PY) -m flask --app app run --host $(HOST) --port $(PORT)

## Run the whole test suite (PostgreSQL too when TEST_DATABASE_URL is set).
test: $(STAMP) translations
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal

## Production-style server: gunicorn with several workers (set DATABASE_URL for PostgreSQL).
serve: $(STAMP) translations
	WAHLGANG_ENV=development $(PY) -m flask --app app init-instance  # production refuses to start before it
	$(PY) -m flask --app app db upgrade
	$(VENV)/bin/gunicorn -c config/gunicorn.conf.py --bind $(HOST):$(PORT) $${WORKERS:+--workers $$WORKERS} 'app:create_app()'

lint: $(STAMP)
	$(VENV)/bin/ruff check app ballots tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

## Extract every marked string, merge it into the catalogs (new ones arrive untranslated, never
## fuzzy-guessed; tests/app/i18n/test_catalog.py fails until each has an English msgstr), compile.
babel: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 -k _lp:1c,2 --sort-by-file --project Wahlgang \
		--copyright-holder "Wahlgang" -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile --statistics -d app/translations

bench: $(STAMP)
	$(PY) bench/tally.py
	$(PY) bench/issuance.py
	$(PY) bench/burst.py --voters 1000

clean:
	rm -rf $(VENV) instance/*.sqlite3
