#!/bin/sh
# test-sealed-store.sh: SQL lives in the store's files only (see
# src/core/clientele-store.h). Fails when a source file of src/ other than
# src/core/clientele-store*.c includes sqlite3.h, calls SQLite or names the
# raw connection, or when a public header (every header but the store's
# private one) includes sqlite3.h. TAP output.
root="${CLIENTELE_SOURCE_ROOT:?}"
cd "$root" || exit 1
n=0
failed=0

check () {
  n=$((n + 1))
  if [ -z "$2" ]; then
    echo "ok $n - $1"
  else
    failed=1
    echo "not ok $n - $1: $(echo $2)"
  fi
}

outside=$(find src -name '*.c' -o -name '*.h' | grep -v '^src/core/clientele-store' | sort)
check "no sqlite3.h outside the store's files" \
  "$(grep -lE '#include +<sqlite3\.h>' $outside)"
check "no SQLite call outside the store's files" \
  "$(grep -lE '\bsqlite3_[a-z_0-9]+ *\(' $outside)"
check "no raw connection outside the store's files" \
  "$(grep -lE 'get_handle|_clientele_store_get_db' $outside)"
# The store's internal headers: its struct and helpers, and the search
# builder's, which hands it a connection.
internal='clientele-store-private\.h|clientele-store-search-builder\.h'
check "no public header includes sqlite3.h" \
  "$(grep -lE '#include +<sqlite3\.h>' $(find src -name '*.h' | grep -vE "$internal"))"
check "the store's internal headers are included by store files only" \
  "$(grep -lE "#include +\"($internal)\"" $(find src -name '*.c' -o -name '*.h') | grep -v '^src/core/clientele-store')"
echo "1..$n"
exit $failed
