// SPDX-License-Identifier: GPL-2.0
/*
 * The L2 guest's MMIO check: read a device's MMIO BAR right after the guest
 * took an exception, many times over.
 *
 *   l2-mmio RESOURCE COUNT
 *
 * RESOURCE is a PCI BAR's sysfs file, e.g. /sys/bus/pci/devices/X/resource4.
 * Each round raises a #BP (int3, handled by a SIGTRAP handler) and then reads
 * the BAR.  Under npt=0 the read is a #PF on an MMIO SPTE that KVM emulates,
 * and often the first exit after the #BP's delivery.  QEMU's SVM emulation
 * leaves the type and vector of the last event it delivered in EXITINTINFO
 * with V=0, and a KVM that takes that for an event being vectored refuses to
 * emulate: QEMU in L1 then stops this guest with "KVM internal error.
 * Suberror: 3".  Prints "l2-mmio: ok ..." when every round completed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long traps;

static void on_trap(int sig)
{
	traps++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_trap };
	volatile uint32_t *bar;
	unsigned long count;
	double start;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s RESOURCE COUNT\n", argv[0]);
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	fd = open(argv[1], O_RDWR | O_SYNC);
	bar = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED || sigaction(SIGTRAP, &sa, NULL)) {
		printf("l2-mmio: FAIL cannot map %s (%d)\n", argv[1], errno);
		return 1;
	}

	start = now();
	for (unsigned long i = 0; i < count; i++) {
		asm volatile("int3" ::: "memory");
		(void)bar[0];
	}
	if (traps != count) {
		printf("l2-mmio: FAIL %lu traps for %lu rounds\n", traps, count);
		return 1;
	}
	printf("l2-mmio: ok %lu MMIO reads after a #BP in %.1f s\n", count, now() - start);
	return 0;
}
