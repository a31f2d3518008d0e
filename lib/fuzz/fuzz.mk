# libFuzzer targets for the core's decoders (lib/fuzz/).
#
#   make fuzz-build                  build/fuzz/fuzz_<name> for every lib/fuzz/fuzz_<name>.c
#   make fuzz [FUZZ_SECONDS=20]      run each for FUZZ_SECONDS on a seed corpus
#   make fuzz-run-<name>             build and run one of them
#
# Every lib/fuzz/fuzz_<name>.c is a target, found by wildcard: adding one
# needs no change here unless it links core sources beyond the default
# set (then set FUZZ_SRCS_<name>) or wants another input limit
# (FUZZ_MAXLEN_<name>; FUZZ_MAXLEN otherwise).
#
# Each target compiles the lib/src files it needs itself, with clang's
# -fsanitize=fuzzer,address,undefined. Seeds are written into
# build/fuzz/corpus/<name>/ by the same source built with
# -DTSR_FUZZ_SEED_MAIN (so seeds come from the real encoders); libFuzzer
# adds what it finds there, and any crash is saved as
# build/fuzz/<name>-crash-* and fails the run.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_MAXLEN  ?= 4096
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_WARN    := -std=c11 -Wall -Wextra -Wstrict-prototypes -Wwrite-strings -Werror
FUZZ_CFLAGS  := $(FUZZ_WARN) -D_GNU_SOURCE -Ilib/include -g -O1 -fno-omit-frame-pointer
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIBS    := -lcrypto
FUZZ_HEADERS := $(wildcard lib/include/tessera/*.h) $(wildcard lib/src/*.h)

FUZZ_NAMES   := $(patsubst lib/fuzz/fuzz_%.c,%,$(sort $(wildcard lib/fuzz/fuzz_*.c)))

# The core sources a target links. The default covers the codec units that
# need no store, so a new target over one of them builds as it is.
FUZZ_SRCS_DEFAULT := lib/src/error.c lib/src/record.c lib/src/key.c lib/src/random.c \
	lib/src/sid.c lib/src/dsn.c lib/src/profile.c lib/src/csrf.c lib/src/forward.c \
	lib/src/sha256.c
FUZZ_SRCS_record  := lib/src/record.c lib/src/error.c
FUZZ_SRCS_dsn     := lib/src/dsn.c lib/src/error.c
FUZZ_SRCS_profile := lib/src/profile.c lib/src/sha256.c lib/src/record.c lib/src/error.c
FUZZ_SRCS_csrf    := lib/src/csrf.c lib/src/random.c lib/src/error.c
FUZZ_SRCS_forward := lib/src/forward.c lib/src/key.c lib/src/sha256.c lib/src/record.c \
	lib/src/random.c lib/src/error.c

FUZZ_MAXLEN_record  := 8192
FUZZ_MAXLEN_dsn     := 5000
FUZZ_MAXLEN_profile := 1024
FUZZ_MAXLEN_csrf    := 256
FUZZ_MAXLEN_forward := 512

fuzz_srcs   = $(or $(FUZZ_SRCS_$(1)),$(FUZZ_SRCS_DEFAULT))
fuzz_maxlen = $(or $(FUZZ_MAXLEN_$(1)),$(FUZZ_MAXLEN))

# FUZZ_TARGET(name): the fuzzer, its seed writer, and the command that runs it.
define FUZZ_TARGET
$(FUZZ_DIR)/fuzz_$(1): lib/fuzz/fuzz_$(1).c $(call fuzz_srcs,$(1)) $(FUZZ_HEADERS)
	@mkdir -p $$(dir $$@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) lib/fuzz/fuzz_$(1).c $(call fuzz_srcs,$(1)) -o $$@ $(FUZZ_LIBS)

$(FUZZ_DIR)/seed_$(1): lib/fuzz/fuzz_$(1).c $(call fuzz_srcs,$(1)) $(FUZZ_HEADERS)
	@mkdir -p $$(dir $$@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DTSR_FUZZ_SEED_MAIN lib/fuzz/fuzz_$(1).c $(call fuzz_srcs,$(1)) -o $$@ $(FUZZ_LIBS)

.PHONY: fuzz-run-$(1)
fuzz-run-$(1): $(FUZZ_DIR)/fuzz_$(1) $(FUZZ_DIR)/seed_$(1)
	@mkdir -p $(FUZZ_DIR)/corpus/$(1)
	$(FUZZ_DIR)/seed_$(1) $(FUZZ_DIR)/corpus/$(1)
	$(FUZZ_DIR)/fuzz_$(1) -max_total_time=$$(FUZZ_SECONDS) -max_len=$(call fuzz_maxlen,$(1)) \
		-timeout=10 -artifact_prefix=$(FUZZ_DIR)/$(1)- -print_final_stats=1 $(FUZZ_DIR)/corpus/$(1)
endef

$(foreach t,$(FUZZ_NAMES),$(eval $(call FUZZ_TARGET,$(t))))

.PHONY: fuzz-build fuzz

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

# Everything is built first, then the targets run one after another (they
# share the machine's cores with everything else); the first crash stops
# the run. `make fuzz-run-<name>` runs one target alone.
fuzz: fuzz-build $(FUZZ_NAMES:%=$(FUZZ_DIR)/seed_%) $(FUZZ_NAMES:%=fuzz-run-%)
