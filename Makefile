# Entry points. Every target bootstraps the toolchain first (fast when already done), and puts
# .tools/bin first on PATH so Node 24 and the Temporal CLI from .tools/ are the ones used.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export VENDOR_SPECS ?= $(abspath $(CURDIR)/../shared/vendor-specs)

.PHONY: setup demo test typecheck clean

setup:
	@bash scripts/bootstrap.sh

demo: setup
	@node scripts/demo.ts $(ARGS)

typecheck: setup
	@tsc -p tsconfig.json

test: setup
	@tsc -p tsconfig.json
	@mkdir -p .data
	@vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-results.json; status=$$?; \
	  node scripts/test-summary.ts .data/vitest-results.json; exit $$status

clean:
	rm -rf .data node_modules .tools
