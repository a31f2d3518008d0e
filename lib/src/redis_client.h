/*
 * Private to the redis store: the client under store_redis.c. It owns the
 * connections (one per node, made with hiredis, authenticated and switched
 * to the configured database once), and routes each command to the node
 * that serves its key: always node 0 on a single server (TCP or unix
 * socket), the owner of the key's hash slot on a Redis Cluster, following
 * MOVED and ASK redirections a bounded number of times. Not part of the
 * public API; tests include it for the slot function and the counters.
 */
#ifndef TESSERA_REDIS_CLIENT_H
#define TESSERA_REDIS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <hiredis/hiredis.h>

#include "tessera/error.h"
#include "tessera/store.h"

/* Number of hash slots of a Redis Cluster (cluster spec, "Key distribution model"). */
#define TSR_REDIS_SLOTS 16384u
/* Most nodes a client keeps (seeds plus what CLUSTER SLOTS and redirections name). */
#define TSR_REDIS_MAX_NODES 64u
/* Most MOVED / ASK answers one command may follow before it gives up. */
#define TSR_REDIS_MAX_REDIRECTS 5

/* Counters a test can read to see which path a call took. */
typedef struct tsr_redis_stats {
	uint64_t connects;      /* connections made (first ones and reconnections) */
	uint64_t moved;         /* MOVED answers followed */
	uint64_t asked;         /* ASK answers followed */
	uint64_t refreshes;     /* slot maps loaded with CLUSTER SLOTS */
	uint64_t noscript;      /* NOSCRIPT answers recovered by SCRIPT LOAD (store level) */
	uint64_t wakeups;       /* lock waits ended by a wake-up from a release (store level) */
	uint64_t wait_timeouts; /* lock waits ended by their timeout (store level) */
	uint64_t commands;      /* commands issued: one per tsr__redis_call, one per pipelined
	                           command (redirections, AUTH, SELECT, CLUSTER SLOTS not counted) */
	uint64_t round_trips;   /* tsr__redis_call and tsr__redis_node_pipeline calls (one
	                           exchange each, before any redirection) */
	uint64_t index_writes;  /* commands that changed a per-user index set (store level) */
	uint64_t slow_path;     /* one-trip MULTI or staged calls redone command by command
	                           (NOSCRIPT, a redirection; store level) */
} tsr_redis_stats;

/* One server: where it is and its connection, if any. */
typedef struct tsr_redis_node {
	char *host;        /* TCP: host name or address; NULL for the unix socket node */
	int port;          /* TCP port; 0 for the unix socket node */
	char *path;        /* unix socket path, or NULL */
	redisContext *ctx; /* NULL when not connected */
	pid_t pid;         /* the process that made 'ctx' (a forked child reconnects) */
} tsr_redis_node;

/* What tsr__redis_client_init needs; strings are borrowed and copied. */
typedef struct tsr_redis_client_config {
	bool cluster;
	const char *unix_path;    /* single server on a unix socket, or NULL */
	const char *const *hosts; /* single server (one) or cluster seeds */
	const int *ports;
	size_t n_hosts;
	const char *user;     /* NULL: AUTH with the password only */
	const char *password; /* NULL: no AUTH */
	int db;               /* SELECTed when not 0 (never on a cluster) */
	int connect_timeout_ms;
	int read_timeout_ms;
} tsr_redis_client_config;

typedef struct tsr_redis_client {
	bool cluster;
	char *user;
	char *password; /* wiped before free */
	int db;
	int connect_timeout_ms;
	int read_timeout_ms;
	tsr_redis_node *nodes; /* indices are stable; the array may move when it grows */
	size_t n_nodes;
	size_t n_seeds;   /* nodes[0 .. n_seeds) came from the DSN */
	int16_t *slots;   /* cluster: node index per slot, -1 when unknown; NULL otherwise */
	size_t last_node; /* the node that answered the last call, for messages */
	/*
	 * CLOCK_MONOTONIC ms until which a TRYAGAIN answer is retried (set by
	 * the store around an acquire: its lock wait limit); 0: the default
	 * budget of REDIS_TRYAGAIN_MAX short pauses.
	 */
	int64_t tryagain_until_ms;
	tsr_redis_stats stats;
} tsr_redis_client;

/* One command for a pipeline: 'argc' arguments with their lengths (binary safe). */
typedef struct tsr_redis_cmd {
	int argc;
	const char **argv;
	const size_t *lens;
} tsr_redis_cmd;

/*
 * Formats the 'n' commands 'cmds' (a NULL 'lens' means each argument is a
 * C string) as RESP requests, one after another, into a new buffer:
 * '*out' (malloc'd, the caller frees it) holding '*out_len' bytes, what
 * hiredis' redisFormatCommandArgv would make of each, in one allocation
 * instead of two per command. Returns TSR_OK or TSR_ENOMEM ('*out' NULL).
 */
int tsr__redis_format(size_t n, const tsr_redis_cmd *cmds, char **out, size_t *out_len);

/*
 * Returns the hash slot of the 'len' bytes at 'key': CRC16 (XMODEM:
 * polynomial 0x1021, initial value 0) of the key's hash tag, the bytes
 * between the first '{' and the next '}' when that is not empty, else of
 * the whole key, modulo 16384 (Redis Cluster specification).
 */
unsigned tsr__redis_key_slot(const char *key, size_t len);

/*
 * Copies 'cfg' into 'c' (which need not be initialised). Connects nothing.
 * Returns TSR_OK, TSR_EINVAL (no host, too many hosts) or TSR_ENOMEM; on
 * failure 'c' owns nothing.
 */
int tsr__redis_client_init(tsr_redis_client *c, const tsr_redis_client_config *cfg, tsr_error *e);

/* Closes every connection and frees what 'c' owns (wiping the password). NULL is fine. */
void tsr__redis_client_free(tsr_redis_client *c);

/* Closes every connection of 'c'; the next call reconnects. NULL is fine. */
void tsr__redis_client_disconnect(tsr_redis_client *c);

/*
 * Makes 'c' ready to serve: connects to the single server, or loads the
 * cluster's slot map from the first seed that answers. Returns TSR_OK,
 * TSR_EUNREACHABLE ("redis 127.0.0.1:6390: Connection refused", an AUTH or
 * SELECT refusal), TSR_EIO or TSR_ENOMEM with detail in 'e'.
 */
int tsr__redis_client_connect(tsr_redis_client *c, tsr_error *e);

/*
 * Sends one command ('argc' arguments, binary safe) to the node serving
 * 'route_key' ('route_len' bytes; ignored on a single server) and stores
 * its reply in '*out' (the caller frees it with freeReplyObject). A broken
 * or closed connection is replaced first (once). On a cluster, MOVED
 * refreshes the slot map and retries, ASK retries on the named node after
 * ASKING (both at most TSR_REDIS_MAX_REDIRECTS times), TRYAGAIN retries
 * after short fixed pauses, until 'c->tryagain_until_ms' when that is set,
 * else for about half a second in all; a node that cannot be
 * reached before the command is sent makes the client reload the slot map
 * and try the new owner. 'timeout_ms' > 0 lengthens the read timeout for
 * this call only (a blocking command). A write to a connection the server
 * has closed fails with EPIPE, never raising SIGPIPE (every command, the
 * AUTH/SELECT handshake too, is sent with MSG_NOSIGNAL). Any other error reply
 * is returned as a reply, with TSR_OK.
 * Returns TSR_OK, TSR_EUNREACHABLE (no connection, I/O error or read
 * timeout: the connection is dropped; a slot still migrating), TSR_EIO
 * (protocol error, too many redirections) or TSR_ENOMEM, with detail in 'e'.
 */
int tsr__redis_call(tsr_redis_client *c, const char *route_key, size_t route_len, int argc,
                    const char **argv, const size_t *lens, int timeout_ms, redisReply **out,
                    tsr_error *e);

/*
 * Stores in 'idx' (room for TSR_REDIS_MAX_NODES) the nodes that hold data:
 * node 0 on a single server; on a cluster, after reloading the slot map,
 * every node that serves at least one slot. '*n' receives the count.
 * Returns TSR_OK or the error of the reload.
 */
int tsr__redis_masters(tsr_redis_client *c, size_t *idx, size_t *n, tsr_error *e);

/*
 * Stores in '*node' the index of the node that serves 'key' ('len' bytes):
 * 0 on a single server; on a cluster the owner of the key's slot in the
 * current map, loading the map first when the slot is unknown. The answer
 * may be stale (a migration under way): a command sent there can still be
 * answered MOVED or ASK. Returns TSR_OK or the error of the reload
 * (TSR_EUNREACHABLE when no node serves the slot).
 */
int tsr__redis_node_of(tsr_redis_client *c, const char *key, size_t len, size_t *node,
                       tsr_error *e);

/*
 * Sends the 'n' commands in 'cmds' to node 'node' in one pipeline (no
 * routing, no redirection) and stores their replies in 'replies' (room for
 * 'n'; the caller frees each with freeReplyObject). 'timeout_ms' > 0
 * lengthens the read timeout for this pipeline only (it holds a blocking
 * command). Error replies are returned as replies. On failure no reply is
 * left and the connection is dropped. Returns TSR_OK, TSR_EUNREACHABLE,
 * TSR_EIO or TSR_ENOMEM.
 */
int tsr__redis_node_pipeline(tsr_redis_client *c, size_t node, size_t n, const tsr_redis_cmd *cmds,
                             int timeout_ms, redisReply **replies, tsr_error *e);

/*
 * Records in 'e' the failure that the error reply 'r' from the last
 * call's node means ('what' names the step) and returns its code:
 * TSR_EUNREACHABLE for a server that cannot serve now (LOADING,
 * CLUSTERDOWN, MASTERDOWN, BUSY), TSR_EIO for anything else.
 */
int tsr__redis_reply_error(const tsr_redis_client *c, const redisReply *r, const char *what,
                           tsr_error *e);

/* Writes the name of node 'node' ("127.0.0.1:6390" or the socket path) into 'buf'. */
void tsr__redis_node_name(const tsr_redis_client *c, size_t node, char *buf, size_t size);

/*
 * The redis driver (store_redis.c). Belongs in tessera/store.h beside
 * tsr_store_files once the dispatcher knows it; repeated here so the
 * driver builds on its own.
 */

/*
 * Internal, for tests: copies the counters of the redis store 'st' (opened
 * with tsr_store_redis) into '*out'. Returns TSR_OK or TSR_EINVAL when
 * 'st' is not a redis store.
 */
int tsr__redis_store_stats(const tsr_store *st, tsr_redis_stats *out);

#endif
