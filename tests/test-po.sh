#!/bin/sh
# The translations are complete: every language in po/LINGUAS translates every
# message of the current sources (a fresh template, not a stale .pot), with no
# fuzzy entry, and every source file with translatable strings is listed in
# po/POTFILES.in. TAP output.
source=${CLIENTELE_SOURCE_ROOT:?}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$source" || exit 1
failed=0
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }

languages=$(grep -v '^#' po/LINGUAS)
echo "1..$((2 + $(echo "$languages" | wc -w)))"

missing=$(grep -rlE '_\(|N_\(|ngettext|translatable="yes"' src ui data \
            --include='*.c' --include='*.ui' --include='*.in' |
          while read -r file; do grep -qxF "$file" po/POTFILES.in || echo "$file"; done)
if [ -z "$missing" ]; then ok "POTFILES.in lists every file with translatable strings"
else not_ok "files missing from POTFILES.in: $missing"; fi

grep -v '^#' po/POTFILES.in | grep -v '^$' > "$scratch/files"
if xgettext --from-code=UTF-8 --add-comments=TRANSLATORS --package-name=clientele \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
     --files-from="$scratch/files" --output="$scratch/clientele.pot" 2> "$scratch/xgettext.log"; then
  ok "a fresh template is extracted from the sources"
else
  not_ok "xgettext failed"; sed 's/^/# /' "$scratch/xgettext.log"
fi

for lang in $languages; do
  merged="$scratch/$lang.po"
  if ! msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$scratch/clientele.pot" -o "$merged" 2>/dev/null; then
    not_ok "$lang: po/$lang.po cannot be merged"; continue
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$merged" 2>&1)
  # Obsolete entries (#~) do not count; untranslated or fuzzy ones do.
  if echo "$stats" | grep -qE 'untranslated|fuzzy' || ! msgfmt --check -o /dev/null "po/$lang.po" 2>/dev/null; then
    not_ok "$lang: $stats"
    msgattrib --untranslated --no-obsolete "$merged" 2>/dev/null | grep '^msgid' | head -20 | sed 's/^/# /'
  else
    ok "$lang: $stats"
  fi
done
exit $failed
