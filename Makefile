ARTIST ?= John Bonham
ARGS ?=

.PHONY: generate test lint bench models

generate:  ## install if needed and generate for $(ARTIST) into ./out
	scripts/generate.sh "$(ARTIST)" $(ARGS)

test:  ## install dev tools if needed, lint, type-check, run every test
	scripts/test.sh

lint:
	scripts/bootstrap.sh dev && .venv/bin/ruff check src tests benchmarks scripts && .venv/bin/mypy

bench:  ## print benchmark figures
	scripts/bootstrap.sh dev && for b in benchmarks/*.py; do .venv/bin/python $$b; done

models:  ## rebuild the shipped genre models from the Groove MIDI Dataset
	scripts/bootstrap.sh && .venv/bin/python scripts/build_genre_models.py
