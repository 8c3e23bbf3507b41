#!/usr/bin/python3
"""`intake export --xlsx`: the workbook read back and checked cell by cell.

Replays invented intakes on the example form (repeats, dates, times,
numbers, a note that looks like a formula) and the screening form (a U visa
case, so confidential), exports them as XLSX, and reads each workbook back
twice: the raw sheet XML through zipfile (cell types, styles, no formula
anywhere) and openpyxl (values, frozen header, autofilter, active sheet).
Prints TAP.

usage: xlsx.py INTAKE SOURCE_ROOT
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import openpyxl

INTAKE, SRC = sys.argv[1], sys.argv[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RELNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
results = []


def check(desc, cond):
    results.append((bool(cond), desc))


def run(data, *args, now="2026-11-22T10:00:00-06:00"):
    env = dict(os.environ, INTAKE_NOW=now)
    return subprocess.run([INTAKE, "--data", data, *args], env=env,
                          capture_output=True, text=True)


class Book:
    """A workbook read raw: sheet name -> {cell ref: (type, style, value,
    has formula)}, and the number format of each style index."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.order = []
        self.sheets = {}
        for s in wb.find("m:sheets", NS):
            name = s.get("name")
            self.order.append(name)
            xml = ET.fromstring(self.zip.read("xl/" + target[s.get(RELNS)]))
            self.sheets[name] = self._cells(xml)
        self.formats = self._formats()

    @staticmethod
    def _cells(xml):
        cells = {}
        for c in xml.iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            t = c.find("m:is/m:t", NS)
            value = t.text if t is not None else (v.text if v is not None else None)
            cells[c.get("r")] = (c.get("t"), int(c.get("s", "0")), value,
                                 c.find("m:f", NS) is not None)
        return cells

    def _formats(self):
        st = ET.fromstring(self.zip.read("xl/styles.xml"))
        custom = {int(n.get("numFmtId")): n.get("formatCode")
                  for n in st.iter("{%s}numFmt" % NS["m"])}
        xfs = st.find("m:cellXfs", NS)
        return [custom.get(int(x.get("numFmtId", "0")), "General") for x in xfs]

    def column(self, sheet, header):
        """The column letter whose row-1 cell is header, or None."""
        for ref, (t, s, v, f) in self.sheets[sheet].items():
            if ref[len(ref.rstrip("0123456789")):] == "1" and v == header:
                return ref.rstrip("0123456789")
        return None

    def cell(self, sheet, header, row):
        col = self.column(sheet, header)
        return self.sheets[sheet].get("%s%d" % (col, row)) if col else None

    def any_formula(self):
        return any(c[3] for s in self.sheets.values() for c in s.values())


def is_date_cell(book, c, fmt="yyyy-mm-dd"):
    return c is not None and c[0] is None and c[2] is not None and \
        float(c[2]) > 0 and book.formats[c[1]] == fmt


def is_text_cell(c, text):
    return c is not None and c[0] in ("inlineStr", "s", "str") and c[2] == text


tmp = tempfile.mkdtemp()
try:
    # ---- the example form: repeats, dates, times, numbers -----------------
    data = os.path.join(tmp, "ex")
    answers = os.path.join(SRC, "tests", "data", "example-answers.csv")
    extra = os.path.join(tmp, "ex-more.csv")
    with open(answers, encoding="utf-8") as f:
        text = f.read()
    with open(extra, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\nincome,1250.5\narrival,14:30\n"
                "appointment,2026-12-01T09:15:00-06:00\n")
    run(data, "replay", "example", answers)
    run(data, "replay", "example", extra)
    p = run(data, "export", "--xlsx", "example")
    path = os.path.join(data, "exports", "example.xlsx")
    check("export --xlsx exits 0", p.returncode == 0)
    check("export --xlsx prints the workbook's path", path in p.stdout)
    check("the workbook exists", os.path.exists(path))
    check("the workbook is mode 0600",
          os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == 0o600)
    check("no temporary file is left beside it",
          not [n for n in os.listdir(os.path.dirname(path)) if ".tmp." in n])
    book = Book(path)
    main = book.order[0]
    check("sheets: main, one per repeat, codebook, choices",
          len(book.order) == 6 and "codebook" in book.order and
          "choices" in book.order and "child" in book.order and
          "school" in book.order and "visit" in book.order)
    check("two intakes, two data rows",
          book.cell(main, "_intake_id", 3) is not None and
          book.cell(main, "_intake_id", 4) is None)
    dob = book.cell(main, "dob", 2)
    check("a date is a number with a date style", is_date_cell(book, dob))
    check("the date's serial is 1990-04-02 (32965)", dob and dob[2] == "32965")
    hh = book.cell(main, "household", 2)
    check("an integer is a number cell", hh and hh[0] is None and hh[2] == "3")
    inc = [book.cell(main, "income", r) for r in (2, 3)]
    check("a decimal is a number cell",
          any(c and c[0] is None and c[2] == "1250.5" for c in inc))
    arr = [book.cell(main, "arrival", r) for r in (2, 3)]
    check("a time is a day fraction with a time style",
          any(c and c[0] is None and book.formats[c[1]] == "hh:mm:ss" and
              abs(float(c[2]) - 14.5 / 24) < 1e-9 for c in arr))
    app = [book.cell(main, "appointment", r) for r in (2, 3)]
    check("a dateTime is a number with a date-time style",
          any(is_date_cell(book, c, "yyyy-mm-dd hh:mm:ss") for c in app))
    notes = book.cell(main, "notes", 2)
    check("text that starts with = stays a string, unchanged",
          is_text_cell(notes, '=HYPERLINK("x")'))
    check("no cell in any sheet holds a formula", not book.any_formula())
    check("choice codes are text", is_text_cell(book.cell(main, "state", 2), "TX"))
    kid = book.cell("child", "child_name", 3)
    check("the repeat sheet has a row per instance", is_text_cell(kid, "Mia"))
    vd = book.cell("visit", "visit_date", 2)
    check("a date in a repeat is a date", is_date_cell(book, vd))
    check("the codebook lists dob", any(
        c[2] == "dob" for r, c in book.sheets["codebook"].items()))
    check("the choices sheet lists the state codes", any(
        c[2] == "TX" for r, c in book.sheets["choices"].items()))
    ox = openpyxl.load_workbook(path)
    ws = ox[main]
    check("the header row is frozen", ws.freeze_panes == "A2")
    check("the main sheet has an autofilter over its rows",
          ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
          and ws.auto_filter.ref.endswith("3"))
    check("the header row is bold", ws["A1"].font.b)
    widths = [d.width for d in ws.column_dimensions.values() if d.width]
    check("column widths are set between 8 and 62",
          widths and all(8 <= w <= 62 for w in widths))
    check("openpyxl reads the date as a date",
          hasattr(ws[book.column(main, "dob") + "2"].value, "year"))
    check("no confidential banner without confidential_if", not any(
        n.upper().startswith("CONFIDENTIAL") for n in book.order))

    # a text longer than Excel keeps in a cell is cut, at a character
    ldata = os.path.join(tmp, "long")
    longf = os.path.join(tmp, "long.csv")
    with open(longf, "w", encoding="utf-8") as f:
        f.write(text.replace('notes,"=HYPERLINK(""x"")"', "notes," + "é" * 40000))
    run(ldata, "replay", "example", longf)
    run(ldata, "export", "--xlsx", "example")
    lb = Book(os.path.join(ldata, "exports", "example.xlsx"))
    lc = lb.cell(lb.order[0], "notes", 2)
    check("a 40,000-character text is cut to 32,000 characters and ' [...]'",
          lc is not None and lc[2] == "é" * 32000 + " [...]")

    # ---- the same, redacted, with labels and split columns ----------------
    p = run(data, "export", "--xlsx", "--redact", "--labels", "--split", "example")
    rpath = os.path.join(data, "exports", "redacted", "example.xlsx")
    check("export --xlsx --redact --labels --split exits 0", p.returncode == 0)
    rb = Book(rpath)
    rmain = rb.order[0]
    check("redacted: no first_name column", rb.column(rmain, "first_name") is None)
    check("redacted: no name anywhere", not any(
        c[2] == "Rosa" for s in rb.sheets.values() for r, c in s.items()))
    check("labels: the state is its label", any(
        c[2] == "Texas" for r, c in rb.sheets[rmain].items()))
    split = [c[2] for r, c in rb.sheets[rmain].items()
             if r[len(r.rstrip("0123456789")):] == "1" and c[2]
             and c[2].startswith("languages__")]
    check("split: a column per option", len(split) >= 2)
    sc = rb.cell(rmain, split[0], 2) if split else None
    check("split: a 0/1 cell is a number", sc and sc[0] is None and sc[2] in ("0", "1"))

    # ---- a confidential screening intake: the banner ----------------------
    sdata = os.path.join(tmp, "scr")
    scr = os.path.join(tmp, "u.csv")
    shutil.copy(os.path.join(SRC, "tests", "personas", "base.csv"), scr)
    with open(scr, "a", encoding="utf-8") as f:
        f.write("dob,2004-05-01\nentry_date,2025-03-01\nlast_arrival,2025-03-01\n"
                "entry_manner,uninspected\ncrime_victim,yes\n"
                "crime_type,domestic_violence\nharm,substantial\nhelped_police,yes\n")
    run(sdata, "replay", "screening", scr)
    p = run(sdata, "export", "--xlsx", "screening")
    spath = os.path.join(sdata, "exports", "screening.xlsx")
    check("screening export --xlsx exits 0", p.returncode == 0)
    sb = Book(spath)
    uid = os.path.basename(os.listdir(os.path.join(sdata, "records"))[0])[:-4]
    check("a confidential intake adds the CONFIDENTIAL sheet", "CONFIDENTIAL" in sb.order)
    banner = sb.sheets.get("CONFIDENTIAL", {})
    check("the banner lists the confidential intake's id",
          any(c[2] == uid for r, c in banner.items()))
    sx = openpyxl.load_workbook(spath)
    check("the workbook opens on the banner", sx.active.title == "CONFIDENTIAL")
    p = run(sdata, "--lang", "es", "export", "--xlsx", "--lang", "es", "screening")
    sb = Book(spath)
    check("the banner in Spanish with --lang es", "CONFIDENCIAL" in sb.order)

    # a screening intake without VAWA, T or U: no banner
    ndata = os.path.join(tmp, "scr-n")
    plain = os.path.join(tmp, "n.csv")
    shutil.copy(os.path.join(SRC, "tests", "personas", "base.csv"), plain)
    with open(plain, "a", encoding="utf-8") as f:
        f.write("dob,1990-01-01\nentry_date,2015-03-01\n"
                "last_arrival,2015-03-01\nentry_manner,visa\n")
    run(ndata, "replay", "screening", plain)
    p = run(ndata, "export", "--xlsx", "screening")
    nb = Book(os.path.join(ndata, "exports", "screening.xlsx"))
    check("an intake that is not confidential: exit 0 and no banner",
          p.returncode == 0 and "CONFIDENTIAL" not in nb.order and
          nb.cell(nb.order[0], "_intake_id", 2) is not None)

    # ---- nothing half-written --------------------------------------------
    with open(spath, "rb") as f:
        before = f.read()
    rc = subprocess.run(["sh", "-c", 'ulimit -f 0; trap "" XFSZ; exec "$@"', "sh",
                         INTAKE, "--data", sdata, "export", "--xlsx", "screening"],
                        capture_output=True, text=True).returncode
    check("a full disk makes export --xlsx fail", rc != 0)
    with open(spath, "rb") as f:
        check("a full disk leaves the old workbook as it was", f.read() == before)
    check("a full disk leaves no temporary file", not [
        n for n in os.listdir(os.path.dirname(spath)) if ".tmp." in n])
except Exception as e:  # a crash is a failure, still reported as TAP
    check("the checks ran to the end (%s: %s)" % (type(e).__name__, e), False)
finally:
    shutil.rmtree(tmp)

print("1..%d" % len(results))
for i, (ok, desc) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, desc))
sys.exit(0 if all(ok for ok, _ in results) else 1)
