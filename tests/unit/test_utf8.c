/* Tests for utf8: decoding, validation, counts and display widths. */
#include "unittest.h"

#include "utf8.h"

static void
test_decode(void **state)
{
	size_t adv;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &adv), 'A');
	assert_int_equal(adv, 1);
	assert_int_equal(utf8_decode("ñ", 2, &adv), 0xF1);
	assert_int_equal(adv, 2);
	assert_int_equal(utf8_decode("€", 3, &adv), 0x20AC);
	assert_int_equal(adv, 3);
	assert_int_equal(utf8_decode("😀", 4, &adv), 0x1F600);
	assert_int_equal(adv, 4);
	/* truncated, overlong, surrogate, stray continuation */
	assert_int_equal(utf8_decode("\xE2\x82", 2, &adv), -1);
	assert_int_equal(adv, 1);
	assert_int_equal(utf8_decode("\xC0\xAF", 2, &adv), -1);
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &adv), -1);
	assert_int_equal(utf8_decode("\x80", 1, &adv), -1);
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &adv), -1);
}

static void
test_encode_round_trip(void **state)
{
	const uint32_t cps[] = {0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF};
	char buf[4];
	size_t adv;

	(void)state;
	for (size_t i = 0; i < sizeof(cps) / sizeof(*cps); i++) {
		size_t n = utf8_encode(cps[i], buf);
		assert_true(n > 0);
		assert_int_equal(utf8_decode(buf, n, &adv), (int32_t)cps[i]);
		assert_int_equal(adv, n);
	}
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void
test_valid(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(utf8_valid("Español ñandú", strlen("Español ñandú"), &bad));
	assert_false(utf8_valid("ab\xFFz", 4, &bad));
	assert_int_equal(bad, 2);
}

static void
test_counts_and_offsets(void **state)
{
	const char *s = "ñandú😀";

	(void)state;
	assert_int_equal(utf8_chars(s), 6);
	assert_int_equal(utf8_chars("a\xFF" "b"), 3);
	assert_int_equal(utf8_char_offset(s, 1), 2);
	assert_int_equal(utf8_char_offset(s, 5), 7);
	assert_int_equal(utf8_char_offset(s, 50), strlen(s));
	assert_int_equal(utf8_next(s, strlen(s), 0), 2);
	assert_int_equal(utf8_prev(s, strlen(s)), 7);
	assert_int_equal(utf8_prev(s, 2), 0);
	assert_int_equal(utf8_prev("a\x80", 2), 1);
}

static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("Hola"), 4);
	assert_int_equal(utf8_width("señor"), 5);
	/* e + combining acute is one column */
	assert_int_equal(utf8_width("e\xCC\x81"), 1);
	assert_int_equal(utf8_width("漢字"), 4);
	assert_int_equal(utf8_width("😀"), 2);
	assert_int_equal(utf8_width_n("ñandú", 2), 1);
}

static void
test_fit(void **state)
{
	(void)state;
	assert_int_equal(utf8_fit("abcdef", 6, 3), 3);
	assert_int_equal(utf8_fit("ñañaña", strlen("ñañaña"), 3), 5);
	/* a wide character never straddles the limit */
	assert_int_equal(utf8_fit("a漢b", strlen("a漢b"), 2), 1);
	assert_int_equal(utf8_fit("a漢b", strlen("a漢b"), 3), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_counts_and_offsets),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
