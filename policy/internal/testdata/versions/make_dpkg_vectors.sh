#!/bin/bash
# Regenerates dpkg.txt from the machine's own dpkg, the reference for Debian ordering:
# every pair of dpkg_pairs.txt ordered by `dpkg --compare-versions`, and every line of
# dpkg_candidates.txt classified by `dpkg --validate-version`: "ok" (accepted), "warn"
# (accepted with a warning, exit status 1) or "!" (rejected with an error, exit status 2).
# Usage: bash make_dpkg_vectors.sh > dpkg.txt
set -euo pipefail
cd "$(dirname "$0")"

# dpkg's verdict on one version: 0 accepted, 1 accepted with a warning, 2 rejected.
validity() {
  local rc=0
  dpkg --validate-version -- "$1" 2>/dev/null || rc=$?
  echo "$rc"
}

echo "# Debian version ordering as dpkg $(dpkg-query -W -f='${Version}' dpkg) orders it on $(dpkg --print-architecture) (make_dpkg_vectors.sh):"
echo "# \"a <op> b\" from \`dpkg --compare-versions\`; \"ok v\", \"warn v\" (dpkg accepts it with a"
echo "# warning) and \"! v\" (dpkg rejects it) from \`dpkg --validate-version\`."
echo "# Facts of dpkg's behaviour; dpkg is GPL-2.0-or-later, no dpkg text is copied."
while read -r a b; do
  for v in "$a" "$b"; do
    if [ "$(validity "$v")" -gt 1 ]; then echo "dpkg rejects '$v' in dpkg_pairs.txt" >&2; exit 1; fi
  done
  if dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; then op='<'
  elif dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then op='='
  else op='>'; fi
  echo "$a $op $b"
done < dpkg_pairs.txt
while IFS= read -r v; do
  case "$(validity "$v")" in
    0) echo "ok $v" ;;
    1) echo "warn $v" ;;
    *) echo "! $v" ;;
  esac
done < dpkg_candidates.txt
