/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What walk-diff.c and walk-diff32.c share: the random sequence a seed
 * gives, and the digest of what they print.  The former is built against
 * the selftests' library, the latter with no library (it also builds with
 * -m32), so this header needs only the C library.
 */
#ifndef WALK_DIFF_H
#define WALK_DIFF_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t rng_state;

static inline void rnd_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
}

static inline uint64_t rnd64(void)
{
	/* xorshift64*: the same sequence from a seed on every machine. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static inline unsigned int rnd(unsigned int n)
{
	return rnd64() % n;
}

#define DIGEST_START	0xcbf29ce484222325ull

/* FNV-1a of a line, on top of the digest so far. */
static inline uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* Print a line and return the digest with it. */
static inline __attribute__((format(printf, 2, 3)))
uint64_t emit(uint64_t h, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fputs(line, stdout);
	return fnv(h, line);
}

#endif
