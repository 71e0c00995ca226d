# erwatch: thin wrapper over CMake.
#   make demo    install what is missing, build, erwatch diagnose on bundled evidence
#   make check   + test dependencies, ASan+UBSan build, every test
#   make bench   speed and memory benchmarks, side by side with references
#   make fuzz    libFuzzer targets (clang)
#   make record  re-record the testbed captures (root, BIRD 2, FRR)
#   make record-router  re-record the router outputs and logs (root)
#   make install  binary, man pages, completions, docs, examples under PREFIX
#                 (default /usr/local), DESTDIR honoured
#   make deb      the Debian package (dpkg-buildpackage -us -uc -b) into
#                 build-deb/, then lintian at the error level
#   make deb-check  make deb, then tests/package/test_deb.sh: the package
#                 installed into a scratch root and used from there
BUILD   ?= build
ASAN    ?= build-asan
FUZZB   ?= build-fuzz
DEBB    ?= build-deb
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX  ?= /usr/local
ERWATCH  = $(BUILD)/erwatch

.PHONY: all deps check-deps build demo check bench fuzz record record-router findings-doc install deb deb-check clean

all: build

deps:
	@sh scripts/install-deps.sh build

check-deps:
	@sh scripts/install-deps.sh check

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@sh examples/demo.sh $(ERWATCH) $(BUILD)/demo

check: check-deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DERW_SANITIZE=ON \
	    -DCMAKE_C_FLAGS="-O1 -g" >/dev/null
	@cmake --build $(ASAN) -j$(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j$(JOBS) --timeout 900

bench: build check-deps
	@sh bench/run.sh $(BUILD)

fuzz:
	@sh scripts/install-deps.sh fuzz
	@CC=clang cmake -S . -B $(FUZZB) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DERW_FUZZ=ON -DERW_SANITIZE=ON >/dev/null
	@cmake --build $(FUZZB) -j$(JOBS)
	@echo "fuzzers in $(FUZZB)/fuzz_*; run e.g. $(FUZZB)/fuzz_bgp_msg fuzz/corpus/bgp_msg"

record: build
	@sh scripts/install-deps.sh record
	@sh tests/testbed/record.sh $(ERWATCH)

record-router: build
	@sh scripts/install-deps.sh record
	@bash tests/testbed/record_router.sh $(ERWATCH)

findings-doc: build
	@$(ERWATCH) findings --markdown > docs/findings.md
	@echo "docs/findings.md regenerated"

# The prefix is a configure-time setting (the pages name the installed
# documentation), hence the reconfigure.
install: build
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

# Built from a copy of the tree under $(DEBB), where dpkg-buildpackage
# leaves the package (it writes to the parent directory) and debhelper its
# work files, away from the sources.
deb:
	@sh scripts/install-deps.sh deb
	@sh scripts/build-deb.sh $(DEBB)

deb-check: deb
	@bash tests/package/test_deb.sh $(DEBB)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZB) $(DEBB)
