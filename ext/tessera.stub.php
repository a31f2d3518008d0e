<?php

/**
 * The PHP API of the Tessera extension: the only definition of its
 * functions; tessera_arginfo.h is generated from this file by gen_stub.php.
 *
 * @generate-class-entries
 */

namespace Tessera {
    /** Returns the version of the Tessera extension, e.g. "0.1.0". */
    function version(): string {}

    /**
     * Describes the active drop-in session (session.save_handler = tessera):
     * id_hint (first 6 characters of the ID and "…"), created, last_active and
     * expires (Unix seconds), lock_mode, store (driver name) and new (created in
     * this request). Returns null when no session is active on Tessera.
     *
     * @return array{id_hint: string, created: int, last_active: int, expires: int,
     *               lock_mode: string, store: string, new: bool}|null
     */
    function session_info(): ?array {}
}
