/*
 * Tests for the .xlsx reader: each workbook is zipped in memory with
 * libzip from XML parts written here, so every kind of cell (shared,
 * rich and inline strings, numbers, booleans, dates and times by built-in
 * and custom formats, formulas' cached values) and every broken archive
 * is exact and visible in the test.
 */
#include "unittest.h"
#include "render_table.h"

#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "form.h"
#include "xlsx.h"

struct part {
	const char *name, *xml;
};

#define WB_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char workbook_xml[] = WB_HEAD
	"<workbook " NS "><sheets>"
	"<sheet name=\"survey\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"Choices\" sheetId=\"2\" r:id=\"rId2\"/>"
	"</sheets></workbook>";

static const char rels_xml[] = WB_HEAD
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"ws\"/>"
	"<Relationship Id=\"rId2\" Target=\"/xl/worksheets/other.xml\" Type=\"ws\"/>"
	"</Relationships>";

/* Style 0 general, 1 built-in date (14), 2 built-in time (21), 3 custom
 * yyyy-mm-dd hh:mm, 4 a number format with quoted "d" (not a date). */
static const char styles_xml[] = WB_HEAD
	"<styleSheet " NS "><numFmts count=\"2\">"
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd hh:mm\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"0.0&quot; days&quot;\"/>"
	"</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
	"<xf numFmtId=\"21\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
	"</cellXfs></styleSheet>";

static const char sst_xml[] = WB_HEAD
	"<sst " NS " count=\"4\" uniqueCount=\"4\">"
	"<si><t>type</t></si>"
	"<si><r><rPr><b/></rPr><t>na</t></r><r><t xml:space=\"preserve\">me </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
	"<si><t>Línea_x000A_dos&amp;más\xc2\xa0" "fin</t></si>"
	"<si><t>_x0000_ and _x12_ stay</t></si>"
	"</sst>";

static const char sheet1_xml[] = WB_HEAD
	"<worksheet " NS "><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"D1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
	"<c r=\"E1\" t=\"inlineStr\"><is><t></t></is></c></row>"
	"<row r=\"3\"><c t=\"s\"><v>2</v></c><c><v>3.0</v></c><c><v>0.1</v></c>"
	"<c t=\"b\"><v>1</v></c><c t=\"b\"><v>0</v></c></row>"
	"<row r=\"4\"><c r=\"A4\" s=\"1\"><v>43832</v></c>"
	"<c r=\"B4\" s=\"2\"><v>0.75</v></c><c r=\"C4\" s=\"3\"><v>43832.5</v></c>"
	"<c r=\"D4\" s=\"4\"><v>2.5</v></c><c r=\"E4\" s=\"1\"><v>59</v></c>"
	"<c r=\"F4\" s=\"1\"><v>61</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
	"<c r=\"B5\"><f>1+1</f><v>2</v></c><c r=\"C5\" t=\"e\"><v>#DIV/0!</v></c>"
	"<c r=\"D5\"><v>-1.5E-7</v></c><c r=\"E5\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>  </t></is></c></row>"
	"<row r=\"7\"></row>"
	"</sheetData></worksheet>";

/* A sheet with prefixed element names, as some generators write. */
static const char other_xml[] = WB_HEAD
	"<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>list_name</x:t></x:is></x:c>"
	"</x:row><x:row><x:c t=\"inlineStr\"><x:is><x:t>yn</x:t></x:is></x:c></x:row>"
	"</x:sheetData></x:worksheet>";

static const struct part good[] = {
	{"xl/workbook.xml", workbook_xml},
	{"xl/_rels/workbook.xml.rels", rels_xml},
	{"xl/styles.xml", styles_xml},
	{"xl/sharedStrings.xml", sst_xml},
	{"xl/worksheets/sheet1.xml", sheet1_xml},
	{"xl/worksheets/other.xml", other_xml},
	{NULL, NULL},
};

/* Zips the parts into a malloc'd buffer. */
static void *
make_zip(const struct part *parts, size_t *len)
{
	zip_error_t err;
	zip_source_t *src, *file;
	zip_t *z;
	void *out;
	zip_stat_t st;

	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	assert_non_null(src);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; parts[i].name != NULL; i++) {
		file = zip_source_buffer(z, parts[i].xml, strlen(parts[i].xml), 0);
		assert_true(zip_file_add(z, parts[i].name, file, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	*len = (size_t)st.size;
	out = malloc(*len + 1);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)*len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&err);
	return out;
}

static int
read_parts(const struct part *parts, struct workbook *wb, struct diag *d)
{
	size_t len;
	void *zip = make_zip(parts, &len);
	int rc = xlsx_read_mem("t.xlsx", zip, len, wb, d);

	free(zip);
	return rc;
}

static void
test_cells(void **state)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(read_parts(good, &wb, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(wb.n, 2);
	assert_string_equal(wb.sheets[0].name, "survey");
	assert_string_equal(wb.sheets[0].t.path, "t.xlsx[survey]");
	assert_string_equal(render(&wb.sheets[0].t),
		"1:type|name ||inline\n"
		"3:Línea\ndos&más fin|3|0.1|TRUE|FALSE\n"
		"4:2020-01-02|18:00:00|2020-01-02 12:00:00|2.5|1900-02-28|1900-03-01\n"
		"5:ab|2|#DIV/0!|-1.5e-07|_x0000_ and _x12_ stay\n"
		"6:  \n");
	assert_string_equal(render(&wb.sheets[1].t), "1:list_name\n2:yn\n");
	diag_free(&d);
	workbook_free(&wb);
}

static void
test_sheet_lookup(void **state)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;
	struct csv_table t;

	(void)state;
	assert_int_equal(read_parts(good, &wb, &d), 0);
	assert_non_null(workbook_sheet(&wb, "CHOICES"));
	assert_null(workbook_sheet(&wb, "settings"));
	assert_true(workbook_take(&wb, "choices", &t));
	assert_int_equal(t.n, 2);
	assert_int_equal(wb.sheets[1].t.n, 0);
	csvio_table_free(&t);
	assert_false(workbook_take(&wb, "settings", &t));
	diag_free(&d);
	workbook_free(&wb);
}

/* The first error's message must contain want; its path and column too. */
static void
expect_error(const struct part *parts, const char *path, const char *column,
	     const char *want)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;

	assert_int_equal(read_parts(parts, &wb, &d), -1);
	assert_true(d.errors >= 1);
	assert_string_equal(d.v[0].path, path);
	if (column != NULL)
		assert_string_equal(d.v[0].column, column);
	if (strstr(d.v[0].message, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", d.v[0].message, want);
	diag_free(&d);
	workbook_free(&wb);
}

static void
test_errors(void **state)
{
	struct part p[8];
	static const char bad_index[] = WB_HEAD "<worksheet " NS "><sheetData>"
		"<row r=\"2\"><c r=\"C2\" t=\"s\"><v>9</v></c></row></sheetData></worksheet>";
	static const char bad_xml[] = WB_HEAD "<worksheet><sheetData><row></sheetData>";
	static const char too_wide[] = WB_HEAD "<worksheet><sheetData><row>"
		"<c r=\"ZZZZ1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;

	(void)state;
	memcpy(p, good, sizeof(good));
	p[4].xml = bad_index;
	expect_error(p, "t.xlsx[survey]", "C", "shared string 9");
	p[4].xml = bad_xml;
	expect_error(p, "t.xlsx", NULL, "xl/worksheets/sheet1.xml is not well-formed XML (line 1");
	p[4].xml = too_wide;
	expect_error(p, "t.xlsx[survey]", NULL, "too large");
	p[4] = p[6]; /* no sheet1.xml */
	expect_error(p, "t.xlsx", NULL, "has no xl/worksheets/sheet1.xml");
	expect_error(good + 1, "t.xlsx", NULL, "has no xl/workbook.xml");
	/* not a zip at all */
	assert_int_equal(xlsx_read_mem("t.xlsx", "type,name\n", 10, &wb, &d), -1);
	assert_non_null(strstr(d.v[0].message, "not an .xlsx workbook"));
	diag_free(&d);
	workbook_free(&wb);
}

/* An .xls (BIFF8) workbook through FreeXL: tests/data/namesdemo.xls is
 * the example workbook of xlrd (python3-xlrd's examples, BSD licence). */
static void
test_xls(void **state)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;
	char path[512];

	(void)state;
	srcpath(path, sizeof(path), "tests/data/namesdemo.xls");
	assert_int_equal(workbook_read(path, &wb, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(wb.n, 4);
	assert_string_equal(wb.sheets[0].name, "Sheet1");
	assert_string_equal(wb.sheets[3].name, "Seamus O'Reilly");
	assert_int_equal(wb.sheets[0].t.n, 0);
	assert_string_equal(render(&wb.sheets[2].t),
		"1:|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Year Tot\n"
		"2:Sales\n3:Expenses\n4:Profit||||||||||||4321|9876\n"
		"9:1|2|4|8\n10:16|32|64|128|256|512\n11:||1024|2048|4096|8192\n");
	assert_string_equal(render(&wb.sheets[3].t), "1:42\n");
	workbook_free(&wb);
	/* a file that is not one */
	srcpath(path, sizeof(path), "tests/data/example-answers.csv");
	memcpy(strrchr(path, '.'), ".xls", 5);
	assert_int_equal(workbook_read(path, &wb, &d), -1);
	assert_non_null(strstr(d.v[0].message, "cannot read this .xls file"));
	workbook_free(&wb);
	diag_free(&d);
}

/* A whole form from a workbook file on disk, through form_load. */
static void
test_form_load(void **state)
{
	static const char survey[] = WB_HEAD "<worksheet><sheetData>"
		"<row r=\"1\"><c t=\"inlineStr\"><is><t>type</t></is></c>"
		"<c t=\"inlineStr\"><is><t>name</t></is></c>"
		"<c t=\"inlineStr\"><is><t>label</t></is></c></row>"
		"<row r=\"3\"><c t=\"inlineStr\"><is><t>integer</t></is></c>"
		"<c t=\"inlineStr\"><is><t>age</t></is></c>"
		"<c t=\"inlineStr\"><is><t>Age?</t></is></c></row>"
		"<row r=\"4\"><c t=\"inlineStr\"><is><t>text</t></is></c>"
		"<c t=\"inlineStr\"><is><t>9bad</t></is></c>"
		"<c t=\"inlineStr\"><is><t>x</t></is></c></row>"
		"</sheetData></worksheet>";
	static const char wbx[] = WB_HEAD "<workbook " NS "><sheets>"
		"<sheet name=\"Sheet1\" r:id=\"rId1\"/></sheets></workbook>";
	struct part p[] = {{"xl/workbook.xml", wbx}, {"xl/worksheets/sheet1.xml", survey},
			   {NULL, NULL}};
	char path[] = "/tmp/intake-xlsx-XXXXXX.xlsx";
	size_t len;
	void *zip = make_zip(p, &len);
	int fd = mkstemps(path, 5);
	struct diag d = DIAG_INIT;
	struct form *f;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zip, len), (ssize_t)len);
	close(fd);
	free(zip);
	f = form_load(path, &d, true);
	unlink(path);
	assert_non_null(f);
	assert_int_equal(f->nfields, 2);
	assert_int_equal(f->fields[0].row, 3);
	assert_string_equal(f->dir, "/tmp");
	assert_int_equal(d.errors, 1); /* 9bad, named on its spreadsheet row */
	assert_int_equal(d.v[d.n - 1].row, 4);
	assert_non_null(strstr(d.v[d.n - 1].path, ".xlsx[survey]"));
	assert_int_equal(strncmp(f->id, "intake_xlsx_", 12), 0); /* made safe */
	form_free(&f);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_sheet_lookup),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_form_load),
		cmocka_unit_test(test_xls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
