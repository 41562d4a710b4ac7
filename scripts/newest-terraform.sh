#!/usr/bin/env bash
# Prints the path of the newest Terraform CLI available, to run every test on
# (tests of features that need a newer CLI than the one they run on, such as
# identity 1.12, list resources and actions 1.14, skip themselves there):
#   1. `terraform` on the PATH, when it is at least the newest release we test
#      with (TERRAFORM_NEWEST_VERSION in scripts/install-tools.sh, 1.16.3):
#      nothing is installed;
#   2. else that release, as scripts/install-tools.sh terraform-newest builds it
#      (built once, about 5 minutes, then cached), which is newer than the
#      PATH's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
newest=$(sed -n 's/^TERRAFORM_NEWEST_VERSION=//p' "$root/scripts/install-tools.sh")

if on_path=$(command -v terraform); then
  json=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$on_path" version -json 2>/dev/null || true)
  version=$(sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p' <<<"$json")
  # No pipe into head: it could end sort with SIGPIPE, and pipefail this script.
  lowest=$(printf '%s\n%s\n' "$newest" "$version" | sort -V)
  if [ -n "$version" ] && [ "${lowest%%$'\n'*}" = "$newest" ]; then
    echo "$on_path"
    exit 0
  fi
fi
echo "$("$root/scripts/install-tools.sh" terraform-newest)/terraform-newest"
