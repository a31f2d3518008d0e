/*
 * Output formatting for the tessera command: ISO 8601 UTC times, opaque
 * bytes as whitespace-free text tokens, and a small JSON writer (RFC 8259)
 * whose strings are always escaped and whose non-UTF-8 values fall back to
 * base64. Nothing a store holds reaches the terminal unescaped, so a user
 * id or payload cannot inject control sequences or break a line apart.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "cli.h"

/* Bytes of input base64-encoded per step: a multiple of 3, so no padding in between. */
#define TSR_CLI_B64_CHUNK 768u

/*
 * Formats 'ms' as "YYYY-MM-DDTHH:MM:SSZ" (seconds rounded down, negative
 * times included) into 'out'; "invalid" when gmtime_r cannot represent it.
 */
void tsr_cli_iso_time(int64_t ms, char out[TSR_CLI_ISO_SIZE])
{
	int64_t secs = ms / 1000;
	struct tm tm;
	time_t t;

	if (ms % 1000 < 0) {
		secs--;
	}
	t = (time_t) secs;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, TSR_CLI_ISO_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		snprintf(out, TSR_CLI_ISO_SIZE, "invalid");
	}
}

/*
 * Writes the bytes as one token: '!'..'~' except '\' verbatim, everything
 * else (space, controls, DEL, non-ASCII, '\') as \xNN. Empty is "-".
 */
void tsr_cli_put_token(FILE *f, const uint8_t *p, size_t len)
{
	if (len == 0) {
		fputc('-', f);
		return;
	}
	if (len == 1 && p[0] == '-') {
		fputs("\\x2d", f);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (p[i] > ' ' && p[i] < 0x7f && p[i] != '\\') {
			fputc(p[i], f);
		} else {
			fprintf(f, "\\x%02x", p[i]);
		}
	}
}

/*
 * Checks RFC 3629 UTF-8: no overlong forms, no surrogates (U+D800..DFFF),
 * nothing above U+10FFFF, no truncated sequence.
 */
bool tsr_cli_utf8_valid(const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t c = p[i];
		size_t need;
		uint8_t lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0) {
				lo = 0xa0;
			} else if (c == 0xed) {
				hi = 0x9f;
			}
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0) {
				lo = 0x90;
			} else if (c == 0xf4) {
				hi = 0x8f;
			}
		} else {
			return false;
		}
		if (len - i - 1 < need) {
			return false;
		}
		if (p[i + 1] < lo || p[i + 1] > hi) {
			return false;
		}
		for (size_t k = 2; k <= need; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xbf) {
				return false;
			}
		}
		i += need + 1;
	}
	return true;
}

/* Starts an object on 'f'. */
void tsr_cli_json_open(tsr_cli_json *j, FILE *f)
{
	j->f = f;
	j->first = true;
	fputc('{', f);
}

/* Ends the object. */
void tsr_cli_json_close(tsr_cli_json *j)
{
	fputc('}', j->f);
}

/* Writes the separator and the member name 'name' followed by ':'. */
void tsr_cli_json_key(tsr_cli_json *j, const char *name)
{
	if (!j->first) {
		fputc(',', j->f);
	}
	j->first = false;
	tsr_cli_json_string(j->f, name, strlen(name));
	fputc(':', j->f);
}

/*
 * Writes a JSON string: '"' and '\' escaped, control characters and DEL as
 * \u00XX (short forms for the common ones); other bytes as they are, the
 * caller having checked that they form UTF-8.
 */
void tsr_cli_json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
			} else {
				fputc(c, f);
			}
		}
	}
	fputc('"', f);
}

/* Writes 'len' bytes at 'p' as standard base64 with padding, streamed in chunks. */
static void tsr_cli_put_base64(FILE *f, const uint8_t *p, size_t len)
{
	unsigned char out[TSR_CLI_B64_CHUNK / 3 * 4 + 1];

	for (size_t off = 0; off < len; off += TSR_CLI_B64_CHUNK) {
		size_t n = len - off < TSR_CLI_B64_CHUNK ? len - off : TSR_CLI_B64_CHUNK;
		int w = EVP_EncodeBlock(out, p + off, (int) n);
		fwrite(out, 1, (size_t) w, f);
	}
}

/* Writes opaque bytes as a JSON string when UTF-8, else as {"base64":"..."}. */
void tsr_cli_json_bytes(FILE *f, const uint8_t *p, size_t len)
{
	if (tsr_cli_utf8_valid(p, len)) {
		tsr_cli_json_string(f, (const char *) p, len);
		return;
	}
	fputs("{\"base64\":\"", f);
	tsr_cli_put_base64(f, p, len);
	fputs("\"}", f);
}

/* Writes "name":"<ISO time>","name_ms":<ms>. 'name' is a short ASCII word. */
void tsr_cli_json_time(tsr_cli_json *j, const char *name, int64_t ms)
{
	char iso[TSR_CLI_ISO_SIZE];

	tsr_cli_iso_time(ms, iso);
	tsr_cli_json_key(j, name);
	tsr_cli_json_string(j->f, iso, strlen(iso));
	fprintf(j->f, ",\"%s_ms\":%" PRId64, name, ms);
}
