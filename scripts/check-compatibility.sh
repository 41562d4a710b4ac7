#!/usr/bin/env bash
# Keeps the README's compatibility table true: every CLI that scripts/test.sh
# ran (the lines it appended to the summary file $1, "Terraform v1.5.7: ...")
# must have a row "| Terraform | 1.5.7 ... |" whose version matches it (a row
# "1.11.x" matches any 1.11 release). Rows for a CLI this machine did not run
# are reported, not failed: a machine without that CLI cannot check them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
summary=${1:?usage: check-compatibility.sh SUMMARY_FILE}
rows=$(sed -n '/^## Compatibility/,/^## /p' "$root/README.md" | grep -E '^\| *(Terraform|OpenTofu) *\|' || true)
if [ -z "$rows" ]; then
  echo "README.md has no compatibility table (## Compatibility, rows | Terraform | 1.5.7 | ...)" >&2
  exit 1
fi
status=0
ran=()
while IFS= read -r line; do
  name=${line%% v*}
  version=$(sed -E 's/^[A-Za-z]+ v([0-9]+\.[0-9]+\.[0-9]+).*/\1/' <<<"$line")
  ran+=("$name $version")
  minor=${version%.*}
  if grep -qE "^\| *$name *\| *($version|${minor//./\\.}\.x)( |\|)" <<<"$rows"; then
    echo "README lists $name $version: $line"
  else
    echo "README.md's compatibility table has no row for $name $version (tested here: $line)" >&2
    status=1
  fi
done < "$summary"
while IFS= read -r row; do
  name=$(awk -F'|' '{gsub(/ /, "", $2); print $2}' <<<"$row")
  version=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<<"$row")
  pattern="^$name ${version//./\\.}$"
  pattern=${pattern//\\.x/\\.[0-9]+}
  if ! printf '%s\n' "${ran[@]}" | grep -qE "$pattern"; then
    echo "note: README row $name $version was not run on this machine" >&2
  fi
done <<<"$rows"
exit "$status"
