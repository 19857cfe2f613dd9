# ql8400: build QEMU with the ql8400 device, the firmware model's unit tests
# and the guest image; run the main job or every test.
#
#   make          build everything (runs ./configure first when needed)
#   make run      boot the bundled guest with -device ql8400 (the main job)
#   make check    run every test: unit tests, qtests, checkpatch, guest ladder

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
BUILD := build
# meson 1.7 warns once per trace-events file of QEMU's tree at every regen
QUIET_MESON := grep -v --line-buffered "WARNING: Source item .* generated file" || true
QEMU_BIN := $(BUILD)/qemu-system-x86_64
QTEST_BIN := $(BUILD)/qemu/tests/qtest/ql8400-test

.PHONY: all qemu fw images run check check-unit check-qtest check-style \
        check-guest clean distclean

all: qemu fw images

$(BUILD)/config.mk: configure
	./configure

qemu: $(BUILD)/config.mk
	scripts/overlay-qemu $(BUILD)/qemu-src
	ninja -C $(BUILD)/qemu qemu-system-x86_64 tests/qtest/ql8400-test | { $(QUIET_MESON); }
	scripts/link-firmware $(BUILD)/qemu
	ln -sfn qemu/qemu-system-x86_64 $(QEMU_BIN)

fw: $(BUILD)/config.mk
	meson compile -C $(BUILD)/fw

images: $(BUILD)/config.mk
	images/build-guest $(BUILD)/images

run: all
	tests/main-job

check: all
	tests/run-all

check-unit: fw
	tests/run-all unit

check-qtest: qemu
	tests/run-all qtest

check-style: $(BUILD)/config.mk
	tests/run-all style

check-guest: all
	tests/run-all guest

clean:
	rm -rf $(BUILD)/qemu $(BUILD)/fw $(BUILD)/images $(QEMU_BIN) $(BUILD)/config.mk

distclean:
	rm -rf $(BUILD)
