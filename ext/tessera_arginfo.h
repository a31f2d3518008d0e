/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: d7d8d1fc5503b10b688e74f3e821c5df3c6e0bfa */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Tessera_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Tessera_session_info, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(Tessera_version);
ZEND_FUNCTION(Tessera_session_info);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Tessera", version, Tessera_version, arginfo_Tessera_version)
	ZEND_NS_FALIAS("Tessera", session_info, Tessera_session_info, arginfo_Tessera_session_info)
	ZEND_FE_END
};
