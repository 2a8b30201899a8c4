// SPDX-License-Identifier: GPL-2.0
/*
 * The L2 guest's workload: real work for the MMU that runs it (KVM's shadow
 * MMU under npt=0, nested NPT under npt=1), checked as it goes.
 *
 *   l2-work PROCS MB
 *
 * - forks and execs PROCS children, each of which fills and checks a few
 *   pages and exits with a status derived from its index: new address
 *   spaces, CR3 switches and page faults on fresh page tables;
 * - fills MB megabytes from two threads, unmaps and remaps part of it while
 *   the other thread runs (TLB shootdowns, INVLPG), write-protects it with
 *   mprotect() (write-protection of shadowed PTEs), drops it with
 *   MADV_DONTNEED and checks that it reads back as zeroes.
 *
 * Prints "l2-work: ok ..." and exits 0 when every check holds.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE	4096UL

static void die(const char *what, unsigned long a, unsigned long b)
{
	printf("l2-work: FAIL %s (%#lx, %#lx)\n", what, a, b);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t pattern(unsigned long page, unsigned int round)
{
	return (page * 0x9e3779b97f4a7c15ULL) ^ round;
}

static void fill(uint8_t *mem, unsigned long first, unsigned long n, unsigned int round)
{
	for (unsigned long p = first; p < first + n; p++)
		*(uint64_t *)(mem + p * PAGE) = pattern(p, round);
}

static void check(uint8_t *mem, unsigned long first, unsigned long n, unsigned int round)
{
	for (unsigned long p = first; p < first + n; p++)
		if (*(uint64_t *)(mem + p * PAGE) != pattern(p, round))
			die("pattern", p, *(uint64_t *)(mem + p * PAGE));
}

static int child(unsigned long index)
{
	unsigned long pages = 16;
	uint8_t *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return 255;
	fill(mem, 0, pages, index);
	check(mem, 0, pages, index);
	return index % 200;
}

struct half {
	uint8_t *mem;
	unsigned long first, n;
	unsigned int round;
};

static void *fill_half(void *arg)
{
	struct half *h = arg;

	fill(h->mem, h->first, h->n, h->round);
	check(h->mem, h->first, h->n, h->round);
	return NULL;
}

static void memory(unsigned long mb)
{
	unsigned long pages = mb * 1024 * 1024 / PAGE, half = pages / 2;
	uint8_t *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct half lo = { mem, 0, half, 1 }, hi = { mem, half, pages - half, 1 };
	pthread_t t;

	if (mem == MAP_FAILED)
		die("mmap", mb, errno);

	/* Both halves at once, one per thread (and vCPU, when there are two). */
	pthread_create(&t, NULL, fill_half, &hi);
	fill_half(&lo);
	pthread_join(t, NULL);

	/* Unmap and remap the low half while the other thread rewrites the high one. */
	hi.round = 2;
	pthread_create(&t, NULL, fill_half, &hi);
	for (unsigned long p = 0; p < half; p += 64) {
		if (munmap(mem + p * PAGE, 64 * PAGE) ||
		    mmap(mem + p * PAGE, 64 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			die("remap", p, errno);
		if (*(uint64_t *)(mem + p * PAGE))
			die("remapped page not zero", p, *(uint64_t *)(mem + p * PAGE));
	}
	pthread_join(t, NULL);
	fill(mem, 0, half, 3);

	/* Write-protect, read everything back, and make it writable again. */
	if (mprotect(mem, pages * PAGE, PROT_READ))
		die("mprotect", 0, errno);
	check(mem, 0, half, 3);
	check(mem, half, pages - half, 2);
	if (mprotect(mem, pages * PAGE, PROT_READ | PROT_WRITE))
		die("mprotect", 1, errno);
	fill(mem, 0, pages, 4);
	check(mem, 0, pages, 4);

	/* Dropped pages must come back as zeroes. */
	if (madvise(mem, pages * PAGE, MADV_DONTNEED))
		die("madvise", 0, errno);
	for (unsigned long p = 0; p < pages; p++)
		if (*(uint64_t *)(mem + p * PAGE))
			die("dropped page not zero", p, *(uint64_t *)(mem + p * PAGE));
	munmap(mem, pages * PAGE);
}

int main(int argc, char **argv)
{
	unsigned long procs, mb;
	double start;

	if (argc == 3 && !strcmp(argv[1], "child"))
		return child(strtoul(argv[2], NULL, 0));
	if (argc != 3) {
		fprintf(stderr, "usage: %s PROCS MB\n", argv[0]);
		return 2;
	}
	procs = strtoul(argv[1], NULL, 0);
	mb = strtoul(argv[2], NULL, 0);

	start = now();
	for (unsigned long i = 0; i < procs; i++) {
		char index[32];
		int status;
		pid_t pid;

		snprintf(index, sizeof(index), "%lu", i);
		pid = fork();
		if (pid < 0)
			die("fork", i, errno);
		if (!pid) {
			execl("/proc/self/exe", argv[0], "child", index, (char *)NULL);
			_exit(254);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != i % 200)
			die("child", i, status);
	}
	printf("l2-work: %lu processes in %.1f s\n", procs, now() - start);
	start = now();
	memory(mb);
	printf("l2-work: %lu MB in %.1f s\n", mb, now() - start);
	printf("l2-work: ok %lu processes, %lu MB\n", procs, mb);
	return 0;
}
