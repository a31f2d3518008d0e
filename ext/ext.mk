# ext/ext.mk: rules for the PHP extension, included by the root Makefile.
#
#   make ext                  phpize + configure (only when needed), then make -C ext:
#                             ext/modules/tessera.so (the glue plus lib/src/*.c)
#   make test-phpt            the .phpt suite (ext/tests) through PHP's run-tests.php
#   make test-phpt-valgrind   the same under valgrind (run-tests -m): reports LEAK
#   make ext-stub             regenerates ext/tessera_arginfo.h from ext/tessera.stub.php
#                             (needs Debian's php-parser package)
#
# phpize's generated Makefile stays inside ext/; this file only drives it.
# ext/session is built into Debian's php8.2-cli (`php -n -m` lists it), so the
# tests load only tessera.so.

EXT_PHP_CONFIG ?= php-config
EXT_PHP_API    := $(shell $(EXT_PHP_CONFIG) --phpapi 2>/dev/null)
EXT_PHP_BUILD  ?= /usr/lib/php/$(EXT_PHP_API)/build
EXT_RUN_TESTS  := $(EXT_PHP_BUILD)/run-tests.php
EXT_MODULE     := ext/modules/tessera.so
EXT_LIB_SRCS   := $(sort $(wildcard lib/src/*.c))
EXT_PHPT_ARGS  := -q -n -d extension=$(CURDIR)/$(EXT_MODULE) -g FAIL,BORK,LEAK,XLEAK --show-diff

# The objects phpize's Makefile was configured with, against those wanted now:
# a source added to (or removed from) lib/src means configure must run again.
EXT_CONFIGURED := $(sort $(shell sed -n 's/^shared_objects_tessera = //p' ext/Makefile 2>/dev/null))
EXT_WANTED     := $(sort $(patsubst ext/%.c,%.lo,$(wildcard ext/*.c)) $(EXT_LIB_SRCS:lib/src/%.c=libtessera/%.lo))
ifneq ($(EXT_CONFIGURED),$(EXT_WANTED))
EXT_RECONFIGURE := ext-force-configure
endif

.PHONY: ext-force-configure test-phpt test-phpt-valgrind ext-stub ext-clean

ext-force-configure:

ext/Makefile: ext/config.m4 $(EXT_RECONFIGURE)
	cd ext && $(PHPIZE) >/dev/null && rm -f configure~ config.h.in~ && ./configure --enable-tessera >/dev/null

# Header dependencies are tracked by the compiler's .dep files (-MMD), core
# objects included (they are built under ext/libtessera/).
ext: ext/Makefile
	$(MAKE) -C ext

ext-clean:
	-[ -f ext/Makefile ] && $(MAKE) -C ext clean

test-phpt: ext
	$(PHP) $(EXT_RUN_TESTS) $(EXT_PHPT_ARGS) ext/tests

test-phpt-valgrind: ext
	USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 \
		$(PHP) $(EXT_RUN_TESTS) -m -j2 $(EXT_PHPT_ARGS) ext/tests

# gen_stub.php looks for PHP-Parser beside itself and would download it; give
# it Debian's copy (package php-parser) in a scratch directory instead.
EXT_GEN_STUB_DIR := $(BUILD)/gen_stub
ext-stub:
	@mkdir -p $(EXT_GEN_STUB_DIR)
	cp $(EXT_PHP_BUILD)/gen_stub.php $(EXT_GEN_STUB_DIR)/gen_stub.php
	@v=$$(sed -n 's/^ *\$$version = "\([0-9.]*\)";.*/\1/p' $(EXT_GEN_STUB_DIR)/gen_stub.php | head -n 1); \
		mkdir -p $(EXT_GEN_STUB_DIR)/PHP-Parser-$$v/lib && \
		ln -sfn /usr/share/php/PhpParser $(EXT_GEN_STUB_DIR)/PHP-Parser-$$v/lib/PhpParser
	$(PHP) $(EXT_GEN_STUB_DIR)/gen_stub.php ext/tessera.stub.php
