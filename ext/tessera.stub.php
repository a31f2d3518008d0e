<?php

/**
 * The PHP API of the Tessera extension: the only definition of its
 * functions and classes; tessera_arginfo.h is generated from this file by
 * gen_stub.php (make ext-stub).
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

    /**
     * Returns a fresh masked CSRF token of the active drop-in session (a new
     * mask on every call). Throws Tessera\Exception when no Tessera session is
     * active, Tessera\ReadOnlyException when the session has no secret yet and
     * is open read-only.
     */
    function csrf_token(): string {}

    /**
     * True when $token was made by csrf_token() for the active drop-in
     * session's current secret (constant-time comparison). False when no
     * Tessera session is active.
     */
    function csrf_verify(string $token): bool {}

    /** How a session is locked for the request that opens it. */
    enum LockMode: string
    {
        /** Lock on start, held until commit: requests on one session run one at a time. */
        case Exclusive = 'exclusive';
        /** Read without waiting; changes are replayed at commit on the record as then stored. */
        case OnWrite = 'on_write';
        /** A snapshot that never waits; any change is an error. */
        case ReadOnly = 'read_only';
        /** No lock: the whole session is written at commit, the last writer wins. */
        case None = 'none';
    }

    /**
     * What a request says about its client, compared with the profiles a
     * session has been used from (see SessionManager option fingerprint_ua and
     * fingerprint_ip).
     *
     * @strict-properties
     */
    final class Profile
    {
        public readonly string $ip;
        public readonly string $userAgent;

        /** $ip is an IPv4 or IPv6 address or "" (unknown); ValueError for anything else. */
        public function __construct(string $ip = "", string $userAgent = "") {}

        /** Builds a profile from server variables: REMOTE_ADDR and HTTP_USER_AGENT. */
        public static function fromServer(array $server): Profile {}
    }

    /** Base class of every exception Tessera throws at run time. */
    class Exception extends \RuntimeException
    {
    }

    /** The store failed or holds a record that cannot be read (left in place). */
    class StoreException extends Exception
    {
    }

    /** Another request held the session's lock longer than the wait limit. */
    class LockTimeoutException extends Exception
    {
    }

    /** The request lost its lock: its write was refused so it cannot clobber newer data. */
    class LockLostException extends Exception
    {
    }

    /** A change was made to a session opened with LockMode::ReadOnly. */
    class ReadOnlyException extends Exception
    {
    }

    /** The session was destroyed, committed already, or belongs to another manager. */
    class InvalidSessionException extends Exception
    {
    }

    /**
     * A session store, opened from a DSN (see README: "Stores").
     *
     * @strict-properties
     * @not-serializable
     */
    final class Store
    {
        private function __construct() {}

        /** Opens the store named by $dsn; StoreException when it cannot be used. */
        public static function open(string $dsn): Store {}

        /** The driver's name: "files", "redis", ... */
        public function driver(): string {}

        /** Deletes every expired session; returns how many were deleted. */
        public function gc(): int {}

        /**
         * The live sessions bound to $userId (Session::bindUser), most
         * recently active first, each as an array: handle (pass it to
         * revoke()), id_hint, created and last_active (Unix seconds), ip and
         * user_agent (of the most recent request; "" when unknown).
         *
         * @return list<array{handle: string, id_hint: string, created: int,
         *                    last_active: int, ip: string, user_agent: string}>
         */
        public function sessionsOf(string $userId): array {}

        /**
         * Ends one session for every server at once: $sessionId is a session ID
         * or a handle from sessionsOf(). Returns false when no such session
         * was live.
         */
        public function revoke(string $sessionId): bool {}

        /**
         * Revokes every session of $userId except the one whose ID is
         * $exceptSessionId ("log out my other devices"). Returns how many.
         */
        public function revokeUser(string $userId, ?string $exceptSessionId = null): int {}
    }

    /**
     * Starts and commits sessions on one store with one set of options (see
     * README: "Object API").
     *
     * @strict-properties
     * @not-serializable
     */
    final class SessionManager
    {
        public function __construct(Store $store, array $options = []) {}

        /**
         * Opens the session named by the cookie value (null or "" for none)
         * per $mode (default: option lock_mode). An unusable ID (malformed,
         * unknown, expired, revoked, retired after the grace, refused
         * profile) is reported to onInvalidId and replaced by a new session.
         */
        public function start(?string $cookieValue, ?Profile $profile = null, ?LockMode $mode = null): Session {}

        /**
         * Writes the session and releases its lock. Returns the value of the
         * Set-Cookie header to send (new or changed ID, destroyed session,
         * cookie lifetime set), or null when no cookie needs to be sent.
         * Sends nothing itself.
         */
        public function commit(Session $session): ?string {}

        /** The session cookie's name as sent by browsers (with the __Host- prefix if configured). */
        public function cookieName(): string {}

        /** fn(Session $session, Profile $new, array $known): bool — true accepts the new profile. */
        public function onProfileChange(?callable $callback): void {}

        /** fn(Session $session): void — called for each use of a retired ID inside the grace. */
        public function onZombie(?callable $callback): void {}

        /** fn(string $reason): void — called before a presented ID is replaced by a new session. */
        public function onInvalidId(?callable $callback): void {}

        /** fn(Session $session): void — called instead of throwing LockLostException. */
        public function onLockLost(?callable $callback): void {}
    }

    /**
     * One session as this request sees it; made by SessionManager::start().
     * Keys use dot notation: "user.profile.name" is
     * $data["user"]["profile"]["name"].
     *
     * @strict-properties
     * @not-serializable
     */
    final class Session
    {
        private function __construct() {}

        public function id(): string {}

        /** True when the session was created by this request. */
        public function isNew(): bool {}

        public function lockMode(): LockMode {}

        public function get(string $key, mixed $default = null): mixed {}

        public function set(string $key, mixed $value): void {}

        public function has(string $key): bool {}

        public function forget(string $key): void {}

        public function all(): array {}

        /** Flash data: visible now and in the next request, then gone. */
        public function flash(string $key, mixed $value): void {}

        /** Flash data for this request only. */
        public function now(string $key, mixed $value): void {}

        public function getFlash(string $key, mixed $default = null): mixed {}

        /** Keeps all current flash data for one more request. */
        public function reflash(): void {}

        /** Keeps the named flash data for one more request. */
        public function keep(string ...$keys): void {}

        public function increment(string $key, int $by = 1): int|float {}

        public function decrement(string $key, int $by = 1): int|float {}

        public function append(string $key, string $value): string {}

        /** Appends $value to the list at $key; returns the list's new length. */
        public function push(string $key, mixed $value): int {}

        /** Moves the session to a new ID (the old one forwards during the grace); returns it. */
        public function regenerate(): string {}

        /** Deletes the session for good and empties this object's data. */
        public function destroy(): void {}

        /** Drops this request's changes. */
        public function discard(): void {}

        /** Takes the exclusive lock now (waiting if needed) and re-reads the session. */
        public function lock(): void {}

        public function bindUser(string $userId): void {}

        public function userId(): ?string {}

        public function csrfToken(): string {}

        public function verifyCsrfToken(string $token): bool {}
    }
}
