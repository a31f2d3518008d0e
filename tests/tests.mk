# tests/tests.mk: the test harness and the demo, included by the root Makefile.
#
#   make deps       install what building and testing need (Debian packages;
#                   quiet and offline when everything is there)
#   make deps-demo  install only what building the extension and running
#                   PHP's built-in server need (scripts/install-deps.sh --demo)
#   make test       deps, then build lib, cli and ext and run every suite
#                   (scripts/run-all-tests.sh); ends with "N passed, N failed"
#   make test-e2e   deps, ext, then only the nginx + php-fpm scenarios
#                   (tests/e2e/run.sh)
#   make test-e2e-demo
#                   deps, ext, then only the demo's scenario: scripts/demo.sh
#                   driven with curl (tests/e2e/demo.sh)
#   make test-e2e-object-api
#                   deps, ext, the Redis test servers (left running, as
#                   tests/e2e/redis.sh does), then the object API's nginx +
#                   php-fpm scenarios on the files and the redis store
#                   (tests/e2e/object_api.sh, TSR_REDIS_REQUIRED=1)
#   make demo       deps-demo, ext, then scripts/demo.sh: examples/demo on PHP's
#                   built-in server at http://$(DEMO_HOST):$(DEMO_PORT), sessions
#                   in $(DEMO_SESSIONS); runs in the foreground until Ctrl-C
#                   (tests/e2e/demo.sh drives the same script)
#
# The phpt suite also runs under valgrind when CI=true or VALGRIND=1;
# TESTS_SKIP="fuzz ..." leaves steps out (reported as skipped).

TESTS_RUNNER  ?= scripts/run-all-tests.sh
DEMO_HOST     ?= 127.0.0.1
DEMO_PORT     ?= 8080
DEMO_SESSIONS ?= $(CURDIR)/var/sessions

.PHONY: deps deps-demo test test-e2e test-e2e-demo test-e2e-object-api demo

deps:
	@bash scripts/install-deps.sh

deps-demo:
	@bash scripts/install-deps.sh --demo

test: deps
	@MAKE="$(MAKE)" bash $(TESTS_RUNNER)

test-e2e: deps
	@$(MAKE) --no-print-directory ext
	bash tests/e2e/run.sh

test-e2e-demo: deps
	@$(MAKE) --no-print-directory ext
	bash tests/e2e/demo.sh

test-e2e-object-api: deps
	@$(MAKE) --no-print-directory ext
	bash scripts/redis-test-servers.sh start
	TSR_REDIS_REQUIRED=1 bash tests/e2e/object_api.sh

demo: deps-demo
	@$(MAKE) --no-print-directory ext
	@bash scripts/demo.sh '$(DEMO_HOST)' '$(DEMO_PORT)' '$(DEMO_SESSIONS)'
