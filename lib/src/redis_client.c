/*
 * The redis store's client: connections and command routing for one
 * server (TCP or unix socket) or a Redis Cluster. See redis_client.h.
 *
 * State of a node's connection ('ctx'), and who moves it:
 *
 *   none ---node_connect-----------------> ready (connected, AUTH + SELECT done)
 *   ready --node_exec / pipeline I/O error-> none (node_drop: a reply may be
 *                                           lost, so the stream is never reused)
 *   ready --node_connect finds it dead-----> none -> ready (the peer closed it,
 *                                           e.g. a server restart, or this is
 *                                           a forked child of its maker)
 *   any ----tsr__redis_client_disconnect--> none
 *
 * A command is sent only on a ready connection, so a connection that died
 * between two requests costs one reconnection, not a failed request; a
 * connection that dies while a command is in flight fails that command
 * (it may or may not have run, and it is never sent twice).
 *
 * Cluster routing: 'slots' maps each hash slot to a node index, loaded
 * with CLUSTER SLOTS from the first node that answers (cluster_refresh).
 * A MOVED answer updates the slot at once, reloads the map and retries; an
 * ASK answer retries once on the named node after ASKING, without touching
 * the map; TRYAGAIN (a multi-key command on a slot whose keys are split by
 * a migration under way) retries after a short pause. Redis says nothing
 * when a migration ends, so the pause is a fixed step (REDIS_TRYAGAIN_MS)
 * and the retries are bounded: by 'tryagain_until_ms' when the caller set
 * it (an acquire: its lock wait limit), else REDIS_TRYAGAIN_MAX times.
 * Then the command fails with TSR_EUNREACHABLE "... still migrating".
 * A TRYAGAIN answer means the command did not run, so it is safe to send
 * again.
 * Nodes are only ever added, so an index stays valid for the client's life.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "redis_client.h"

/* Longest host name accepted from a server's answer. */
#define REDIS_MAX_HOST 255u
/*
 * Pause before retrying a TRYAGAIN answer, in ms, and most retries of one
 * command when the client sets no deadline (tryagain_until_ms == 0).
 */
#define REDIS_TRYAGAIN_MS 50
#define REDIS_TRYAGAIN_MAX 10
/* Longest piece of a server's error message quoted in ours. */
#define REDIS_ECHO 80

/* CRC16/XMODEM (polynomial 0x1021, initial value 0, no reflection, no final XOR). */
static uint16_t redis_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	size_t i;
	int bit;

	for (i = 0; i < n; i++) {
		crc ^= (uint16_t) (p[i] << 8);
		for (bit = 0; bit < 8; bit++) {
			crc = (crc & 0x8000u) ? (uint16_t) ((crc << 1) ^ 0x1021u) : (uint16_t) (crc << 1);
		}
	}
	return crc;
}

/*
 * Returns the cluster hash slot of 'len' bytes at 'key': the CRC16 of its
 * hash tag (between the first '{' and the first '}' after it, if that is
 * not empty) or of the whole key, modulo 16384.
 */
unsigned tsr__redis_key_slot(const char *key, size_t len)
{
	const char *open = memchr(key, '{', len);

	if (open != NULL) {
		size_t start = (size_t) (open - key) + 1;
		const char *close = memchr(key + start, '}', len - start);

		if (close != NULL && close > key + start) {
			return redis_crc16((const uint8_t *) key + start, (size_t) (close - (key + start))) &
			       (TSR_REDIS_SLOTS - 1);
		}
	}
	return redis_crc16((const uint8_t *) key, len) & (TSR_REDIS_SLOTS - 1);
}

static struct timeval redis_tv(int ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	return tv;
}

/* True when the error reply 'r' starts with the word 'word'. */
static bool reply_is(const redisReply *r, const char *word)
{
	size_t n = strlen(word);

	return r->type == REDIS_REPLY_ERROR && r->len >= n && memcmp(r->str, word, n) == 0 &&
	       (r->len == n || r->str[n] == ' ');
}

/*
 * The code an error reply stands for: TSR_EUNREACHABLE when the server
 * cannot serve us now or at all (loading, cluster down, a script running
 * too long, a replica, no or wrong credentials), TSR_EIO otherwise.
 */
static int reply_code(const redisReply *r)
{
	static const char *const unavailable[] = {"LOADING", "CLUSTERDOWN", "MASTERDOWN",
	                                          "BUSY",    "TRYAGAIN",    "READONLY",
	                                          "NOAUTH",  "WRONGPASS",   "NOPERM"};
	size_t k;

	for (k = 0; k < sizeof(unavailable) / sizeof(unavailable[0]); k++) {
		if (reply_is(r, unavailable[k])) {
			return TSR_EUNREACHABLE;
		}
	}
	return TSR_EIO;
}

/* Writes "host:port", "[v6]:port" or the socket path of node 'node' into 'buf'. */
void tsr__redis_node_name(const tsr_redis_client *c, size_t node, char *buf, size_t size)
{
	const tsr_redis_node *nd;

	if (c == NULL || node >= c->n_nodes) {
		snprintf(buf, size, "?");
		return;
	}
	nd = &c->nodes[node];
	if (nd->path != NULL) {
		snprintf(buf, size, "%s", nd->path);
	} else if (strchr(nd->host, ':') != NULL) {
		snprintf(buf, size, "[%s]:%d", nd->host, nd->port);
	} else {
		snprintf(buf, size, "%s:%d", nd->host, nd->port);
	}
}

/* Number of decimal digits of 'v'. */
static size_t resp_digits(size_t v)
{
	size_t d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Writes 'mark', 'v' in decimal and CRLF at 'p'; returns the end. */
static char *resp_put_count(char *p, char mark, size_t v)
{
	size_t d = resp_digits(v), i;

	*p++ = mark;
	for (i = d; i > 0; i--) {
		p[i - 1] = (char) ('0' + v % 10);
		v /= 10;
	}
	p += d;
	*p++ = '\r';
	*p++ = '\n';
	return p;
}

/* Length of argument 'i' of 'cmd'. */
static size_t resp_arg_len(const tsr_redis_cmd *cmd, int i)
{
	return cmd->lens != NULL ? cmd->lens[i] : strlen(cmd->argv[i]);
}

/* Formats commands as RESP into one buffer: see redis_client.h. */
int tsr__redis_format(size_t n, const tsr_redis_cmd *cmds, char **out, size_t *out_len)
{
	size_t total = 0, k, len;
	char *buf, *p;
	int i;

	for (k = 0; k < n; k++) {
		total += 1 + resp_digits((size_t) cmds[k].argc) + 2;
		for (i = 0; i < cmds[k].argc; i++) {
			len = resp_arg_len(&cmds[k], i);
			total += 1 + resp_digits(len) + 2 + len + 2;
		}
	}
	*out = NULL;
	*out_len = 0;
	buf = malloc(total > 0 ? total : 1);
	if (buf == NULL) {
		return TSR_ENOMEM;
	}
	p = buf;
	for (k = 0; k < n; k++) {
		p = resp_put_count(p, '*', (size_t) cmds[k].argc);
		for (i = 0; i < cmds[k].argc; i++) {
			len = resp_arg_len(&cmds[k], i);
			p = resp_put_count(p, '$', len);
			if (len > 0) {
				memcpy(p, cmds[k].argv[i], len);
			}
			p += len;
			*p++ = '\r';
			*p++ = '\n';
		}
	}
	*out = buf;
	*out_len = total;
	return TSR_OK;
}

/*
 * Writes the 'len' bytes at 'buf' to 'ctx's socket with MSG_NOSIGNAL, so
 * that a connection the server has just closed gives EPIPE, never the
 * SIGPIPE whose default action would kill the process (a library must not
 * change a process-wide disposition, nor pay for blocking the signal
 * around every exchange). Bypasses hiredis' output buffer, which stays
 * empty, so the replies are read with redisGetReply as usual. Returns
 * REDIS_OK, or REDIS_ERR with ctx->err REDIS_ERR_IO (errno kept: EAGAIN
 * after the socket's send timeout).
 */
static int redis_send_all(redisContext *ctx, const char *buf, size_t len)
{
	size_t put = 0;
	ssize_t got;
	const char *why;
	int err_no;

	while (put < len) {
		got = send(ctx->fd, buf + put, len - put, MSG_NOSIGNAL);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			err_no = errno;
			why = strerrordesc_np(err_no); /* strerror() is not thread-safe */
			ctx->err = REDIS_ERR_IO;
			snprintf(ctx->errstr, sizeof(ctx->errstr), "%s", why != NULL ? why : "I/O error");
			errno = err_no;
			return REDIS_ERR;
		}
		put += (size_t) got;
	}
	return REDIS_OK;
}

/*
 * Sends the 'n' commands 'cmds' on 'ctx' (formatted by tsr__redis_format,
 * written in one piece by redis_send_all). Returns REDIS_OK, or REDIS_ERR
 * with ctx->err REDIS_ERR_OOM (nothing sent) or REDIS_ERR_IO.
 */
static int redis_send(redisContext *ctx, size_t n, const tsr_redis_cmd *cmds)
{
	char *buf;
	size_t len;
	int rc, err_no;

	if (tsr__redis_format(n, cmds, &buf, &len) != TSR_OK) {
		ctx->err = REDIS_ERR_OOM; /* as hiredis reports its own allocation failures */
		snprintf(ctx->errstr, sizeof(ctx->errstr), "Out of memory");
		return REDIS_ERR;
	}
	rc = redis_send_all(ctx, buf, len);
	err_no = errno;
	free(buf);
	errno = err_no;
	return rc;
}

/* Closes node 'i's connection, if any. In a forked child this closes only the child's copy. */
static void node_drop(tsr_redis_client *c, size_t i)
{
	if (c->nodes[i].ctx != NULL) {
		redisFree(c->nodes[i].ctx);
		c->nodes[i].ctx = NULL;
	}
}

/*
 * True when the idle socket 'fd' still looks usable: nothing to read
 * (a server sends nothing unasked in RESP2), no hang-up, no error.
 */
static bool redis_fd_alive(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char byte;
	ssize_t n;
	int r;

	do {
		r = poll(&p, 1, 0);
	} while (r < 0 && errno == EINTR);
	if (r == 0) {
		return true;
	}
	if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
		return false;
	}
	do {
		n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

/*
 * Records the failure of node 'i's connection (its ctx->err, with 'err_no'
 * the errno seen right after the failed call), drops the connection and
 * returns the code.
 */
static int node_io_error(tsr_redis_client *c, size_t i, int err_no, tsr_error *e)
{
	redisContext *ctx = c->nodes[i].ctx;
	char name[300];
	int rc;

	tsr__redis_node_name(c, i, name, sizeof(name));
	if (ctx == NULL) {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: not connected", name);
	} else if (ctx->err == REDIS_ERR_OOM) {
		rc = tsr_error_set(e, TSR_ENOMEM, "redis %s: out of memory", name);
	} else if (ctx->err == REDIS_ERR_PROTOCOL) {
		rc = tsr_error_set(e, TSR_EIO, "redis %s: protocol error: %s", name, ctx->errstr);
	} else if (ctx->err == REDIS_ERR_IO && (err_no == EAGAIN || err_no == EWOULDBLOCK)) {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: read timed out", name);
	} else if (ctx->err != 0) {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: %s", name, ctx->errstr);
	} else {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: connection failed", name);
	}
	node_drop(c, i);
	return rc;
}

/*
 * AUTH and SELECT on node 'i's fresh connection, sent by redis_send as
 * every other command is (so no SIGPIPE). Returns TSR_OK or
 * TSR_EUNREACHABLE (the connection dropped).
 */
static int node_handshake(tsr_redis_client *c, size_t i, tsr_error *e)
{
	redisContext *ctx = c->nodes[i].ctx;
	const char *argv[3];
	char db[16];
	char name[300];
	redisReply *r = NULL;
	int argc, rc = TSR_OK;

	if (c->password != NULL) {
		argc = 0;
		argv[argc++] = "AUTH";
		if (c->user != NULL) {
			argv[argc++] = c->user;
		}
		argv[argc++] = c->password;
		if (redis_send(ctx, 1, &(tsr_redis_cmd){argc, argv, NULL}) != REDIS_OK ||
		    redisGetReply(ctx, (void **) &r) != REDIS_OK) {
			return node_io_error(c, i, errno, e);
		}
		if (r->type == REDIS_REPLY_ERROR) {
			tsr__redis_node_name(c, i, name, sizeof(name));
			rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: AUTH refused: %.*s", name,
			                   REDIS_ECHO, r->str);
			goto cleanup;
		}
		freeReplyObject(r);
		r = NULL;
	}
	if (c->db != 0) {
		snprintf(db, sizeof(db), "%d", c->db);
		argv[0] = "SELECT";
		argv[1] = db;
		if (redis_send(ctx, 1, &(tsr_redis_cmd){2, argv, NULL}) != REDIS_OK ||
		    redisGetReply(ctx, (void **) &r) != REDIS_OK) {
			return node_io_error(c, i, errno, e);
		}
		if (r->type == REDIS_REPLY_ERROR) {
			tsr__redis_node_name(c, i, name, sizeof(name));
			rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: SELECT %d refused: %.*s", name,
			                   c->db, REDIS_ECHO, r->str);
			goto cleanup;
		}
	}

cleanup:
	if (r != NULL) {
		freeReplyObject(r);
	}
	if (rc != TSR_OK) {
		node_drop(c, i);
	}
	return rc;
}

/*
 * Makes node 'i's connection ready: keeps a live one, replaces one that is
 * broken, closed by the peer or inherited from a parent process, or makes
 * the first. Returns TSR_OK, TSR_EUNREACHABLE or TSR_ENOMEM.
 */
static int node_connect(tsr_redis_client *c, size_t i, tsr_error *e)
{
	tsr_redis_node *nd = &c->nodes[i];
	struct timeval tv = redis_tv(c->connect_timeout_ms);
	redisContext *ctx;
	char name[300];
	int rc;

	if (nd->ctx != NULL &&
	    (nd->pid != getpid() || nd->ctx->err != 0 || !redis_fd_alive(nd->ctx->fd))) {
		node_drop(c, i);
	}
	if (nd->ctx != NULL) {
		return TSR_OK;
	}
	tsr__redis_node_name(c, i, name, sizeof(name));
	if (nd->path != NULL) {
		ctx = redisConnectUnixWithTimeout(nd->path, tv);
	} else {
		ctx = redisConnectWithTimeout(nd->host, nd->port, tv);
	}
	if (ctx == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "redis %s: out of memory", name);
	}
	if (ctx->err != 0) {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: %s", name, ctx->errstr);
		redisFree(ctx);
		return rc;
	}
	if (redisSetTimeout(ctx, redis_tv(c->read_timeout_ms)) != REDIS_OK) {
		rc = tsr_error_set(e, TSR_EUNREACHABLE, "redis %s: cannot set the read timeout", name);
		redisFree(ctx);
		return rc;
	}
	nd->ctx = ctx;
	nd->pid = getpid();
	c->stats.connects++;
	return node_handshake(c, i, e);
}

/*
 * Sends one command on node 'i's ready connection, preceded by ASKING when
 * 'asking', and reads its reply into '*out'. 'timeout_ms' > 0 lengthens the
 * read timeout for this command. Returns TSR_OK (the reply may be an error
 * reply), TSR_EUNREACHABLE, TSR_EIO or TSR_ENOMEM (connection dropped).
 */
static int node_exec(tsr_redis_client *c, size_t i, bool asking, int argc, const char **argv,
                     const size_t *lens, int timeout_ms, redisReply **out, tsr_error *e)
{
	const char *asking_argv[1] = {"ASKING"};
	redisContext *ctx = c->nodes[i].ctx;
	redisReply *ask = NULL, *r = NULL;
	tsr_redis_cmd cmds[2];
	char name[300];

	*out = NULL;
	c->last_node = i;
	if (timeout_ms > 0 &&
	    redisSetTimeout(ctx, redis_tv(timeout_ms + c->read_timeout_ms)) != REDIS_OK) {
		return node_io_error(c, i, errno, e);
	}
	cmds[0] = (tsr_redis_cmd){1, asking_argv, NULL};
	cmds[1] = (tsr_redis_cmd){argc, argv, lens};
	if (redis_send(ctx, asking ? 2 : 1, asking ? cmds : &cmds[1]) != REDIS_OK) {
		return node_io_error(c, i, errno, e);
	}
	if (asking && redisGetReply(ctx, (void **) &ask) != REDIS_OK) {
		return node_io_error(c, i, errno, e);
	}
	if (redisGetReply(ctx, (void **) &r) != REDIS_OK) {
		int err_no = errno;

		if (ask != NULL) {
			freeReplyObject(ask);
		}
		return node_io_error(c, i, err_no, e);
	}
	if (ask != NULL) {
		bool ok = ask->type == REDIS_REPLY_STATUS;

		freeReplyObject(ask);
		if (!ok) {
			freeReplyObject(r);
			tsr__redis_node_name(c, i, name, sizeof(name));
			return tsr_error_set(e, TSR_EIO, "redis %s: ASKING refused", name);
		}
	}
	if (timeout_ms > 0 && redisSetTimeout(ctx, redis_tv(c->read_timeout_ms)) != REDIS_OK) {
		freeReplyObject(r);
		return node_io_error(c, i, errno, e);
	}
	*out = r;
	return TSR_OK;
}

/* Copies 'n' bytes at 's' into a new NUL-terminated string, or NULL on ENOMEM. */
static char *redis_strndup(const char *s, size_t n)
{
	char *copy = malloc(n + 1);

	if (copy != NULL) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

/*
 * Stores in '*idx' the index of the node 'host' ('hlen' bytes):'port',
 * adding it when unknown. Returns TSR_OK, TSR_EIO (too many nodes) or
 * TSR_ENOMEM. Moves the nodes array: no tsr_redis_node pointer survives.
 */
static int node_find_or_add(tsr_redis_client *c, const char *host, size_t hlen, int port,
                            size_t *idx, tsr_error *e)
{
	tsr_redis_node *grown;
	char *copy;
	size_t i;

	for (i = 0; i < c->n_nodes; i++) {
		tsr_redis_node *nd = &c->nodes[i];

		if (nd->host != NULL && nd->port == port && strlen(nd->host) == hlen &&
		    memcmp(nd->host, host, hlen) == 0) {
			*idx = i;
			return TSR_OK;
		}
	}
	if (c->n_nodes >= TSR_REDIS_MAX_NODES) {
		return tsr_error_set(e, TSR_EIO, "redis cluster: more than %u nodes", TSR_REDIS_MAX_NODES);
	}
	copy = redis_strndup(host, hlen);
	if (copy == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "redis cluster: out of memory");
	}
	grown = realloc(c->nodes, (c->n_nodes + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(copy);
		return tsr_error_set(e, TSR_ENOMEM, "redis cluster: out of memory");
	}
	c->nodes = grown;
	memset(&c->nodes[c->n_nodes], 0, sizeof(c->nodes[0]));
	c->nodes[c->n_nodes].host = copy;
	c->nodes[c->n_nodes].port = port;
	*idx = c->n_nodes++;
	return TSR_OK;
}

/* True when the 'n' bytes at 's' may be used as a host name (no control byte, no space). */
static bool redis_host_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > REDIS_MAX_HOST) {
		return false;
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char) s[i] <= 0x20 || (unsigned char) s[i] == 0x7f) {
			return false;
		}
	}
	return true;
}

/*
 * Fills 'map' from the CLUSTER SLOTS reply 'r' that node 'from' gave:
 * each entry is [start, end, [host, port, ...], replicas...]; an empty or
 * "?" host means 'from's own host. Slots nobody serves stay -1. Returns
 * TSR_OK, TSR_EIO (malformed reply, too many nodes) or TSR_ENOMEM.
 */
static int slots_apply(tsr_redis_client *c, size_t from, const redisReply *r, int16_t *map,
                       tsr_error *e)
{
	char name[300];
	size_t k;
	long long s;

	for (k = 0; k < TSR_REDIS_SLOTS; k++) {
		map[k] = -1;
	}
	tsr__redis_node_name(c, from, name, sizeof(name));
	if (r->type != REDIS_REPLY_ARRAY) {
		return tsr_error_set(e, TSR_EIO, "redis %s: CLUSTER SLOTS: unexpected reply", name);
	}
	for (k = 0; k < r->elements; k++) {
		const redisReply *ent = r->element[k], *master;
		const char *host;
		size_t hlen, idx;
		int rc;

		if (ent->type != REDIS_REPLY_ARRAY || ent->elements < 3 ||
		    ent->element[0]->type != REDIS_REPLY_INTEGER ||
		    ent->element[1]->type != REDIS_REPLY_INTEGER ||
		    ent->element[2]->type != REDIS_REPLY_ARRAY || ent->element[2]->elements < 2) {
			return tsr_error_set(e, TSR_EIO, "redis %s: CLUSTER SLOTS: malformed entry %zu", name,
			                     k);
		}
		master = ent->element[2];
		if (ent->element[0]->integer < 0 || ent->element[1]->integer >= TSR_REDIS_SLOTS ||
		    ent->element[0]->integer > ent->element[1]->integer ||
		    master->element[0]->type != REDIS_REPLY_STRING ||
		    master->element[1]->type != REDIS_REPLY_INTEGER || master->element[1]->integer < 1 ||
		    master->element[1]->integer > 65535) {
			return tsr_error_set(e, TSR_EIO, "redis %s: CLUSTER SLOTS: malformed entry %zu", name,
			                     k);
		}
		host = master->element[0]->str;
		hlen = master->element[0]->len;
		if ((hlen == 0 || (hlen == 1 && host[0] == '?')) && c->nodes[from].host != NULL) {
			host = c->nodes[from].host;
			hlen = strlen(host);
		}
		if (!redis_host_ok(host, hlen)) {
			return tsr_error_set(e, TSR_EIO, "redis %s: CLUSTER SLOTS: bad host in entry %zu", name,
			                     k);
		}
		rc = node_find_or_add(c, host, hlen, (int) master->element[1]->integer, &idx, e);
		if (rc != TSR_OK) {
			return rc;
		}
		for (s = ent->element[0]->integer; s <= ent->element[1]->integer; s++) {
			map[s] = (int16_t) idx;
		}
	}
	return TSR_OK;
}

/*
 * Reloads the slot map with CLUSTER SLOTS, asking node 'first' (when it is
 * a valid index) and then every other known node until one answers.
 * Returns TSR_OK or the last failure (TSR_EUNREACHABLE, TSR_EIO,
 * TSR_ENOMEM); the old map stays on failure.
 */
static int cluster_refresh(tsr_redis_client *c, size_t first, tsr_error *e)
{
	const char *argv[] = {"CLUSTER", "SLOTS"};
	int16_t *map = malloc(TSR_REDIS_SLOTS * sizeof(*map));
	size_t n = c->n_nodes, k;
	tsr_error last;
	int rc = TSR_EUNREACHABLE;

	if (map == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "redis cluster: out of memory");
	}
	tsr_error_set(&last, TSR_EUNREACHABLE, "redis cluster: no node to ask for the slot map");
	for (k = 0; k <= n; k++) {
		size_t i;
		redisReply *r = NULL;
		char name[300];

		if (k == 0) {
			if (first >= n) {
				continue;
			}
			i = first;
		} else {
			i = k - 1;
			if (i == first) {
				continue;
			}
		}
		rc = node_connect(c, i, &last);
		if (rc == TSR_OK) {
			rc = node_exec(c, i, false, 2, argv, NULL, 0, &r, &last);
		}
		if (rc != TSR_OK) {
			continue;
		}
		if (r->type == REDIS_REPLY_ERROR) {
			tsr__redis_node_name(c, i, name, sizeof(name));
			rc = tsr_error_set(&last, reply_code(r), "redis %s: CLUSTER SLOTS: %.*s", name,
			                   REDIS_ECHO, r->str);
		} else {
			rc = slots_apply(c, i, r, map, &last);
		}
		freeReplyObject(r);
		if (rc == TSR_OK) {
			memcpy(c->slots, map, TSR_REDIS_SLOTS * sizeof(*map));
			c->stats.refreshes++;
			break;
		}
	}
	free(map);
	if (rc != TSR_OK) {
		tsr_error_set(e, last.err, "%s", last.errstr);
	}
	return rc;
}

/*
 * Parses the error reply 'r' as "MOVED <slot> <host>:<port>" or "ASK ...".
 * On success sets '*ask', '*slot', '*host' / '*hlen' (pointing into 'r';
 * empty when the server did not know its own address) and '*port'.
 */
static bool parse_redirect(const redisReply *r, bool *ask, unsigned *slot, const char **host,
                           size_t *hlen, int *port)
{
	const char *p = r->str, *end = r->str + r->len, *digits, *colon = NULL, *q;
	unsigned long v;

	if (r->len > 6 && memcmp(p, "MOVED ", 6) == 0) {
		*ask = false;
		p += 6;
	} else if (r->len > 4 && memcmp(p, "ASK ", 4) == 0) {
		*ask = true;
		p += 4;
	} else {
		return false;
	}
	for (v = 0, digits = p; p < end && *p >= '0' && *p <= '9' && v < TSR_REDIS_SLOTS; p++) {
		v = v * 10 + (unsigned long) (*p - '0');
	}
	if (p == digits || p >= end || *p != ' ' || v >= TSR_REDIS_SLOTS) {
		return false;
	}
	*slot = (unsigned) v;
	p++;
	for (q = p; q < end; q++) {
		if (*q == ':') {
			colon = q;
		}
	}
	if (colon == NULL || colon + 1 >= end) {
		return false;
	}
	for (v = 0, q = colon + 1; q < end; q++) {
		if (*q < '0' || *q > '9' || v > 65535) {
			return false;
		}
		v = v * 10 + (unsigned long) (*q - '0');
	}
	if (v < 1 || v > 65535) {
		return false;
	}
	*port = (int) v;
	*host = p;
	*hlen = (size_t) (colon - p);
	return true;
}

/* Returns CLOCK_MONOTONIC time in ms. */
static int64_t client_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Returns how long to pause (ms, at most REDIS_TRYAGAIN_MS) before the
 * retry that follows TRYAGAIN answer number 'tries' (from 1), or 0 when
 * the command is to fail now: past 'c->tryagain_until_ms' when that is
 * set, else after REDIS_TRYAGAIN_MAX retries.
 */
static int64_t tryagain_pause(const tsr_redis_client *c, int tries)
{
	int64_t left;

	if (c->tryagain_until_ms <= 0) {
		return tries > REDIS_TRYAGAIN_MAX ? 0 : REDIS_TRYAGAIN_MS;
	}
	left = c->tryagain_until_ms - client_mono_ms();
	return left <= 0 ? 0 : (left < REDIS_TRYAGAIN_MS ? left : REDIS_TRYAGAIN_MS);
}

/* Routes one command on a cluster: see tsr__redis_call. */
static int cluster_call(tsr_redis_client *c, unsigned slot, int argc, const char **argv,
                        const size_t *lens, int timeout_ms, redisReply **out, tsr_error *e)
{
	bool asking = false, reloaded = false;
	tsr_error tmp_error;
	int redirects = 0, tryagain = 0, rc;
	size_t idx;
	redisReply *r;

	if (c->slots[slot] < 0) {
		rc = cluster_refresh(c, (size_t) -1, e);
		if (rc != TSR_OK) {
			return rc;
		}
		reloaded = true;
	}
	if (c->slots[slot] < 0) {
		return tsr_error_set(e, TSR_EUNREACHABLE, "redis cluster: no node serves slot %u", slot);
	}
	idx = (size_t) c->slots[slot];
	for (;;) {
		bool ask;
		unsigned rslot;
		const char *host;
		size_t hlen, target;
		int port;

		rc = node_connect(c, idx, e);
		if (rc == TSR_EUNREACHABLE && !reloaded && !asking) {
			/* Not sent: the node may have failed over; ask the others who serves the slot. */
			tsr_error tmp;

			reloaded = true;
			if (cluster_refresh(c, (size_t) -1, &tmp) == TSR_OK && c->slots[slot] >= 0 &&
			    (size_t) c->slots[slot] != idx) {
				idx = (size_t) c->slots[slot];
				continue;
			}
			return rc;
		}
		if (rc != TSR_OK) {
			return rc;
		}
		rc = node_exec(c, idx, asking, argc, argv, lens, timeout_ms, &r, e);
		if (rc != TSR_OK) {
			return rc;
		}
		if (r->type != REDIS_REPLY_ERROR) {
			*out = r;
			return TSR_OK;
		}
		if (parse_redirect(r, &ask, &rslot, &host, &hlen, &port)) {
			if (hlen == 0 && c->nodes[idx].host != NULL) {
				host = c->nodes[idx].host;
				hlen = strlen(host);
			}
			if (!redis_host_ok(host, hlen)) {
				freeReplyObject(r);
				return tsr_error_set(e, TSR_EIO, "redis cluster: bad redirection");
			}
			rc = node_find_or_add(c, host, hlen, port, &target, e);
		} else if (reply_is(r, "TRYAGAIN")) {
			struct timespec ts;
			int64_t pause;

			freeReplyObject(r);
			pause = tryagain_pause(c, ++tryagain);
			if (pause <= 0) {
				return c->tryagain_until_ms > 0
				           ? tsr_error_set(e, TSR_EUNREACHABLE,
				                           "redis cluster: slot %u still migrating after %d tries, "
				                           "when the lock wait limit ran out",
				                           slot, tryagain)
				           : tsr_error_set(e, TSR_EUNREACHABLE,
				                           "redis cluster: slot %u still migrating after %d tries",
				                           slot, tryagain);
			}
			ts.tv_sec = 0;
			ts.tv_nsec = (long) pause * 1000000L;
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
			}
			/* The redirections led to the right node: only the TRYAGAIN budget counts now. */
			redirects = 0;
			asking = false;
			idx = c->slots[slot] >= 0 ? (size_t) c->slots[slot] : idx;
			continue;
		} else {
			*out = r;
			return TSR_OK;
		}
		if (rc != TSR_OK) {
			freeReplyObject(r);
			return rc;
		}
		if (++redirects > TSR_REDIS_MAX_REDIRECTS) {
			char name[300];

			tsr__redis_node_name(c, idx, name, sizeof(name));
			rc = tsr_error_set(e, TSR_EIO, "redis %s: too many redirections (last: %.*s)", name,
			                   REDIS_ECHO, r->str);
			freeReplyObject(r);
			return rc;
		}
		freeReplyObject(r);
		if (ask) {
			c->stats.asked++;
			asking = true;
			idx = target;
			continue;
		}
		c->stats.moved++;
		asking = false;
		c->slots[rslot] = (int16_t) target;
		/* The map is stale: reload it from the node that answers for the slot now. */
		if (cluster_refresh(c, target, &tmp_error) != TSR_OK || c->slots[slot] < 0) {
			c->slots[rslot] = (int16_t) target;
		}
		reloaded = true;
		idx = c->slots[slot] >= 0 ? (size_t) c->slots[slot] : target;
	}
}

/*
 * Sends one command to the node serving 'route_key' and reads its reply:
 * see redis_client.h.
 */
int tsr__redis_call(tsr_redis_client *c, const char *route_key, size_t route_len, int argc,
                    const char **argv, const size_t *lens, int timeout_ms, redisReply **out,
                    tsr_error *e)
{
	int rc;

	*out = NULL;
	c->stats.commands++;
	c->stats.round_trips++;
	if (c->cluster) {
		return cluster_call(c, tsr__redis_key_slot(route_key, route_len), argc, argv, lens,
		                    timeout_ms, out, e);
	}
	rc = node_connect(c, 0, e);
	if (rc != TSR_OK) {
		return rc;
	}
	return node_exec(c, 0, false, argc, argv, lens, timeout_ms, out, e);
}

/* Sends the 'n' commands in 'cmds' to node 'node' in one pipeline: see redis_client.h. */
int tsr__redis_node_pipeline(tsr_redis_client *c, size_t node, size_t n, const tsr_redis_cmd *cmds,
                             int timeout_ms, redisReply **replies, tsr_error *e)
{
	redisContext *ctx;
	size_t got = 0;
	int rc, err_no;

	c->stats.commands += n;
	c->stats.round_trips++;
	rc = node_connect(c, node, e);
	if (rc != TSR_OK) {
		return rc;
	}
	ctx = c->nodes[node].ctx;
	c->last_node = node;
	if (timeout_ms > 0 &&
	    redisSetTimeout(ctx, redis_tv(timeout_ms + c->read_timeout_ms)) != REDIS_OK) {
		return node_io_error(c, node, errno, e);
	}
	if (redis_send(ctx, n, cmds) != REDIS_OK) {
		return node_io_error(c, node, errno, e);
	}
	for (got = 0; got < n; got++) {
		if (redisGetReply(ctx, (void **) &replies[got]) != REDIS_OK) {
			err_no = errno;
			while (got > 0) {
				freeReplyObject(replies[--got]);
				replies[got] = NULL;
			}
			return node_io_error(c, node, err_no, e);
		}
	}
	if (timeout_ms > 0 && redisSetTimeout(ctx, redis_tv(c->read_timeout_ms)) != REDIS_OK) {
		err_no = errno;
		while (got > 0) {
			freeReplyObject(replies[--got]);
			replies[got] = NULL;
		}
		return node_io_error(c, node, err_no, e);
	}
	return TSR_OK;
}

/* Finds the node that serves 'key': see redis_client.h. */
int tsr__redis_node_of(tsr_redis_client *c, const char *key, size_t len, size_t *node, tsr_error *e)
{
	unsigned slot;
	int rc;

	*node = 0;
	if (!c->cluster) {
		return TSR_OK;
	}
	slot = tsr__redis_key_slot(key, len);
	if (c->slots[slot] < 0) {
		rc = cluster_refresh(c, (size_t) -1, e);
		if (rc != TSR_OK) {
			return rc;
		}
	}
	if (c->slots[slot] < 0) {
		return tsr_error_set(e, TSR_EUNREACHABLE, "redis cluster: no node serves slot %u", slot);
	}
	*node = (size_t) c->slots[slot];
	return TSR_OK;
}

/* Lists the nodes that hold data: see redis_client.h. */
int tsr__redis_masters(tsr_redis_client *c, size_t *idx, size_t *n, tsr_error *e)
{
	bool seen[TSR_REDIS_MAX_NODES] = {false};
	size_t s;
	int rc;

	*n = 0;
	if (!c->cluster) {
		idx[(*n)++] = 0;
		return TSR_OK;
	}
	rc = cluster_refresh(c, (size_t) -1, e);
	if (rc != TSR_OK) {
		return rc;
	}
	for (s = 0; s < TSR_REDIS_SLOTS; s++) {
		int16_t node = c->slots[s];

		if (node >= 0 && !seen[node]) {
			seen[node] = true;
			idx[(*n)++] = (size_t) node;
		}
	}
	return TSR_OK;
}

/* Maps the error reply 'r' of the last call to a code: see redis_client.h. */
int tsr__redis_reply_error(const tsr_redis_client *c, const redisReply *r, const char *what,
                           tsr_error *e)
{
	char name[300];

	tsr__redis_node_name(c, c->last_node, name, sizeof(name));
	if (r->type != REDIS_REPLY_ERROR) {
		return tsr_error_set(e, TSR_EIO, "redis %s: %s: unexpected reply type %d", name, what,
		                     r->type);
	}
	return tsr_error_set(e, reply_code(r), "redis %s: %s: %.*s", name, what, REDIS_ECHO, r->str);
}

/* Copies 'cfg' into 'c': see redis_client.h. */
int tsr__redis_client_init(tsr_redis_client *c, const tsr_redis_client_config *cfg, tsr_error *e)
{
	size_t k;

	memset(c, 0, sizeof(*c));
	c->cluster = cfg->cluster;
	c->db = cfg->db;
	c->connect_timeout_ms = cfg->connect_timeout_ms;
	c->read_timeout_ms = cfg->read_timeout_ms;
	if ((cfg->unix_path == NULL && cfg->n_hosts == 0) || cfg->n_hosts > TSR_REDIS_MAX_NODES ||
	    (cfg->cluster && cfg->unix_path != NULL)) {
		return tsr_error_set(e, TSR_EINVAL, "redis: bad server list");
	}
	c->nodes = calloc(cfg->unix_path != NULL ? 1 : cfg->n_hosts, sizeof(*c->nodes));
	if (c->nodes == NULL) {
		goto nomem;
	}
	if (cfg->unix_path != NULL) {
		c->nodes[0].path = strdup(cfg->unix_path);
		if (c->nodes[0].path == NULL) {
			goto nomem;
		}
		c->n_nodes = 1;
	}
	for (k = 0; cfg->unix_path == NULL && k < cfg->n_hosts; k++) {
		c->nodes[k].host = strdup(cfg->hosts[k]);
		c->nodes[k].port = cfg->ports[k];
		if (c->nodes[k].host == NULL) {
			goto nomem;
		}
		c->n_nodes = k + 1;
	}
	c->n_seeds = c->n_nodes;
	if (cfg->user != NULL && (c->user = strdup(cfg->user)) == NULL) {
		goto nomem;
	}
	if (cfg->password != NULL && (c->password = strdup(cfg->password)) == NULL) {
		goto nomem;
	}
	if (cfg->cluster) {
		c->slots = malloc(TSR_REDIS_SLOTS * sizeof(*c->slots));
		if (c->slots == NULL) {
			goto nomem;
		}
		for (k = 0; k < TSR_REDIS_SLOTS; k++) {
			c->slots[k] = -1;
		}
	}
	return TSR_OK;

nomem:
	tsr__redis_client_free(c);
	return tsr_error_set(e, TSR_ENOMEM, "redis: out of memory");
}

/* Closes every connection of 'c': see redis_client.h. */
void tsr__redis_client_disconnect(tsr_redis_client *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->n_nodes; i++) {
		node_drop(c, i);
	}
}

/* Frees what 'c' owns: see redis_client.h. */
void tsr__redis_client_free(tsr_redis_client *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	tsr__redis_client_disconnect(c);
	for (i = 0; i < c->n_nodes; i++) {
		free(c->nodes[i].host);
		free(c->nodes[i].path);
	}
	free(c->nodes);
	free(c->slots);
	free(c->user);
	if (c->password != NULL) {
		OPENSSL_cleanse(c->password, strlen(c->password));
		free(c->password);
	}
	memset(c, 0, sizeof(*c));
}

/* Connects the single server or loads the cluster's slot map: see redis_client.h. */
int tsr__redis_client_connect(tsr_redis_client *c, tsr_error *e)
{
	if (c->cluster) {
		return cluster_refresh(c, (size_t) -1, e);
	}
	return node_connect(c, 0, e);
}
