/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: fad3548412f70d04af5a5f5eade691267dee08e5 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Tessera_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Tessera_session_info, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()

#define arginfo_Tessera_csrf_token arginfo_Tessera_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Tessera_csrf_verify, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, token, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Tessera_Profile___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ip, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userAgent, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Tessera_Profile_fromServer, 0, 1, Tessera\\Profile, 0)
	ZEND_ARG_TYPE_INFO(0, server, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Tessera_Store___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Tessera_Store_open, 0, 1, Tessera\\Store, 0)
	ZEND_ARG_TYPE_INFO(0, dsn, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_Store_driver arginfo_Tessera_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Store_gc, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Store_sessionsOf, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, userId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Store_revoke, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, sessionId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Store_revokeUser, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, userId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, exceptSessionId, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Tessera_SessionManager___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, store, Tessera\\Store, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Tessera_SessionManager_start, 0, 1, Tessera\\Session, 0)
	ZEND_ARG_TYPE_INFO(0, cookieValue, IS_STRING, 1)
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, profile, Tessera\\Profile, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, mode, Tessera\\LockMode, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_SessionManager_commit, 0, 1, IS_STRING, 1)
	ZEND_ARG_OBJ_INFO(0, session, Tessera\\Session, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_SessionManager_cookieName arginfo_Tessera_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_SessionManager_onProfileChange, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_SessionManager_onZombie arginfo_class_Tessera_SessionManager_onProfileChange

#define arginfo_class_Tessera_SessionManager_onInvalidId arginfo_class_Tessera_SessionManager_onProfileChange

#define arginfo_class_Tessera_SessionManager_onLockLost arginfo_class_Tessera_SessionManager_onProfileChange

#define arginfo_class_Tessera_Session___construct arginfo_class_Tessera_Store___construct

#define arginfo_class_Tessera_Session_id arginfo_Tessera_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_isNew, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Tessera_Session_lockMode, 0, 0, Tessera\\LockMode, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_get, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, default, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_set, 0, 2, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_has, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_forget, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_all, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_Session_flash arginfo_class_Tessera_Session_set

#define arginfo_class_Tessera_Session_now arginfo_class_Tessera_Session_set

#define arginfo_class_Tessera_Session_getFlash arginfo_class_Tessera_Session_get

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_reflash, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_keep, 0, 0, IS_VOID, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, keys, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Tessera_Session_increment, 0, 1, MAY_BE_LONG|MAY_BE_DOUBLE)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, by, IS_LONG, 0, "1")
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_Session_decrement arginfo_class_Tessera_Session_increment

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_append, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_push, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_Session_regenerate arginfo_Tessera_version

#define arginfo_class_Tessera_Session_destroy arginfo_class_Tessera_Session_reflash

#define arginfo_class_Tessera_Session_discard arginfo_class_Tessera_Session_reflash

#define arginfo_class_Tessera_Session_lock arginfo_class_Tessera_Session_reflash

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_bindUser, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, userId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Tessera_Session_userId, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_Tessera_Session_csrfToken arginfo_Tessera_version

#define arginfo_class_Tessera_Session_verifyCsrfToken arginfo_Tessera_csrf_verify


ZEND_FUNCTION(Tessera_version);
ZEND_FUNCTION(Tessera_session_info);
ZEND_FUNCTION(Tessera_csrf_token);
ZEND_FUNCTION(Tessera_csrf_verify);
ZEND_METHOD(Tessera_Profile, __construct);
ZEND_METHOD(Tessera_Profile, fromServer);
ZEND_METHOD(Tessera_Store, __construct);
ZEND_METHOD(Tessera_Store, open);
ZEND_METHOD(Tessera_Store, driver);
ZEND_METHOD(Tessera_Store, gc);
ZEND_METHOD(Tessera_Store, sessionsOf);
ZEND_METHOD(Tessera_Store, revoke);
ZEND_METHOD(Tessera_Store, revokeUser);
ZEND_METHOD(Tessera_SessionManager, __construct);
ZEND_METHOD(Tessera_SessionManager, start);
ZEND_METHOD(Tessera_SessionManager, commit);
ZEND_METHOD(Tessera_SessionManager, cookieName);
ZEND_METHOD(Tessera_SessionManager, onProfileChange);
ZEND_METHOD(Tessera_SessionManager, onZombie);
ZEND_METHOD(Tessera_SessionManager, onInvalidId);
ZEND_METHOD(Tessera_SessionManager, onLockLost);
ZEND_METHOD(Tessera_Session, __construct);
ZEND_METHOD(Tessera_Session, id);
ZEND_METHOD(Tessera_Session, isNew);
ZEND_METHOD(Tessera_Session, lockMode);
ZEND_METHOD(Tessera_Session, get);
ZEND_METHOD(Tessera_Session, set);
ZEND_METHOD(Tessera_Session, has);
ZEND_METHOD(Tessera_Session, forget);
ZEND_METHOD(Tessera_Session, all);
ZEND_METHOD(Tessera_Session, flash);
ZEND_METHOD(Tessera_Session, now);
ZEND_METHOD(Tessera_Session, getFlash);
ZEND_METHOD(Tessera_Session, reflash);
ZEND_METHOD(Tessera_Session, keep);
ZEND_METHOD(Tessera_Session, increment);
ZEND_METHOD(Tessera_Session, decrement);
ZEND_METHOD(Tessera_Session, append);
ZEND_METHOD(Tessera_Session, push);
ZEND_METHOD(Tessera_Session, regenerate);
ZEND_METHOD(Tessera_Session, destroy);
ZEND_METHOD(Tessera_Session, discard);
ZEND_METHOD(Tessera_Session, lock);
ZEND_METHOD(Tessera_Session, bindUser);
ZEND_METHOD(Tessera_Session, userId);
ZEND_METHOD(Tessera_Session, csrfToken);
ZEND_METHOD(Tessera_Session, verifyCsrfToken);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Tessera", version, Tessera_version, arginfo_Tessera_version)
	ZEND_NS_FALIAS("Tessera", session_info, Tessera_session_info, arginfo_Tessera_session_info)
	ZEND_NS_FALIAS("Tessera", csrf_token, Tessera_csrf_token, arginfo_Tessera_csrf_token)
	ZEND_NS_FALIAS("Tessera", csrf_verify, Tessera_csrf_verify, arginfo_Tessera_csrf_verify)
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_LockMode_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_Profile_methods[] = {
	ZEND_ME(Tessera_Profile, __construct, arginfo_class_Tessera_Profile___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Profile, fromServer, arginfo_class_Tessera_Profile_fromServer, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_StoreException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_LockTimeoutException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_LockLostException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_ReadOnlyException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_InvalidSessionException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_Store_methods[] = {
	ZEND_ME(Tessera_Store, __construct, arginfo_class_Tessera_Store___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Tessera_Store, open, arginfo_class_Tessera_Store_open, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Tessera_Store, driver, arginfo_class_Tessera_Store_driver, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Store, gc, arginfo_class_Tessera_Store_gc, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Store, sessionsOf, arginfo_class_Tessera_Store_sessionsOf, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Store, revoke, arginfo_class_Tessera_Store_revoke, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Store, revokeUser, arginfo_class_Tessera_Store_revokeUser, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_SessionManager_methods[] = {
	ZEND_ME(Tessera_SessionManager, __construct, arginfo_class_Tessera_SessionManager___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, start, arginfo_class_Tessera_SessionManager_start, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, commit, arginfo_class_Tessera_SessionManager_commit, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, cookieName, arginfo_class_Tessera_SessionManager_cookieName, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, onProfileChange, arginfo_class_Tessera_SessionManager_onProfileChange, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, onZombie, arginfo_class_Tessera_SessionManager_onZombie, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, onInvalidId, arginfo_class_Tessera_SessionManager_onInvalidId, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_SessionManager, onLockLost, arginfo_class_Tessera_SessionManager_onLockLost, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Tessera_Session_methods[] = {
	ZEND_ME(Tessera_Session, __construct, arginfo_class_Tessera_Session___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Tessera_Session, id, arginfo_class_Tessera_Session_id, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, isNew, arginfo_class_Tessera_Session_isNew, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, lockMode, arginfo_class_Tessera_Session_lockMode, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, get, arginfo_class_Tessera_Session_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, set, arginfo_class_Tessera_Session_set, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, has, arginfo_class_Tessera_Session_has, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, forget, arginfo_class_Tessera_Session_forget, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, all, arginfo_class_Tessera_Session_all, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, flash, arginfo_class_Tessera_Session_flash, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, now, arginfo_class_Tessera_Session_now, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, getFlash, arginfo_class_Tessera_Session_getFlash, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, reflash, arginfo_class_Tessera_Session_reflash, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, keep, arginfo_class_Tessera_Session_keep, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, increment, arginfo_class_Tessera_Session_increment, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, decrement, arginfo_class_Tessera_Session_decrement, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, append, arginfo_class_Tessera_Session_append, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, push, arginfo_class_Tessera_Session_push, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, regenerate, arginfo_class_Tessera_Session_regenerate, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, destroy, arginfo_class_Tessera_Session_destroy, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, discard, arginfo_class_Tessera_Session_discard, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, lock, arginfo_class_Tessera_Session_lock, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, bindUser, arginfo_class_Tessera_Session_bindUser, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, userId, arginfo_class_Tessera_Session_userId, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, csrfToken, arginfo_class_Tessera_Session_csrfToken, ZEND_ACC_PUBLIC)
	ZEND_ME(Tessera_Session, verifyCsrfToken, arginfo_class_Tessera_Session_verifyCsrfToken, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Tessera_LockMode(void)
{
	zend_class_entry *class_entry = zend_register_internal_enum("Tessera\\LockMode", IS_STRING, class_Tessera_LockMode_methods);

	zval enum_case_Exclusive_value;
	zend_string *enum_case_Exclusive_value_str = zend_string_init("exclusive", strlen("exclusive"), 1);
	ZVAL_STR(&enum_case_Exclusive_value, enum_case_Exclusive_value_str);
	zend_enum_add_case_cstr(class_entry, "Exclusive", &enum_case_Exclusive_value);

	zval enum_case_OnWrite_value;
	zend_string *enum_case_OnWrite_value_str = zend_string_init("on_write", strlen("on_write"), 1);
	ZVAL_STR(&enum_case_OnWrite_value, enum_case_OnWrite_value_str);
	zend_enum_add_case_cstr(class_entry, "OnWrite", &enum_case_OnWrite_value);

	zval enum_case_ReadOnly_value;
	zend_string *enum_case_ReadOnly_value_str = zend_string_init("read_only", strlen("read_only"), 1);
	ZVAL_STR(&enum_case_ReadOnly_value, enum_case_ReadOnly_value_str);
	zend_enum_add_case_cstr(class_entry, "ReadOnly", &enum_case_ReadOnly_value);

	zval enum_case_None_value;
	zend_string *enum_case_None_value_str = zend_string_init("none", strlen("none"), 1);
	ZVAL_STR(&enum_case_None_value, enum_case_None_value_str);
	zend_enum_add_case_cstr(class_entry, "None", &enum_case_None_value);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_Profile(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "Profile", class_Tessera_Profile_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES;

	zval property_ip_default_value;
	ZVAL_UNDEF(&property_ip_default_value);
	zend_string *property_ip_name = zend_string_init("ip", sizeof("ip") - 1, 1);
	zend_declare_typed_property(class_entry, property_ip_name, &property_ip_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_ip_name);

	zval property_userAgent_default_value;
	ZVAL_UNDEF(&property_userAgent_default_value);
	zend_string *property_userAgent_name = zend_string_init("userAgent", sizeof("userAgent") - 1, 1);
	zend_declare_typed_property(class_entry, property_userAgent_name, &property_userAgent_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_userAgent_name);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "Exception", class_Tessera_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_StoreException(zend_class_entry *class_entry_Tessera_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "StoreException", class_Tessera_StoreException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Tessera_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_LockTimeoutException(zend_class_entry *class_entry_Tessera_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "LockTimeoutException", class_Tessera_LockTimeoutException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Tessera_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_LockLostException(zend_class_entry *class_entry_Tessera_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "LockLostException", class_Tessera_LockLostException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Tessera_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_ReadOnlyException(zend_class_entry *class_entry_Tessera_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "ReadOnlyException", class_Tessera_ReadOnlyException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Tessera_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_InvalidSessionException(zend_class_entry *class_entry_Tessera_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "InvalidSessionException", class_Tessera_InvalidSessionException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Tessera_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Tessera_Store(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "Store", class_Tessera_Store_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Tessera_SessionManager(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "SessionManager", class_Tessera_SessionManager_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Tessera_Session(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Tessera", "Session", class_Tessera_Session_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}
