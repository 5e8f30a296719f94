# The project's vocabulary. Every target builds the .venv it needs by itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: venv demo test bench lint model clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kommunevagt demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy core kommunevagt crawler nlp store statbank watch ui bench demo registry

bench: $(STAMP)
	$(BIN)/kommunevagt bench all

# Rebuild the trained NER weights under nlp/ner_model from $(SHARED)/data/ner (fixed seed), after
# the word lists it reads: the lower-case words of the same training split (also read by
# kv_entity_windows), the place words and the world names (without those lower-case words).
model: $(STAMP)
	$(BIN)/python -m nlp.training.lowercase_words --data $(SHARED)/data/ner/uner_da_ddt
	$(BIN)/python -m nlp.training.place_words
	$(BIN)/python -m nlp.training.world_names
	$(BIN)/python -m nlp.training.train_ner --data $(SHARED)/data/ner/uner_da_ddt --output nlp/ner_model

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
