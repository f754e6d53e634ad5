# Makefile — builds ./kopir, its tests and fuzzers. Sources are found by wildcard:
# a new .c under src/, a new test under tests/unit/ or a new file under static/, po/ or
# src/db/migrations/ needs no edit here. `make SAN=1` builds a sanitizer copy in build-san/.

CC       ?= cc
SAN      ?=
FUZZ     ?=
BUILD    := $(if $(FUZZ),build-fuzz,build$(if $(SAN),-san))
BIN      := $(if $(SAN)$(FUZZ),$(BUILD)/kopir,kopir)
PKGS     := libmicrohttpd sqlite3 jansson libsodium
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS   += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lmicrohttpd -lsqlite3 -ljansson -lsodium)
LDLIBS   += -lcadical -lstdc++ -lpthread -lm
# jemalloc instead of glibc's malloc, as Redis does: CaDiCaL allocates each learnt clause
# on its own, and with jemalloc the exact scheduler's searches run about 5 % faster
# (docs/sched-exact.md, "Allocator"). Sanitizer builds keep the sanitizers' allocator.
ifeq ($(SAN)$(FUZZ),)
LDLIBS   += -ljemalloc
endif
ifdef SAN
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1
LDFLAGS  += -fsanitize=address,undefined
endif
ifdef FUZZ
CFLAGS   += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

SRC      := $(sort $(shell find src -name '*.c' ! -name main.c))
OBJ      := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/assets.o
ASSETS   := $(sort $(shell find static po src/db/migrations -type f 2>/dev/null))
UNIT     := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN  := $(UNIT:tests/unit/%.c=$(BUILD)/tests/%)
FUZZSRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN  := $(FUZZSRC:tests/fuzz/%.c=build-fuzz/%)

.PHONY: all deps run test test-one unit fuzz fuzz-build lint clean link-inputs

all: $(BIN)

deps:
	@scripts/install-deps.sh build

# Relinked when the Makefile changes too: a new library (as jemalloc) must reach the binary.
$(BIN): $(OBJ) $(BUILD)/src/main.o Makefile
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -O1 -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ "" $(ASSETS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(CFLAGS) -c -o $@ $<

# Unit tests are cmocka programs linked with every object but main.o.
$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(OBJ) -lcmocka $(LDLIBS)

unit: $(UNITBIN)

# What a program linked against kopir's objects needs (bench/sched links its runners
# with it): every object but main.o, then the libraries, so the list lives only here.
link-inputs:
	@echo $(OBJ) $(LDLIBS)

# `make run`: install, build, create the demo database if absent, serve.
run:
	@scripts/install-deps.sh build
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	@if [ ! -f var/kopir.db ]; then ./kopir init --db var/kopir.db && ./kopir demo --db var/kopir.db; fi
	@echo "kopir: open http://127.0.0.1:8080/ and log in as admin / kopir-admin (demo accounts: docs/organisations.md)"
	./kopir serve --db var/kopir.db --listen 127.0.0.1:8080

# `make test`: every test with the normal build, then again under ASan+UBSan.
test:
	@scripts/install-deps.sh build test
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory SAN=1 all unit
	@rm -f build/test-counts
	@tests/run.sh normal ./kopir build/tests build/test-counts
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/run.sh sanitizers build-san/kopir build-san/tests build/test-counts
	@awk '{p+=$$1; f+=$$2} END {printf "%d passed, %d failed\n", p, f; exit (f>0 || p==0)}' build/test-counts

# One pass with the normal build only, for quick iteration.
test-one: all unit
	@rm -f build/test-counts
	@tests/run.sh normal ./kopir build/tests build/test-counts
	@awk '{p+=$$1; f+=$$2} END {printf "%d passed, %d failed\n", p, f; exit (f>0 || p==0)}' build/test-counts

# libFuzzer drivers: tests/fuzz/fuzz_NAME.c, built with clang into build-fuzz/ and each
# run for FUZZ_SECONDS on its seed corpus (tests/fuzz/corpus/NAME, if any).
FUZZ_SECONDS ?= 30
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(OBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(OBJ) $(LDLIBS)

fuzz-build: $(FUZZBIN)

fuzz:
	@scripts/install-deps.sh build test
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang fuzz-build
	@for f in $(FUZZBIN); do n=$$(basename $$f); \
	  mkdir -p build-fuzz/corpus-$$n; \
	  seeds=tests/fuzz/corpus/$$n; [ -d $$seeds ] || seeds=; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 build-fuzz/corpus-$$n $$seeds 2>build-fuzz/$$n.log || { tail -40 build-fuzz/$$n.log; exit 1; }; \
	  tail -3 build-fuzz/$$n.log; \
	done

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 -Isrc src

clean:
	rm -rf build build-san build-fuzz kopir

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
