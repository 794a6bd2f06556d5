#!/bin/sh
# The translations are complete: every language in po/LINGUAS has a valid .po
# that translates every message of the current sources (a fresh template, not
# a stale .pot), with no fuzzy entry, and every source file with translatable
# strings is listed in po/POTFILES.in. TAP output.
source=${CLIENTELE_SOURCE_ROOT:?}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$source" || exit 1
failed=0
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
comment () { sed 's/^/# /'; }

languages=$(sed 's/#.*//' po/LINGUAS)
echo "1..$((2 + 2 * $(echo "$languages" | wc -w)))"

# A gettext call is _(", N_(", C_(", NC_(" not preceded by an identifier
# character (so a comment naming N_ or a G_N_ELEMENTS( does not count), or a
# plural call; the desktop and AppStream files are always translatable.
listed="$scratch/listed"
sed 's/#.*//; /^[[:space:]]*$/d' po/POTFILES.in > "$listed"
missing=$( { grep -rlE '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\( ?"|ngettext|translatable="yes"' src ui \
               --include='*.c' --include='*.h' --include='*.ui'
             ls data/*.desktop.in data/*.metainfo.xml.in 2>/dev/null; } |
           sort -u | while read -r file; do grep -qxF "$file" "$listed" || echo "$file"; done)
if [ -z "$missing" ]; then
  ok "POTFILES.in lists every file with translatable strings"
else
  not_ok "files with translatable strings missing from POTFILES.in: $(echo $missing)"
fi

# The same extraction as meson's glib preset (po/meson.build), into a scratch
# folder so that the source tree is not touched. xgettext reads .ui (Glade),
# .desktop and AppStream files through its own ITS rules.
pot="$scratch/clientele.pot"
if xgettext --from-code=UTF-8 --add-comments --package-name=clientele \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --keyword=ngettext:1,2 \
     --files-from="$listed" --output="$pot" 2> "$scratch/xgettext.log" && [ -s "$pot" ]; then
  ok "a fresh template is extracted from the sources ($(grep -c '^msgid ' "$pot") messages)"
else
  not_ok "xgettext failed"
  comment < "$scratch/xgettext.log"
fi

for lang in $languages; do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    not_ok "$lang: $po is missing"
    not_ok "$lang: cannot check completeness without $po"
    continue
  fi

  # The file as it is: valid, nothing untranslated, nothing fuzzy.
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  if [ $? -eq 0 ] && echo "$stats" | grep -qE '^[1-9][0-9]* translated' &&
     ! echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    ok "$lang: $po is valid and fully translated ($(echo "$stats" | tail -1))"
  else
    not_ok "$lang: $po"
    echo "$stats" | comment
  fi

  # Against the current sources: merged without fuzzy matching, a new or
  # changed message shows up as untranslated. Obsolete (#~) entries do not count.
  merged="$scratch/$lang.po"
  if ! msgmerge --quiet --no-fuzzy-matching "$po" "$pot" -o "$merged" 2> "$scratch/msgmerge.log"; then
    not_ok "$lang: $po cannot be merged with the current template"
    comment < "$scratch/msgmerge.log"
    continue
  fi
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$merged" 2>&1 | tail -1)
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    not_ok "$lang: not complete against the current sources: $stats"
    msgattrib --untranslated --no-obsolete --no-wrap "$merged" 2>/dev/null |
      grep '^msgid "..*"' | head -20 | comment
  else
    ok "$lang: complete against the current sources ($stats)"
  fi
done
exit $failed
