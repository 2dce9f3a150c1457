# SPDX-License-Identifier: GPL-2.0
#
# podwq: top-level Makefile.  See README.md.
#
#   make                     build podwq.ko (and the selftest modules) for the
#                            default test kernel ($(KERNEL)) into build/$(KERNEL)/,
#                            and the tools
#   make KDIR=/path/to/hdrs  build against any kernel's headers, in place
#   make modules_install     install podwq.ko for KDIR (default: running kernel)
#   make run                 boot a test kernel, load podwq, show its state
#   make check               all tests on all test kernels
#   make clean

KERNEL   ?= 7.2
KERNELS  ?= 6.1 6.12 7.2 6.12-rt
TOPOLOGY ?= 2s2c2t-2n

ifneq ($(KDIR),)
# A kernel tree given by hand: plain kbuild, objects beside the sources.
all: tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
else
all: deps tools
	scripts/build.sh $(KERNEL)
endif

deps:
	scripts/host-deps.sh

# podwq-dump, also into build/bin/ where the test initramfs takes it from.
tools:
	$(MAKE) -C tools install BINDIR=$(CURDIR)/build/bin

modules_install:
	$(MAKE) -C $(or $(KDIR),/lib/modules/$(shell uname -r)/build) \
		M=$(CURDIR) modules modules_install

run: deps tools
	scripts/run-demo.sh -k $(KERNEL) -t $(TOPOLOGY)

# The benchmark: podwq against the kernel's workqueue, in one boot.
SMP  ?= 4
RUNS ?= 5
bench: deps
	scripts/bench.sh -k $(KERNEL) -s $(SMP) -r $(RUNS)

check: deps tools
	selftests/run -k "$(KERNELS)"

clean:
	rm -rf build
	$(MAKE) -C tools clean
	find module selftests/kmod \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name modules.order \) -delete
	rm -f Module.symvers modules.order .*.cmd

.PHONY: all deps tools modules_install run bench check clean
