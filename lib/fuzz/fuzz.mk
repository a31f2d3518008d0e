# libFuzzer targets for the core's decoders (lib/fuzz/).
#
#   make fuzz-build                  build/fuzz/fuzz_record, build/fuzz/fuzz_dsn
#   make fuzz [FUZZ_SECONDS=20]      run each for FUZZ_SECONDS on a seed corpus
#
# Each target compiles the lib/src files it needs itself, with clang's
# -fsanitize=fuzzer,address,undefined. Seeds are written into
# build/fuzz/corpus/<target>/ by the same sources built with
# -DTSR_FUZZ_SEED_MAIN (so record seeds come from the real encoder);
# libFuzzer adds what it finds there, and any crash is saved as
# build/fuzz/crash-* and fails the run.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_WARN    := -std=c11 -Wall -Wextra -Wstrict-prototypes -Wwrite-strings -Werror
FUZZ_CFLAGS  := $(FUZZ_WARN) -D_GNU_SOURCE -Ilib/include -g -O1 -fno-omit-frame-pointer
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIBS    := -lcrypto
FUZZ_HEADERS := $(wildcard lib/include/tessera/*.h)

FUZZ_RECORD_SRCS := lib/src/record.c lib/src/error.c
FUZZ_DSN_SRCS    := lib/src/dsn.c lib/src/error.c

.PHONY: fuzz-build fuzz

fuzz-build: $(FUZZ_DIR)/fuzz_record $(FUZZ_DIR)/fuzz_dsn

$(FUZZ_DIR)/fuzz_record: lib/fuzz/fuzz_record.c $(FUZZ_RECORD_SRCS) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) lib/fuzz/fuzz_record.c $(FUZZ_RECORD_SRCS) -o $@ $(FUZZ_LIBS)

$(FUZZ_DIR)/fuzz_dsn: lib/fuzz/fuzz_dsn.c $(FUZZ_DSN_SRCS) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) lib/fuzz/fuzz_dsn.c $(FUZZ_DSN_SRCS) -o $@ $(FUZZ_LIBS)

$(FUZZ_DIR)/seed_record: lib/fuzz/fuzz_record.c $(FUZZ_RECORD_SRCS) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DTSR_FUZZ_SEED_MAIN lib/fuzz/fuzz_record.c $(FUZZ_RECORD_SRCS) -o $@ $(FUZZ_LIBS)

$(FUZZ_DIR)/seed_dsn: lib/fuzz/fuzz_dsn.c $(FUZZ_DSN_SRCS) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DTSR_FUZZ_SEED_MAIN lib/fuzz/fuzz_dsn.c $(FUZZ_DSN_SRCS) -o $@ $(FUZZ_LIBS)

fuzz: fuzz-build $(FUZZ_DIR)/seed_record $(FUZZ_DIR)/seed_dsn
	@mkdir -p $(FUZZ_DIR)/corpus/record $(FUZZ_DIR)/corpus/dsn
	$(FUZZ_DIR)/seed_record $(FUZZ_DIR)/corpus/record
	$(FUZZ_DIR)/seed_dsn $(FUZZ_DIR)/corpus/dsn
	$(FUZZ_DIR)/fuzz_record -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
		-artifact_prefix=$(FUZZ_DIR)/record- -print_final_stats=1 $(FUZZ_DIR)/corpus/record
	$(FUZZ_DIR)/fuzz_dsn -max_total_time=$(FUZZ_SECONDS) -max_len=5000 -timeout=10 \
		-artifact_prefix=$(FUZZ_DIR)/dsn- -print_final_stats=1 $(FUZZ_DIR)/corpus/dsn
