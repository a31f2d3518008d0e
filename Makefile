# Tessera's own build: the core library, the CLI, the PHP extension, tests,
# the demo and the benchmarks. phpize's generated Makefile lives in ext/ and
# is driven from here; it never replaces this file.

CC       ?= cc
PHPIZE   ?= phpize
PHP      ?= php
BUILD    := build

WARN     := -std=c11 -Wall -Wextra -Wstrict-prototypes -Wwrite-strings -Werror
DEFS     := -D_GNU_SOURCE
INCS     := -Ilib/include
LIBS     := -lcrypto -lhiredis
CFLAGS_LIB := $(WARN) $(DEFS) $(INCS) -O2 -g -fPIC
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS_TEST := $(WARN) $(DEFS) $(INCS) -O1 -g $(SANITIZE)

LIB_SRCS  := $(sort $(wildcard lib/src/*.c))
LIB_OBJS  := $(LIB_SRCS:lib/src/%.c=$(BUILD)/lib/%.o)
LIB_A     := $(BUILD)/libtessera.a
SAN_OBJS  := $(LIB_SRCS:lib/src/%.c=$(BUILD)/san/%.o)
TEST_SRCS := $(sort $(wildcard lib/tests/test_*.c))
TEST_BINS := $(TEST_SRCS:lib/tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(filter-out $(TEST_SRCS),$(wildcard lib/tests/*.c))
HEADERS   := $(wildcard lib/include/tessera/*.h) $(wildcard lib/src/*.h)

.PHONY: all lib cli ext test-unit clean format

all: lib cli ext

lib: $(LIB_A)

$(BUILD)/lib/%.o: lib/src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_LIB) -c $< -o $@

$(LIB_A): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/san/%.o: lib/src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_TEST) -c $< -o $@

# Each lib/tests/test_<unit>.c is one cmocka program, linked with every core
# source built with ASan + UBSan, plus any shared test support file.
$(BUILD)/tests/%: lib/tests/%.c $(SAN_OBJS) $(TEST_SUPPORT) $(HEADERS) $(wildcard lib/tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_TEST) -Ilib/src -Ilib/tests $< $(TEST_SUPPORT) $(SAN_OBJS) -o $@ -lcmocka $(LIBS)

# Keep the sanitizer objects between builds (they are shared by every test program).
.SECONDARY: $(SAN_OBJS)

test-unit: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t; done

format:
	clang-format -i lib/include/tessera/*.h lib/src/*.c lib/tests/*.c $(wildcard cli/*.c) \
		$(filter-out ext/tessera_arginfo.h,$(wildcard ext/*.c ext/*.h))

clean:
	rm -rf $(BUILD)
	-[ -f ext/Makefile ] && $(MAKE) -C ext distclean
	cd ext && $(PHPIZE) --clean >/dev/null 2>&1 || true

# Each area keeps its own rules beside its sources.
include cli/cli.mk
include ext/ext.mk
include lib/fuzz/fuzz.mk
include tests/tests.mk
include bench/bench.mk
