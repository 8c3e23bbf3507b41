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

static void
sanitized(const char *in, unsigned flags, const char *want)
{
	char *out = utf8_sanitize(in, flags);

	assert_string_equal(out, want);
	free(out);
}

static void
test_sanitize(void **state)
{
	(void)state;
	sanitized("Rosa María", 0, "Rosa María");
	/* C0: an escape sequence shows as text, never reaches the terminal */
	sanitized("a\x1b[2Jb", 0, "a\u241b[2Jb");
	sanitized("\r\a\x01", 0, "\u240d\u2407\u2401");
	sanitized("x\x7f", 0, "x\u2421");                 /* DEL */
	sanitized("\xc2\x9b" "31m", 0, "<U+009B>31m");    /* C1 CSI */
	sanitized("\xc2\x85", 0, "<U+0085>");             /* NEL */
	sanitized("abc\xe2\x80\xae" "fdp.exe", 0, "abc<U+202E>fdp.exe"); /* RLO */
	sanitized("\xe2\x81\xa6x\xe2\x81\xa9", 0, "<U+2066>x<U+2069>"); /* isolates */
	sanitized("\xe2\x80\xaa\xe2\x80\xac", 0, "<U+202A><U+202C>");
	sanitized("caf\xe9", 0, "caf\xef\xbf\xbd");          /* invalid byte */
	sanitized("a\nb", 0, "a\u240ab");
	sanitized("a\nb", UTF8_KEEP_NEWLINE, "a\nb");
	sanitized("a\tb", 0, "a b");
	sanitized("a\tb", UTF8_KEEP_TAB, "a\tb");
	sanitized(NULL, 0, "");
	assert_true(utf8_is_safe("Haití ñ 漢", 0));
	assert_false(utf8_is_safe("a\xc2\x9b", 0));
	assert_false(utf8_is_safe("a\xe2\x80\xae", 0));
	assert_false(utf8_is_safe("a\x7f", 0));
	assert_false(utf8_is_safe("a\n", 0));
	assert_true(utf8_is_safe("a\n\t", UTF8_KEEP_NEWLINE | UTF8_KEEP_TAB));
	assert_false(utf8_is_safe("caf\xe9", 0));
	/* every unsafe range, and its neighbours */
	assert_true(utf8_unsafe_cp(0x1F) && utf8_unsafe_cp(0x7F));
	assert_false(utf8_unsafe_cp(0x20) || utf8_unsafe_cp(0x7E) || utf8_unsafe_cp(0xA0));
	assert_true(utf8_unsafe_cp(0x80) && utf8_unsafe_cp(0x9F));
	assert_true(utf8_unsafe_cp(0x202A) && utf8_unsafe_cp(0x202E));
	assert_false(utf8_unsafe_cp(0x2029) || utf8_unsafe_cp(0x202F));
	assert_true(utf8_unsafe_cp(0x2066) && utf8_unsafe_cp(0x2069));
	assert_false(utf8_unsafe_cp(0x2065) || utf8_unsafe_cp(0x206A));
}

static void
test_fold(void **state)
{
	char *f = utf8_fold("HAITÍ Ñandú Çà");

	(void)state;
	assert_string_equal(f, "haiti nandu ca");
	free(f);
	assert_true(utf8_fold_contains("Haití", "haiti"));
	assert_true(utf8_fold_contains("El Salvador", "SALV"));
	assert_true(utf8_fold_contains("Perú", "peru"));
	assert_false(utf8_fold_contains("Guatemala", "haiti"));
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
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
