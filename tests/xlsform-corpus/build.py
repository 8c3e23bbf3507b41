#!/usr/bin/python3
"""Writes the corpus (forms.py) as .xlsx workbooks with openpyxl, one
NAME.answers.csv of generated answers per valid form (for `intake
replay`), and manifest.tsv.  Run from anywhere with Debian's python3 and
python3-openpyxl; the outputs are committed, so the tests need neither.

    /usr/bin/python3 tests/xlsform-corpus/build.py
"""
import csv
import io
import os
import re
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forms import FORMS  # noqa: E402
from docs_forms import CSV_FORMS, DOC_FORMS, DOCS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def md_sheets(md):
    """{sheet name as written: [rows of cells]} from a pyxform md table."""
    sheets, cur = {}, None
    for line in md.strip().splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0]:
            cur = cells[0]
            sheets.setdefault(cur, [])
            continue
        row = cells[1:]
        while row and row[-1] == "":
            row.pop()
        sheets[cur].append(row)
    return sheets


def rst_sheets(tables):
    """{sheet: rows} from reStructuredText csv-table blocks (docs_forms)."""
    sheets = {}
    for name, header, body in tables:
        lines = [ln[2:] if ln.startswith("  ") else ln
                 for ln in body.strip("\n").split("\n")]
        text = header + "\n" + "\n".join(lines)
        rows = []
        for r in csv.reader(io.StringIO(text), skipinitialspace=True):
            r = [c.strip() for c in r]
            while r and r[-1] == "":
                r.pop()
            rows.append(r)
        sheets[name] = rows
    return sheets


def csv_sheets(text):
    """{sheet: rows} from pyxform's CSV form format: a row naming the
    sheet in its first cell, then that sheet's rows one column right."""
    sheets, cur = {}, None
    for row in csv.reader(io.StringIO(text)):
        if row and row[0].strip():
            cur = row[0].strip()
            sheets.setdefault(cur, [])
            continue
        if cur is None:
            continue
        r = [c.strip() for c in row[1:]]
        while r and r[-1] == "":
            r.pop()
        sheets[cur].append(r)
    return sheets


def all_forms():
    """(file, sheets, pyxform, intake, repo, path, test, commit) of every
    form: pyxform's markdown tests, ODK's documentation, pyxform's CSV
    fixtures."""
    for form in FORMS:
        repo, path, test = form["src"]
        yield (form["file"], md_sheets(form["md"]), form["pyxform"],
               form["intake"], repo, path, test, "")
    for form in DOC_FORMS:
        path, commit = form["page"]
        yield (form["file"], rst_sheets(form["tables"]),
               form.get("pyxform", "valid"), form.get("intake", ""), DOCS,
               path, form["rubric"], commit)
    for form in CSV_FORMS:
        yield (form["file"], csv_sheets(form["csv"]),
               form.get("pyxform", "valid"), form.get("intake", ""),
               form["repo"], form["path"], "", form["commit"])


def cell_value(s):
    """Whole numbers as numbers, as a spreadsheet would store them."""
    if re.fullmatch(r"[1-9][0-9]{0,8}|0", s):
        return int(s)
    return s if s != "" else None


def write_xlsx(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                val = cell_value(v)
                if val is not None:
                    ws.cell(row=r, column=c, value=val)
    wb.save(path)


def header_map(rows):
    return [h.strip().lower() for h in rows[0]] if rows else []


def sheet(sheets, name):
    for k, v in sheets.items():
        if k.lower() == name:
            return v
    return []


def choices_of(sheets):
    rows = sheet(sheets, "choices")
    h = header_map(rows)
    out = {}
    li = next((i for i, x in enumerate(h) if x in ("list_name", "list name")), None)
    ni = next((i for i, x in enumerate(h) if x in ("name", "value")), None)
    if li is None or ni is None:
        return out
    for r in rows[1:]:
        if len(r) > max(li, ni) and r[li] and r[ni]:
            out.setdefault(r[li], []).append(r[ni])
    return out


SAMPLE = {
    "text": "abc", "string": "abc", "integer": "1", "int": "1",
    "decimal": "1.5", "date": "2024-01-02", "time": "10:30",
    "datetime": "2024-01-02 10:30", "barcode": "123456",
    "geopoint": "12.5 -86.25", "geotrace": "12.5 -86.25;12.6 -86.2",
    "geoshape": "12.5 -86.25;12.6 -86.2;12.7 -86.3;12.5 -86.25",
    "range": "1", "acknowledge": "OK", "trigger": "OK",
}


def answers(sheets):
    """name,value rows answering every input question once."""
    rows = sheet(sheets, "survey")
    h = header_map(rows)
    ti, nm = h.index("type") if "type" in h else None, None
    for alias in ("name", "value"):
        if alias in h:
            nm = h.index(alias)
            break
    lists = choices_of(sheets)
    stack, out = [], []
    # A name written in more than one row, inside a group or repeat other
    # than a repeat's own, is answered under its key "parent:name"
    # (README, "Names"); parents holds the enclosing groups' keys.
    uses = {}
    for r in rows[1:]:
        name = r[nm] if nm is not None and nm < len(r) else ""
        t = (r[ti] if ti is not None and ti < len(r) else "").lower()
        if name and not t.replace("_", " ").startswith("end "):
            uses[name] = uses.get(name, 0) + 1
    parents = []
    for r in rows[1:]:
        t = (r[ti] if ti is not None and ti < len(r) else "").strip()
        name = r[nm] if nm is not None and nm < len(r) else ""
        words = t.replace("_", " ").lower().split()
        low = " ".join(words)
        key = name
        if uses.get(name, 0) > 1 and parents and \
                not low.startswith("begin repeat"):
            key = parents[-1] + ":" + name
        if low.startswith("begin repeat"):
            stack.append(name + "[1]")
        if low.startswith(("begin group", "begin repeat")):
            parents.append(key)
            continue
        if low.startswith(("end group", "end repeat")):
            parents.pop()
            if low.startswith("end repeat"):
                stack.pop()
            continue
        if not words or not name:
            continue
        ro = h.index("read_only") if "read_only" in h else None
        if ro is not None and ro < len(r) and r[ro].lower() in ("yes", "true", "true()"):
            continue  # a read-only question cannot be answered
        path = "/".join(stack + [key])
        if words[0] == "select":
            lst = t.split()[1] if len(t.split()) > 1 else ""
            if low.startswith("select one from") or low.startswith(
                    "select all that apply from"):
                lst = t.split()[-1]
            opts = lists.get(lst, [])
            if opts:
                out.append((path, opts[0]))
        elif words[0] == "range":
            pi = h.index("parameters") if "parameters" in h else None
            params = r[pi] if pi is not None and pi < len(r) else ""
            m = re.search(r"start\s*=\s*([-0-9.]+)", params, re.I)
            out.append((path, m.group(1) if m else "0"))
        elif words[0] == "rank":
            opts = lists.get(t.split()[1], [])
            out.append((path, " ".join(opts)))
        elif t.lower() in SAMPLE:
            out.append((path, SAMPLE[t.lower()]))
    return out


def write_answers(path, rows):
    """NAME.answers.csv: the header name,value, then rows."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("name", "value"))
    w.writerows(rows)
    with open(path, "w") as f:
        f.write(buf.getvalue())


def write_manifest(path, rows):
    """A manifest: one tab-separated line per row, the header first."""
    with open(path, "w") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")


def write_extras(path):
    """A workbook for tests/cli/workbook.sh: typed cells (a date default,
    a boolean required), a blank row, an extra sheet to be ignored."""
    import datetime
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in (["type", "name", "label", "required", "default"],
                ["date", "visit", "Visit date", True, datetime.date(2024, 3, 14)],
                [],
                ["integer", "n", "How many?", False, 2]):
        ws.append(row)
    wb.create_sheet("notes").append(["Reviewed by the clinic, invented data"])
    st = wb.create_sheet("settings")
    st.append(["form_id", "version"])
    st.append(["extras", 2024031401])
    wb.save(path)


def main():
    manifest = [("file", "pyxform", "intake_says", "repository", "path",
                 "test", "commit")]
    n = 0
    for base, sheets, verdict, says, repo, path, test, commit in all_forms():
        n += 1
        write_xlsx(os.path.join(HERE, base + ".xlsx"), sheets)
        if verdict == "valid":
            write_answers(os.path.join(HERE, base + ".answers.csv"),
                          answers(sheets))
        manifest.append((base, verdict, says, repo, path, test, commit))
    write_extras(os.path.join(HERE, "..", "cli", "workbook-extras.xlsx"))
    write_manifest(os.path.join(HERE, "manifest.tsv"), manifest)
    print(f"{n} forms written to {HERE}")


if __name__ == "__main__":
    main()
