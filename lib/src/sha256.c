/*
 * SHA-256 through OpenSSL's EVP interface with the digest fetched once per
 * process. EVP_Digest(..., EVP_sha256(), ...) looks the implementation up
 * in OpenSSL 3's provider store on every call (a lock and a hash lookup),
 * which profiling showed as most of the cost of hashing a session ID: a
 * request hashes twice (its ID and its User-Agent).
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "sha256.h"

static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
/* Fetched once, kept for the life of the process (never freed: shared by every thread). */
static EVP_MD *sha256_fetched;

/* Fetches SHA-256 from the default library context; NULL leaves EVP_sha256() in use. */
static void sha256_fetch(void)
{
	sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* See sha256.h. */
int tsr__sha256(const void *data, size_t len, uint8_t out[TSR_SHA256_LEN])
{
	unsigned int n = 0;
	const EVP_MD *md;

	pthread_once(&sha256_once, sha256_fetch);
	md = sha256_fetched != NULL ? sha256_fetched : EVP_sha256();
	if (EVP_Digest(data == NULL ? "" : data, len, out, &n, md, NULL) != 1 || n != TSR_SHA256_LEN) {
		memset(out, 0, TSR_SHA256_LEN);
		return -1;
	}
	return 0;
}
