# Entry points. Every target bootstraps the toolchain first (fast when already done), and puts
# .tools/bin first on PATH so Node 24 and the Temporal CLI from .tools/ are the ones used.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export VENDOR_SPECS ?= $(abspath $(CURDIR)/../shared/vendor-specs)

.PHONY: setup test-deps demo test typecheck eval gate bench clean

setup:
	@bash scripts/bootstrap.sh

# What the integration tests start for real: Chromium (viewer), Postgres (store), Neo4j (graph).
test-deps: setup
	@bash scripts/install-test-deps.sh
	@bash scripts/install-postgres.sh
	@bash scripts/neo4j/install.sh

demo: setup
	@node scripts/demo.ts $(ARGS)

typecheck: setup
	@tsc -p tsconfig.json

test: test-deps
	@tsc -p tsconfig.json
	@mkdir -p .data
	@vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-results.json; status=$$?; \
	  node scripts/test-summary.ts .data/vitest-results.json; exit $$status

# The whole library, three runs each, with terminology variants; results in evals/out/latest/.
eval: setup
	@node bin/ariadne.js eval --runs 3 --variants 2 $(ARGS)

# The CI gate as make test runs it: the critical set through the workflow on a Temporal dev server.
gate: setup
	@node bin/ariadne.js eval gate --temporal $(ARGS)

bench: setup
	@bash scripts/install-baro.sh
	@node simulator/bench/world-build.bench.ts
	@node simulator/bench/api-latency.bench.ts
	@node evals/bench/eval-throughput.bench.ts
	@node evals/bench/temporal-investigation.bench.ts
	@node evals/bench/baro-compare.bench.ts

clean:
	rm -rf .data node_modules .tools
