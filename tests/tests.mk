# tests/tests.mk: the test harness and the demo, included by the root Makefile.
#
#   make deps       install what building and testing need (Debian packages;
#                   quiet and offline when everything is there)
#   make test       deps, then build lib, cli and ext and run every suite
#                   (scripts/run-all-tests.sh); ends with "N passed, N failed"
#   make test-e2e   deps, ext, then only the nginx + php-fpm scenarios
#                   (tests/e2e/run.sh)
#   make test-e2e-object-api
#                   deps, ext, the Redis test servers (left running, as
#                   tests/e2e/redis.sh does), then the object API's nginx +
#                   php-fpm scenarios on the files and the redis store
#                   (tests/e2e/object_api.sh, TSR_REDIS_REQUIRED=1)
#   make demo       deps, ext, then examples/demo on PHP's built-in server at
#                   http://$(DEMO_HOST):$(DEMO_PORT), sessions in $(DEMO_SESSIONS);
#                   runs in the foreground until Ctrl-C
#
# The phpt suite also runs under valgrind when CI=true or VALGRIND=1;
# TESTS_SKIP="fuzz ..." leaves steps out (reported as skipped).

TESTS_RUNNER  ?= scripts/run-all-tests.sh
DEMO_HOST     ?= 127.0.0.1
DEMO_PORT     ?= 8080
DEMO_SESSIONS ?= $(CURDIR)/var/sessions
DEMO_EXT      := $(CURDIR)/ext/modules/tessera.so

.PHONY: deps test test-e2e test-e2e-object-api demo

deps:
	@bash scripts/install-deps.sh

test: deps
	@MAKE="$(MAKE)" bash $(TESTS_RUNNER)

test-e2e: deps
	@$(MAKE) --no-print-directory ext
	bash tests/e2e/run.sh

test-e2e-object-api: deps
	@$(MAKE) --no-print-directory ext
	bash scripts/redis-test-servers.sh start
	TSR_REDIS_REQUIRED=1 bash tests/e2e/object_api.sh

demo: deps
	@$(MAKE) --no-print-directory ext
	@install -d -m 0700 $(DEMO_SESSIONS)
	@echo "Tessera demo on http://$(DEMO_HOST):$(DEMO_PORT)/ (sessions in $(DEMO_SESSIONS)); Ctrl-C stops it."
	php -S $(DEMO_HOST):$(DEMO_PORT) -d extension=$(DEMO_EXT) \
		-d session.save_handler=tessera -d session.save_path=$(DEMO_SESSIONS) \
		-d session.cookie_httponly=1 -d session.cookie_samesite=Lax \
		-t examples/demo
