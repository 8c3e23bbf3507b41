#!/bin/sh
# The drafts index (drafts/.index, src/draft_index.c): `intake drafts`
# lists the same drafts with or without it; it serves a draft's metadata
# only while the draft's file is unchanged; it is not rewritten when
# nothing changed; a damaged index is rebuilt, a gone draft dropped, a
# draft changed in the last two seconds left out of it.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
d=$tmp/data
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
drafts() { "$intake" --data "$d" drafts; }
# inode and mtime of the index, to tell whether it was rewritten
stamp() { stat -c '%i %Y.%y' "$d/drafts/.index"; }
echo "1..14"

for who in 'Ana\nLópez' 'Luis\nPérez' 'Rosa\nDíaz'; do
	printf "$who\\n/quit\\n" | INTAKE_NOW=2026-11-22T10:00:00-06:00 \
		"$intake" --data "$d" --interviewer Vol --plain example >/dev/null 2>&1
done
drafts >"$tmp/fresh.txt"
check "a listing of drafts changed within two seconds leaves them out of the index" \
	grep -qx 'end,0' "$d/drafts/.index"
sleep 3
drafts >"$tmp/first.txt"
check "the three drafts are listed" test "$(grep -c ' example ' "$tmp/first.txt")" -eq 3
check "the index holds the three drafts" grep -qx 'end,3' "$d/drafts/.index"
check "the index is private (0600)" test "$(stat -c %a "$d/drafts/.index")" = 600
check "the listing is the same as without an index" cmp "$tmp/fresh.txt" "$tmp/first.txt"
before=$(stamp)
drafts >"$tmp/second.txt"
check "a second listing is the same" cmp "$tmp/first.txt" "$tmp/second.txt"
check "nothing changed: the index is not rewritten" test "$(stamp)" = "$before"

# the index is what is read: a name changed in it shows
sed -i 's/,Luis Pérez,/,Forged Name,/' "$d/drafts/.index"
drafts >"$tmp/l"
check "an unchanged draft is listed from the index" grep -q 'Forged Name' "$tmp/l"
# ... but never for a draft whose file changed since
luis=$(grep -l '^meta:instance_name,Luis Pérez' "$d"/drafts/*.csv)
sed -i 's/^meta:progress,\([0-9]*\),/meta:progress,\1,/' "$luis" # a new inode, same bytes
drafts >"$tmp/l"
check "a draft whose file changed is read again" grep -q 'Luis Pérez' "$tmp/l"
check "... and the stale entry is not shown" sh -c "! grep -q 'Forged Name' '$tmp/l'"

# a damaged index is rebuilt
cp "$tmp/l" "$tmp/expect.txt"
head -c 200 "$d/drafts/.index" >"$tmp/half" && cat "$tmp/half" >"$d/drafts/.index"
drafts >"$tmp/l"
check "a cut index: the listing is still right" cmp "$tmp/expect.txt" "$tmp/l"
sleep 3
drafts >/dev/null
check "a cut index is rebuilt" grep -qx 'end,3' "$d/drafts/.index"

# a removed draft is dropped from the listing and the index
rm "$luis"
drafts >"$tmp/l"
check "a removed draft is not listed" sh -c "! grep -q 'Luis' '$tmp/l' && grep -q 'Ana López' '$tmp/l'"
check "a removed draft leaves the index" grep -qx 'end,2' "$d/drafts/.index"

[ "$failed" -eq 0 ]
