#!/bin/bash
# Regenerates dpkg.txt from the machine's own dpkg, the reference for Debian ordering:
# every pair of dpkg_pairs.txt classified by `dpkg --compare-versions`, and every
# line of dpkg_invalid_candidates.txt that `dpkg --validate-version` rejects.
# Usage: bash make_dpkg_vectors.sh > dpkg.txt
set -euo pipefail
cd "$(dirname "$0")"
echo "# Debian version ordering as dpkg $(dpkg-query -W -f='${Version}' dpkg) orders it (make_dpkg_vectors.sh):"
echo "# \"a <op> b\" from \`dpkg --compare-versions\`, \"! v\" for a version dpkg rejects."
echo "# Facts of dpkg's behaviour; dpkg is GPL-2.0-or-later, no dpkg text is copied."
while read -r a b; do
  if dpkg --compare-versions "$a" lt "$b"; then op='<'
  elif dpkg --compare-versions "$a" eq "$b"; then op='='
  else op='>'; fi
  echo "$a $op $b"
done < dpkg_pairs.txt
while IFS= read -r v; do
  if ! dpkg --validate-version "$v" 2>/dev/null; then echo "! $v"; fi
done < dpkg_invalid_candidates.txt
