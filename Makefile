# Two commands for a fresh clone (see README):
#   make serve   set everything up and serve the portal with the seed report on SQLite
#   make test    set everything up and run the whole test suite
.PHONY: setup serve test lint

PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

setup:
	@bash scripts/setup.sh

serve: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_seed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py ensure_admin
	@# With debug off the pages name hashed static files, which collectstatic makes.
	case "$${DJANGO_DEBUG:-1}" in 1|true|yes|on) ;; *) $(PY) manage.py collectstatic --noinput -v0;; esac
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
