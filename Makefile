# The README's two commands: `make serve` (run the product locally) and `make test` (all tests).
# Both create the virtual environment on first use, so a fresh clone needs nothing installed by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The client generators the OpenAPI document is checked with (tests/api/test_generators.py).
GENERATORS := tests/api/generators/node_modules/.package-lock.json
# esbuild, which bundles the calculators whenever the guide is built (hooks/bundle_scripts.py).
BUNDLER := node_modules/.package-lock.json

.PHONY: test serve token lint types unit docs rules bench clean lock openapi deploy mutate

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c requirements.lock
	touch $(STAMP)

$(GENERATORS): tests/api/generators/package.json tests/api/generators/package-lock.json
	npm ci --prefix tests/api/generators --no-audit --no-fund

$(BUNDLER): package.json package-lock.json
	npm ci --no-audit --no-fund --prefer-offline

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check functions tests infra hooks

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(GENERATORS) $(BUNDLER)
	$(BIN)/pytest

test: $(STAMP) $(GENERATORS) $(BUNDLER)
	bash infra/ensure-browser.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check functions tests infra hooks
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadfile

# Re-pin requirements.lock (the audited, installed closure) after changing pyproject's dependencies.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m tests.quality.lock --write

# Regenerate the rules export and the conformance vectors from the rule book's data.
rules: $(STAMP)
	$(BIN)/python -c "from functions.rulebook.export import write_all; [print(p) for p in write_all()]"

# Mutation testing of the rule book's engine with mutmut (config: [tool.mutmut] in pyproject.toml). A
# mutant is killed only by tests that still fail with the exports regenerated from the mutated code, as
# `make rules` would. ~2,800 mutants: about 2 h on one busy core (0.3-0.4 mutants/s), less with
# MUTATE_JOBS=2 on an idle machine; MUTATE_SAMPLE='functions.rulebook.*__mutmut_*[05]' tests a fixed
# fifth of them (about 30 min). Prints the kill rate; fails below MUTATE_MIN % of the rule mutants.
MUTATE_JOBS ?= 1
MUTATE_MIN ?= 95
MUTATE_SAMPLE ?=
mutate: $(STAMP)
	rm -rf mutants
	ECM_RULES_FROM_ENGINE=1 $(BIN)/mutmut run --max-children $(MUTATE_JOBS) $(if $(MUTATE_SAMPLE),"$(MUTATE_SAMPLE)")
	$(BIN)/python -m tests.mutation.kill_rate --min $(MUTATE_MIN)

bench: $(STAMP) $(BUNDLER)
	$(BIN)/python -m tests.benchmarks.bench_compliance
	$(BIN)/python -m tests.benchmarks.bench_api
	$(BIN)/python -m tests.benchmarks.bench_local_stack
	$(BIN)/python -m tests.benchmarks.bench_calculators
	$(BIN)/python -m tests.benchmarks.bench_documents

# Regenerate openapi/openapi.json from the API's resolvers (a test fails when it drifts).
openapi: $(STAMP)
	$(BIN)/python -m functions.api.openapi

# `sam build` calls these (BuildMethod: makefile): the package and Babel (the rule book's Italian and
# English numbers, dates and plurals), pinned as in requirements.lock; boto3, Powertools and pydantic
# come from the Lambda runtime and the Powertools layer. Babel's locale data is cut to the two
# languages the API speaks (and root, their parent): 33 MB -> about 1 MB. pypdf (pure Python, no
# dependencies) reads attestati: the public function (POST /v1/certificates/read), the records function
# (the fields of a kept attestato) and the documents function (the claim pack appends its pages).
BABEL_PIN = $(shell grep -iE '^babel==' requirements.lock)
PYPDF_PIN = $(shell grep -iE '^pypdf==' requirements.lock)
BABEL_LOCALES_KEPT = root it it_IT en en_001 en_GB
# Every function: the package, Babel (cut to it/en) and, for those that read attestati, pypdf.
define package_base
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -r functions "$(ARTIFACTS_DIR)/"
	find "$(ARTIFACTS_DIR)/functions" -name __pycache__ -prune -exec rm -rf {} +
	# The browser's rules export and the conformance vectors are for the guide and the tests; a function
	# reads only the rule book's data (data/*.toml and their compiled copy, generated/data.json).
	rm -f "$(ARTIFACTS_DIR)/functions/rulebook/generated/rules.json" "$(ARTIFACTS_DIR)/functions/rulebook/generated/conformance.json"
	$(PYTHON) -m pip install --quiet --no-deps --no-compile --only-binary=:all: --target "$(ARTIFACTS_DIR)" "$(BABEL_PIN)" $(if $(filter build-PublicFunction build-RecordsFunction build-DocumentsFunction,$@),"$(PYPDF_PIN)")
	find "$(ARTIFACTS_DIR)/babel/locale-data" -name '*.dat' $(foreach l,$(BABEL_LOCALES_KEPT),! -name '$(l).dat') -delete
	rm -f "$(ARTIFACTS_DIR)/bin/pybabel"
endef

# Bytecode for the runtime's Python. /var/task is read-only, so a package without it compiles every module
# of ours and Babel's from source at each cold start (about 50 ms of the first request on the
# benchmark's machine). Only a build by the runtime's own Python can write bytecode it will read
# (`sam build --use-container`, or a host with that version); any other build skips the step, since
# another version's bytecode would be ignored. unchecked-hash: the package never changes after the
# build, so the source's timestamp (which a zip keeps only to 2 s) is not checked.
LAMBDA_PYTHON = 3.13
define compile_bytecode
	if [ "$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$(LAMBDA_PYTHON)" ]; then \
		$(PYTHON) -m compileall -q -j 0 --invalidation-mode unchecked-hash "$(ARTIFACTS_DIR)"; \
	else echo "$@: no bytecode (building Python is not $(LAMBDA_PYTHON), the runtime's)"; fi
endef

build-PublicFunction build-RecordsFunction build-ComplianceFunction build-AccountFunction:
	$(package_base)
	$(compile_bytecode)

# The documents function writes the PDFs (the insurer statement and the missing-credit claim pack, with
# fpdf2, fontTools and defusedxml; core fonts only) and the iCalendar feeds (icalendar, with
# python-dateutil, six and tzdata): pure-Python wheels (`--platform any`), so the x86 build host packs
# what runs on arm64; fontTools' pure-Python files suffice for fpdf2 (its compiled speed-ups are
# optional). Pillow, which fpdf2 needs to place a photographed attestato on a page of the claim pack,
# has compiled parts: it is the Lambda runtime's wheel (python3.13 on arm64, Amazon Linux 2023:
# manylinux_2_28), whatever machine builds, and only this function carries it. icalendar's own test
# suite (2 MB) and the console scripts are not deployed.
DOCUMENTS_PINS = $(shell grep -iE '^(fpdf2|fonttools|defusedxml|icalendar|python-dateutil|six|tzdata)==' requirements.lock)
PILLOW_PIN = $(shell grep -iE '^pillow==' requirements.lock)
LAMBDA_WHEELS = --platform manylinux_2_28_aarch64 --platform manylinux2014_aarch64 --implementation cp --python-version 3.13 --abi cp313
build-DocumentsFunction:
	$(package_base)
	$(PYTHON) -m pip install --quiet --no-deps --no-compile --only-binary=:all: --platform any \
		--implementation py --python-version 3.13 --abi none --target "$(ARTIFACTS_DIR)" $(DOCUMENTS_PINS)
	$(PYTHON) -m pip install --quiet --no-deps --no-compile --only-binary=:all: --target "$(ARTIFACTS_DIR)" $(LAMBDA_WHEELS) "$(PILLOW_PIN)"
	rm -rf "$(ARTIFACTS_DIR)/icalendar/tests" "$(ARTIFACTS_DIR)/bin" "$(ARTIFACTS_DIR)/share"
	$(compile_bytecode)

docs: $(STAMP) $(BUNDLER)
	$(BIN)/mkdocs build --strict

# Build the guide against a deployed stack's API and publish it to the stack's bucket (needs AWS credentials).
deploy: $(STAMP) $(BUNDLER)
	@test -n "$(STACK)" || { echo "usage: make deploy STACK=<stack name given to sam deploy>"; exit 2; }
	$(BIN)/python -m infra.deploy_guide --stack "$(STACK)" $(if $(AWS_REGION),--region $(AWS_REGION))

# The whole product locally: embedded DynamoDB, the API as template.yaml declares it, the guide.
# Ports and options are environment variables (ECM_API_PORT, ECM_SITE_PORT, ...; see the README).
serve: $(STAMP) $(BUNDLER)
	$(BIN)/python -m infra.local serve

# A bearer token the local API accepts: `make token` (demo professional), `make token USER=second`.
# USER is also the login name in the environment, so only a value given on the command line counts.
token: $(STAMP)
	@$(BIN)/python -m infra.local token --user $(if $(filter command line,$(origin USER)),$(USER),demo)

clean:
	rm -rf $(VENV) node_modules public build mutants .mypy_cache .ruff_cache .pytest_cache
