#!/usr/bin/env python3
"""Keystrokes a volunteer types for one whole screening, before and after
issue 9, counted from the exported row of a replayed intake.

usage: keystrokes.py FORM_DIR EXPORT.csv [EDITS]

Each answered question counts as typed by the fastest way each interviewer
offers (run by hand, not a test; the method is in README "Performance"):
  select_one, option i of n   before: Enter alone for option 1 (the default
                              that recorded answers nobody gave), digit +
                              Enter for 2-9, else the first letter pressed
                              until the option comes up (or arrows) + Enter
                              after: the digits of i + Enter
  select_multiple             each option as above without the Enter, + Enter
  text, numbers               the characters + Enter; a shown default kept is
                              Enter; replacing one: before Backspace over it
                              first, after typing replaces it
  date                        8 digits + Enter (both)
  don't know / refused        one key (both)
  "Add another?"              before: Enter for yes, Down Enter for no;
                              after: 1 or 2 + Enter
EDITS (default 1) answers are corrected from review at the first third of
the intake: before, Enter walks through every later question to the end
again; after, Enter returns to review and Esc to the end.
Notes (Enter to go on) are the same in both and left out.
"""
import csv, sys

def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.reader(f))

def load(form):
    survey = read_csv(form + '/survey.csv')
    h = {n: i for i, n in enumerate(survey[0])}
    lists = {}
    for r in read_csv(form + '/choices.csv')[1:]:
        if r and r[0]:
            lists.setdefault(r[0], []).append((r[1], r[2] if len(r) > 2 else r[1]))
    return survey[1:], h, lists

def pick_before(i, labels):
    if i == 1:
        return 1
    if i <= 9:
        return 2
    first = labels[i - 1][:1].lower()
    presses = sum(1 for l in labels[:i] if l[:1].lower() == first)
    return min(presses, i - 1) + 1

def main():
    form, export = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rows, h, lists = load(form)
    exp = read_csv(export)
    row = dict(zip(exp[0], exp[1]))
    before = after = asked = 0
    for r in rows:
        t, name = r[h['type']].split(), r[h['name']]
        calc = h.get('calculation') is not None and r[h['calculation']]
        if not t or calc or name not in row or row[name] == '':
            continue
        v, kind = row[name], t[0]
        if kind in ('calculate', 'note', 'hidden', 'start', 'end', 'today',
                    'deviceid', 'username', 'begin_group', 'end_group',
                    'begin_repeat', 'end_repeat'):
            continue
        asked += 1
        if v in ('dont_know', 'refused'):
            before += 1; after += 1
        elif kind == 'select_one':
            codes = [c for c, _ in lists.get(t[1], [])]
            labels = [l for _, l in lists.get(t[1], [])]
            i = codes.index(v) + 1 if v in codes else 1
            before += pick_before(i, labels); after += len(str(i)) + 1
        elif kind == 'select_multiple':
            codes = [c for c, _ in lists.get(t[1], [])]
            labels = [l for _, l in lists.get(t[1], [])]
            for c in v.split():
                i = codes.index(c) + 1 if c in codes else 1
                before += max(pick_before(i, labels) - 1, 1); after += len(str(i))
            before += 1; after += 1
        elif kind == 'date':
            before += 9; after += 9
        else:
            d = r[h['default']] if 'default' in h else ''
            if d and v == d:
                before += 1; after += 1
            else:
                before += len(v) + 1 + (len(d) if d and '$' not in d else 0)
                after += len(v) + 1
    later = asked - asked // 3
    before += edits * (1 + asked // 3 + 1 + 2 + later)   # F3, arrows, Enter, answer, walk back
    after += edits * (1 + asked // 3 + 1 + 2 + 1)        # F3, arrows, Enter, answer, Esc
    print(f"questions answered: {asked}")
    print(f"keystrokes before: {before}")
    print(f"keystrokes after:  {after}")

main()
