# Every target sets itself up: a fresh clone needs only `make site` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The engine `make site` builds with: mkdocs (Material, the default) or zensical.
ENGINE ?= mkdocs
NODE_STAMP := node_modules/.installed-stamp

.PHONY: site test check serve audit external-links stale-facts setup-system bench export clean golden setup

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	touch $@

# Front-end test tools (axe-core, vnu-jar, lighthouse) come pinned from package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# System packages pip cannot install (Chromium, Noto CJK fonts, Cairo), where this user may install them; without
# them the build leaves out chart pictures or social cards with one notice each. Checked on every run: it is quick.
setup-system:
	@bash .ci/setup-system

# Install everything the targets need, without running anything (CI runs this before its own steps).
setup: setup-system $(STAMP) $(NODE_STAMP)

# The site serves plotly.js from node_modules (pinned in package.json), so it needs the npm install too.
site: setup-system $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m generator build --engine $(ENGINE)

check: $(STAMP)
	$(BIN)/python -m generator check

test: setup-system $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# Quality gates on a fresh build: links and anchors, HTML validity, axe in both palettes, page weight against
# audit/budgets.yml, Lighthouse on desktop and mobile. Report in site-audit/report.md and report.json.
audit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m generator build --engine $(ENGINE)
	$(BIN)/python -m audit --site site --out site-audit --engine $(ENGINE)

# The weekly check of the records' source URLs (goes online); writes site-audit/external-links.md.
external-links: $(STAMP)
	$(BIN)/python -m audit.external_links --out site-audit/external-links.md

# The weekly list of records last checked more than 90 days ago; writes site-audit/stale-facts.md (and .json).
stale-facts: $(STAMP)
	$(BIN)/python -m generator check --stale --stale-report site-audit/stale-facts.md

# Live preview at $(SERVE_ADDR) (default 127.0.0.1:8000): an edit rebuilds only the pages it changes.
serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m generator serve

export: $(STAMP)
	$(BIN)/python -m generator export --out build/export

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Refresh golden files after an intended change to rendered output.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests -k golden

clean:
	rm -rf site site-audit site-audit-scale build .site-* .pytest_cache
