/*
 * The cursor: every read checks the length first and leaves the cursor
 * untouched on failure; child cursors never read into their parent's rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/util.h"

static void
test_reads_in_order(void **state)
{
	static const uint8_t buf[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
	    0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
	    0x12 };
	struct rd r;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	(void)state;
	rd_init(&r, buf, sizeof(buf));
	assert_int_equal(rd_u8(&r, &u8), 0);
	assert_int_equal(u8, 0x01);
	assert_int_equal(rd_be16(&r, &u16), 0);
	assert_int_equal(u16, 0x0203);
	assert_int_equal(rd_be24(&r, &u32), 0);
	assert_int_equal(u32, 0x040506);
	assert_int_equal(rd_be32(&r, &u32), 0);
	assert_int_equal(u32, 0x0708090a);
	assert_int_equal(rd_be64(&r, &u64), 0);
	assert_true(u64 == 0x0b0c0d0e0f101112ULL);
	assert_int_equal(rd_left(&r), 0);
}

static void
test_little_endian(void **state)
{
	static const uint8_t buf[] = { 0x34, 0x12, 0x78, 0x56, 0x34, 0x12 };
	struct rd r;
	uint16_t u16;
	uint32_t u32;

	(void)state;
	rd_init(&r, buf, sizeof(buf));
	assert_int_equal(rd_le16(&r, &u16), 0);
	assert_int_equal(u16, 0x1234);
	assert_int_equal(rd_le32(&r, &u32), 0);
	assert_int_equal(u32, 0x12345678);
}

static void
test_short_read_leaves_cursor(void **state)
{
	static const uint8_t buf[] = { 0xaa, 0xbb, 0xcc };
	struct rd r;
	uint32_t u32 = 7;
	uint64_t u64 = 7;
	uint8_t out[4];
	const uint8_t *before;

	(void)state;
	rd_init(&r, buf, sizeof(buf));
	before = r.p;
	assert_int_equal(rd_be32(&r, &u32), -1);
	assert_int_equal(u32, 7);
	assert_ptr_equal(r.p, before);
	assert_int_equal(rd_be64(&r, &u64), -1);
	assert_int_equal(rd_bytes(&r, out, 4), -1);
	assert_int_equal(rd_skip(&r, 4), -1);
	assert_ptr_equal(r.p, before);
	assert_int_equal(rd_skip(&r, 3), 0);
	assert_int_equal(rd_left(&r), 0);
	assert_int_equal(rd_peek_u8(&r, out), -1);
}

static void
test_sub_cursor_is_bounded(void **state)
{
	static const uint8_t buf[] = { 2, 0x11, 0x22, 0x33 };
	struct rd r, child;
	uint8_t len, v;
	uint16_t u16;

	(void)state;
	rd_init(&r, buf, sizeof(buf));
	assert_int_equal(rd_u8(&r, &len), 0);
	assert_int_equal(rd_sub(&r, len, &child), 0);
	assert_int_equal(rd_left(&child), 2);
	assert_int_equal(rd_be16(&child, &u16), 0);
	assert_int_equal(u16, 0x1122);
	/* the child ends where the length said, not at the buffer's end */
	assert_int_equal(rd_u8(&child, &v), -1);
	assert_int_equal(rd_u8(&r, &v), 0);
	assert_int_equal(v, 0x33);
	/* a length that lies */
	rd_init(&r, buf, sizeof(buf));
	assert_int_equal(rd_sub(&r, 5, &child), -1);
	assert_int_equal(rd_left(&r), 4);
}

static void
test_huge_length_does_not_wrap(void **state)
{
	static const uint8_t buf[4] = { 0 };
	struct rd r, child;

	(void)state;
	rd_init(&r, buf, sizeof(buf));
	assert_int_equal(rd_skip(&r, SIZE_MAX), -1);
	assert_int_equal(rd_sub(&r, SIZE_MAX - 1, &child), -1);
	assert_int_equal(rd_left(&r), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_in_order),
		cmocka_unit_test(test_little_endian),
		cmocka_unit_test(test_short_read_leaves_cursor),
		cmocka_unit_test(test_sub_cursor_is_bounded),
		cmocka_unit_test(test_huge_length_does_not_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
