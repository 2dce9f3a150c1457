// SPDX-License-Identifier: GPL-2.0
/*
 * debug-exit: end a QEMU guest through the isa-debug-exit device at I/O
 * port 0xf4 (QEMU exits with status (value << 1) | 1).  The test kernels
 * have no /dev/port, so this static helper writes the port itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	unsigned int val = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 0;

	if (ioperm(0xf4, 4, 1)) {
		perror("debug-exit: ioperm");
		return 1;
	}
	outl(val, 0xf4);
	/* Not reached when the device is present. */
	fprintf(stderr, "debug-exit: no isa-debug-exit device\n");
	return 1;
}
