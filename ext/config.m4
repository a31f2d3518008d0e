dnl config.m4: phpize's entry point for the Tessera extension.
dnl
dnl Builds ext/modules/tessera.so from the Zend glue in ext/ plus every core
dnl source of libtessera (lib/src/*.c, compiled into the module; the core has
dnl no PHP dependency of its own), linked with OpenSSL's libcrypto.
dnl Usage: cd ext && phpize && ./configure && make

PHP_ARG_ENABLE([tessera],
  [whether to enable the Tessera session handler],
  [AS_HELP_STRING([--disable-tessera], [Disable the Tessera session handler])],
  [yes])

if test "$PHP_TESSERA" != "no"; then
  dnl libcrypto (SHA-256 storage keys): pkg-config first, then a plain probe.
  PKG_CHECK_MODULES([TESSERA_CRYPTO], [libcrypto], [
    PHP_EVAL_LIBLINE([$TESSERA_CRYPTO_LIBS], [TESSERA_SHARED_LIBADD])
    PHP_EVAL_INCLINE([$TESSERA_CRYPTO_CFLAGS])
  ], [
    PHP_CHECK_LIBRARY([crypto], [EVP_DigestInit_ex], [
      PHP_ADD_LIBRARY([crypto], [1], [TESSERA_SHARED_LIBADD])
    ], [
      AC_MSG_ERROR([libcrypto (OpenSSL) not found: apt-get install libssl-dev])
    ])
  ])
  dnl hiredis (the Redis store driver, lib/src/store_redis.c).
  PHP_CHECK_LIBRARY([hiredis], [redisConnectWithTimeout], [
    PHP_ADD_LIBRARY([hiredis], [1], [TESSERA_SHARED_LIBADD])
  ], [
    AC_MSG_ERROR([hiredis not found: apt-get install libhiredis-dev])
  ])
  PHP_SUBST([TESSERA_SHARED_LIBADD])

  dnl The core sources. PHP_NEW_EXTENSION cannot take "../lib/src/x.c" (its
  dnl object naming splits the name at the first '.'), so each core source
  dnl gets its own rule below, with its object under ext/libtessera/: nothing
  dnl is built inside lib/. A new lib/src file is picked up at the next
  dnl configure, which ext/ext.mk reruns when the list of lib/src/*.c changes.
  tessera_lib_dir="$abs_srcdir/../lib"
  tessera_lib_sources=`cd "$tessera_lib_dir/src" 2>/dev/null && ls *.c 2>/dev/null`
  if test -z "$tessera_lib_sources"; then
    AC_MSG_ERROR([no libtessera sources found in $tessera_lib_dir/src])
  fi
  tessera_cflags="-D_GNU_SOURCE -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"

  PHP_ADD_INCLUDE([$tessera_lib_dir/include])
  PHP_NEW_EXTENSION([tessera], [tessera.c mod_tessera.c tessera_classes.c tessera_dropin.c class_profile.c class_store.c class_session_manager.c class_session.c dot.c ops.c cookie.c], [$ext_shared], [], [$tessera_cflags])
  PHP_ADD_EXTENSION_DEP([tessera], [session])
  PHP_ADD_BUILD_DIR([libtessera])

  for tessera_src in $tessera_lib_sources; do
    tessera_obj="libtessera/`basename $tessera_src .c`"
    shared_objects_tessera="$shared_objects_tessera $tessera_obj.lo"
    cat >>Makefile.objects <<TESSERA_RULE
-include $tessera_obj.dep
$tessera_obj.lo: $tessera_lib_dir/src/$tessera_src
	\$(LIBTOOL) --tag=CC --mode=compile \$(CC) -I$tessera_lib_dir/include -I$tessera_lib_dir/src \$(COMMON_FLAGS) \$(CFLAGS_CLEAN) \$(EXTRA_CFLAGS) $tessera_cflags -c $tessera_lib_dir/src/$tessera_src -o $tessera_obj.lo -MMD -MF $tessera_obj.dep -MT $tessera_obj.lo
TESSERA_RULE
  done
fi
