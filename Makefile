# careplan: the two commands of the README, plus the benchmarks.
#   make demo   solve the bundled demo scenario
#   make test   build and run every test
#   make bench  run the benchmarks and rewrite benchmarks/RESULTS.md
# Each installs libglpk-dev through apt-get when glpk.h is missing (sudo only when not root).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEMO_MODEL := Scenarios/models/demo-mentors.lp

.PHONY: demo test bench build deps clean

deps:
	@if [ ! -f /usr/include/glpk.h ]; then \
		echo "Installing libglpk-dev (GLPK) ..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libglpk-dev; \
	fi

build: deps
	$(SWIFT) build -c release --product careplan

demo: build
	.build/release/careplan model solve $(DEMO_MODEL)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	benchmarks/run

clean:
	rm -rf .build
