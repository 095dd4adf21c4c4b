# careplan: the two commands of the README, plus the benchmarks.
#   make demo   run the bundled demo scenario (one street: mentors, buddies, staffing, a 4-week roster, a year's activities)
#   make test   build and run every test
#   make serve  the local web page (careplan serve) on http://127.0.0.1:8080/, workspace out/workspace
#   make bench  run the benchmarks and rewrite benchmarks/RESULTS.md
# Each installs libglpk-dev, libsqlite3-dev and zlib1g-dev through apt-get when their headers are
# missing (sudo only when not root); make test also Debian's chromium and chromium-driver, and
# selenium in browser/.venv, for the tests in a real browser.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEMO := Scenarios/demo/zhoujiadu.yaml
DEMO_OUT := out/demo

.PHONY: demo test serve bench build deps browser-deps clean

deps:
	@missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (GLPK, SQLite for the run history, zlib for .zip files) ..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The Swift runtime and Foundation are linked in: the binary runs without the toolchain's
# libraries, and a run does not spend tens of milliseconds loading and relocating them.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product careplan

# Exit code 1 means "some students are left without a mentor (or children without a buddy, a
# staffing requirement unmet, a roster rule not met)":
# the demo shows that report on purpose, so only 2 and 3 (bad input, internal error) fail the target.
demo: build
	@.build/release/careplan run $(DEMO) --out $(DEMO_OUT); status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	.build/release/careplan explain --out $(DEMO_OUT) --student S000018

browser-deps:
	@browser/run --deps

# The Swift tests, then the page and the report in headless chromium (browser/test_page.py).
test: deps browser-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	CAREPLAN_BINARY=$(CURDIR)/.build/debug/careplan browser/run

serve: build
	.build/release/careplan serve --workspace out/workspace

bench: deps
	benchmarks/run

clean:
	rm -rf .build
