// SPDX-License-Identifier: GPL-2.0
/*
 * The L2 guest's disk check: traffic through a modern virtio-blk-pci device,
 * whose doorbell (the notify register) is MMIO, so that under npt=0 every
 * request is a write to an MMIO SPTE that KVM emulates.
 *
 *   l2-disk DEVICE MB
 *
 * Writes MB megabytes of a pattern to DEVICE, flushes it, drops the block
 * device's cache, reads it back with O_DIRECT (from the disk, not from the
 * cache) and compares.  Prints "l2-disk: ok ..." and exits 0 when it matches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#define CHUNK	(128 * 1024UL)

static void die(const char *what, unsigned long a, unsigned long b)
{
	printf("l2-disk: FAIL %s (%#lx, %#lx)\n", what, a, b);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Every 8-byte word says where it belongs, so a misplaced block shows. */
static void fill(uint64_t *buf, unsigned long chunk)
{
	for (unsigned long i = 0; i < CHUNK / 8; i++)
		buf[i] = (chunk * CHUNK / 8 + i) * 0x9e3779b97f4a7c15ULL;
}

int main(int argc, char **argv)
{
	unsigned long chunks, mb;
	uint64_t *buf, *want;
	double start;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DEVICE MB\n", argv[0]);
		return 2;
	}
	mb = strtoul(argv[2], NULL, 0);
	chunks = mb * 1024 * 1024 / CHUNK;
	if (posix_memalign((void **)&buf, 4096, CHUNK) ||
	    posix_memalign((void **)&want, 4096, CHUNK))
		die("posix_memalign", CHUNK, 0);

	start = now();
	fd = open(argv[1], O_WRONLY);
	if (fd < 0)
		die("open for writing", 0, errno);
	for (unsigned long c = 0; c < chunks; c++) {
		fill(buf, c);
		if (write(fd, buf, CHUNK) != CHUNK)
			die("write", c, errno);
	}
	if (fsync(fd) || ioctl(fd, BLKFLSBUF, 0))
		die("fsync or BLKFLSBUF", 0, errno);
	close(fd);
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3", 1) != 1)
		die("drop_caches", 0, errno);
	close(fd);
	printf("l2-disk: %lu MB written in %.1f s\n", mb, now() - start);

	start = now();
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0)
		die("open for reading", 0, errno);
	for (unsigned long c = 0; c < chunks; c++) {
		if (read(fd, buf, CHUNK) != CHUNK)
			die("read", c, errno);
		fill(want, c);
		if (memcmp(buf, want, CHUNK))
			die("pattern", c, buf[0]);
	}
	close(fd);
	printf("l2-disk: %lu MB read back in %.1f s\n", mb, now() - start);
	printf("l2-disk: ok %lu MB\n", mb);
	return 0;
}
