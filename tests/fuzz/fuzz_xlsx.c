/*
 * libFuzzer target for the .xlsx reader.  An input starting with "PK" is
 * read as a whole archive (exercising libzip's side and ours); any other
 * is split at 0xFF bytes into the XML parts of a workbook (workbook.xml,
 * its rels, sharedStrings.xml, styles.xml, sheet1.xml, sheet2.xml), which
 * are zipped in memory first, so the fuzzer spends its time in the XML
 * handlers and cell conversions rather than in zip checksums.  Every
 * sheet read is then walked, so a bad cell pointer shows up under ASan.
 * Build and run: see README.md here.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "diag.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {
	"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
	"xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
};

/* Zips the 0xFF-separated parts of data; returns a malloc'd archive. */
static void *
zip_parts(const uint8_t *data, size_t size, size_t *len)
{
	zip_error_t err;
	zip_source_t *src;
	zip_stat_t st;
	zip_t *z;
	const uint8_t *p = data, *end = data + size;
	void *out = NULL;

	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	for (size_t i = 0; z && i < sizeof(parts) / sizeof(*parts) && p <= end; i++) {
		const uint8_t *sep = memchr(p, 0xFF, (size_t)(end - p));
		size_t n = (size_t)((sep ? sep : end) - p);
		zip_source_t *f = zip_source_buffer(z, p, n, 0);
		if (f == NULL || zip_file_add(z, parts[i], f, 0) < 0)
			zip_source_free(f);
		if (sep == NULL)
			break;
		p = sep + 1;
	}
	if (z && zip_close(z) == 0 && zip_source_stat(src, &st) == 0 &&
	    zip_source_open(src) == 0) {
		out = malloc(st.size + 1);
		*len = (size_t)zip_source_read(src, out, st.size);
		zip_source_close(src);
	} else if (z) {
		zip_discard(z);
	}
	zip_source_free(src);
	zip_error_fini(&err);
	return out;
}

static size_t
walk(const struct workbook *wb)
{
	size_t bytes = 0;

	for (size_t i = 0; i < wb->n; i++)
		for (size_t r = 0; r < wb->sheets[i].t.n; r++)
			for (size_t c = 0; c < wb->sheets[i].t.rows[r].n; c++)
				bytes += strlen(wb->sheets[i].t.rows[r].cells[c]);
	return bytes;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;
	size_t len = 0;
	void *zip = NULL;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		xlsx_read_mem("fuzz.xlsx", data, size, &wb, &d);
	} else if ((zip = zip_parts(data, size, &len)) != NULL) {
		xlsx_read_mem("fuzz.xlsx", zip, len, &wb, &d);
	}
	if (walk(&wb) > (size_t)1 << 40)
		abort();
	workbook_free(&wb);
	diag_free(&d);
	free(zip);
	return 0;
}
