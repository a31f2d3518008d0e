# The tessera command (cli/): build/tessera from cli/*.c and the core
# library, and its test suite. `make cli` builds it; `make test-cli` builds
# the test fixture and runs cli/tests/run.sh, which ends with the line
# "N passed, N failed" and exits non-zero when a test failed.

CLI_SRCS    := $(sort $(wildcard cli/*.c))
CLI_OBJS    := $(CLI_SRCS:cli/%.c=$(BUILD)/cli/%.o)
CLI_HEADERS := $(wildcard cli/*.h)
CLI_BIN     := $(BUILD)/tessera
CLI_CFLAGS  := $(WARN) $(DEFS) $(INCS) -O2 -g
CLI_FIXTURE := $(BUILD)/cli-tests/fixture

.PHONY: test-cli

cli: $(CLI_BIN)

$(BUILD)/cli/%.o: cli/%.c $(CLI_HEADERS) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) -c $< -o $@

$(CLI_BIN): $(CLI_OBJS) $(LIB_A)
	$(CC) $(CLI_CFLAGS) $(CLI_OBJS) $(LIB_A) -o $@ $(LIBS)

# A small program that creates sessions through the core library (chosen
# times, users, payloads), finds colliding key prefixes and holds locks.
$(CLI_FIXTURE): cli/tests/fixture.c $(LIB_A) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) $< $(LIB_A) -o $@ $(LIBS)

test-cli: $(CLI_BIN) $(CLI_FIXTURE)
	bash cli/tests/run.sh $(CLI_BIN) $(CLI_FIXTURE)
