/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the arm64 MMIO framework (arch/arm64/mmio.c, plain C):
 * registration rules, lookup, and the access semantics every device gets
 * for free (size masking, sign extension to 32 or 64 bits), plus a seeded
 * random run against a byte-array reference device.
 */
#include <check.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/mmio.h"
#include "common/errno.h"

struct ram_dev {
	uint8_t b[256];
	unsigned int reads, writes;
};

static int ram_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct ram_dev *d = opaque;
	uint64_t v = 0;

	if (off + size > sizeof(d->b))
		return -EFAULT;
	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)d->b[off + i] << (8 * i);
	/* Garbage above the access size: the framework must mask it. */
	if (size < 8)
		v |= ~0UL << (8 * size);
	*val = v;
	d->reads++;
	return 0;
}

static int ram_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct ram_dev *d = opaque;

	if (off + size > sizeof(d->b))
		return -EFAULT;
	for (unsigned int i = 0; i < size; i++)
		d->b[off + i] = (uint8_t)(val >> (8 * i));
	d->writes++;
	return 0;
}

static struct mmio_bus bus;
static struct ram_dev dev;

static void setup(void)
{
	mmio_bus_init(&bus);
	memset(&dev, 0, sizeof(dev));
	ck_assert_int_eq(mmio_register(&bus, 0x1000, 256, ram_read, ram_write, &dev), 0);
}

START_TEST(register_rules)
{
	struct ram_dev other;

	ck_assert_int_eq(mmio_register(&bus, 0x2000, 0, ram_read, ram_write, &other), -EINVAL);
	ck_assert_int_eq(mmio_register(&bus, ~0UL - 10, 256, ram_read, ram_write, &other),
			 -EINVAL);
	ck_assert_int_eq(mmio_register(&bus, 0x2000, 16, NULL, ram_write, &other), -EINVAL);
	ck_assert_int_eq(mmio_register(&bus, 0x10ff, 16, ram_read, ram_write, &other), -EEXIST);
	ck_assert_int_eq(mmio_register(&bus, 0xff1, 16, ram_read, ram_write, &other), -EEXIST);
	ck_assert_int_eq(mmio_register(&bus, 0xff0, 16, ram_read, ram_write, &other), 0);
	ck_assert_int_eq(mmio_register(&bus, 0x1100, 16, ram_read, ram_write, &other), 0);
	for (unsigned int i = bus.nr; i < MMIO_MAX_REGIONS; i++)
		ck_assert_int_eq(mmio_register(&bus, 0x10000 * (i + 1), 16, ram_read, ram_write,
					       &other), 0);
	ck_assert_int_eq(mmio_register(&bus, 0x900000, 16, ram_read, ram_write, &other),
			 -ENOSPC);
}
END_TEST

START_TEST(lookup_needs_whole_access_inside)
{
	ck_assert_ptr_nonnull(mmio_find(&bus, 0x1000, 8));
	ck_assert_ptr_nonnull(mmio_find(&bus, 0x10f8, 8));
	ck_assert_ptr_null(mmio_find(&bus, 0x10f9, 8));
	ck_assert_ptr_null(mmio_find(&bus, 0xfff, 1));
	ck_assert_ptr_null(mmio_find(&bus, 0x1100, 1));
	ck_assert_ptr_null(mmio_find(&bus, ~0UL, 8));
}
END_TEST

START_TEST(unclaimed_access_fails_without_side_effects)
{
	uint64_t v = 0x1234;

	ck_assert_int_eq(mmio_access(&bus, 0x5000, 4, false, false, true, &v), -ENODEV);
	ck_assert_int_eq(mmio_access(&bus, 0x10fc, 8, true, false, true, &v), -ENODEV);
	ck_assert_uint_eq(v, 0x1234);
	ck_assert_uint_eq(dev.reads + dev.writes, 0);
}
END_TEST

START_TEST(write_is_masked_to_size)
{
	uint64_t v = 0x1122334455667788UL;

	ck_assert_int_eq(mmio_access(&bus, 0x1010, 2, true, false, true, &v), 0);
	ck_assert_uint_eq(dev.b[0x10], 0x88);
	ck_assert_uint_eq(dev.b[0x11], 0x77);
	ck_assert_uint_eq(dev.b[0x12], 0);
}
END_TEST

START_TEST(read_extension)
{
	uint64_t v;

	dev.b[0] = 0xf0;
	ck_assert_int_eq(mmio_access(&bus, 0x1000, 1, false, false, true, &v), 0);
	ck_assert_uint_eq(v, 0xf0);				/* LDRB: zero-extended */
	ck_assert_int_eq(mmio_access(&bus, 0x1000, 1, false, true, true, &v), 0);
	ck_assert_uint_eq(v, 0xfffffffffffffff0UL);		/* LDRSB Xt */
	ck_assert_int_eq(mmio_access(&bus, 0x1000, 1, false, true, false, &v), 0);
	ck_assert_uint_eq(v, 0xfffffff0UL);			/* LDRSB Wt */
	dev.b[4] = 0x01;
	dev.b[7] = 0x80;
	ck_assert_int_eq(mmio_access(&bus, 0x1004, 4, false, true, true, &v), 0);
	ck_assert_uint_eq(v, 0xffffffff80000001UL);		/* LDRSW */
	ck_assert_int_eq(mmio_access(&bus, 0x1004, 4, false, false, false, &v), 0);
	ck_assert_uint_eq(v, 0x80000001UL);			/* LDR Wt */
}
END_TEST

static uint64_t test_seed(void)
{
	const char *s = getenv("ZARM_TEST_SEED");

	return s ? strtoull(s, NULL, 0) : 0x3a110cULL;
}

START_TEST(random_vs_reference)
{
	uint64_t seed = test_seed(), x = seed | 1;
	uint8_t ref[256];

	memset(ref, 0, sizeof(ref));
	for (int step = 0; step < 20000; step++) {
		unsigned int size, off;
		bool write, sse, sf;
		uint64_t v, want = 0;
		int ret;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size = 1U << ((x >> 3) & 3);
		off = (unsigned int)((x >> 8) % 264);	/* some just past the end */
		write = (x >> 20) & 1;
		sse = (x >> 21) & 1;
		sf = (x >> 22) & 1;
		v = x * 0x9e3779b97f4a7c15UL;
		ret = mmio_access(&bus, 0x1000 + off, size, write, sse, sf, &v);
		if (off + size > 256) {
			ck_assert_msg(ret == -ENODEV, "seed %#" PRIx64 " step %d", seed, step);
			continue;
		}
		ck_assert_msg(ret == 0, "seed %#" PRIx64 " step %d: %d", seed, step, ret);
		if (write) {
			for (unsigned int i = 0; i < size; i++)
				ref[off + i] = (uint8_t)(v >> (8 * i));
			continue;
		}
		for (unsigned int i = 0; i < size; i++)
			want |= (uint64_t)ref[off + i] << (8 * i);
		if (sse && size < 8 && (want >> (8 * size - 1)) & 1)
			want |= ~0UL << (8 * size);
		if (!sf)
			want &= 0xffffffffUL;
		ck_assert_msg(v == want, "seed %#" PRIx64 " step %d: read %#" PRIx64 " want %#"
			      PRIx64, seed, step, v, want);
	}
	ck_assert_msg(memcmp(ref, dev.b, sizeof(ref)) == 0, "seed %#" PRIx64 ": contents", seed);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mmio");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, register_rules);
	tcase_add_test(tc, lookup_needs_whole_access_inside);
	tcase_add_test(tc, unclaimed_access_fails_without_side_effects);
	tcase_add_test(tc, write_is_masked_to_size);
	tcase_add_test(tc, read_extension);
	tcase_add_test(tc, random_vs_reference);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
