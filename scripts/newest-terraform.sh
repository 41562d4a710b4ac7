#!/usr/bin/env bash
# Prints the path of the newest Terraform CLI this machine has: the one on the
# PATH when it is at least the oldest version we support (this machine kind
# ships 1.11.x), else the 1.5.7 that scripts/install-tools.sh installs. Tests of
# features that need a newer CLI (import for_each 1.7, mock providers 1.7) skip
# themselves on an older one, so the newest CLI runs the most tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
oldest=$("$root/scripts/install-tools.sh" terraform)/terraform
if onpath=$(command -v terraform) && [ "$(readlink -f "$onpath")" != "$(readlink -f "$oldest")" ]; then
  json=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=$root/.tools/empty.tfrc "$onpath" version -json 2>/dev/null) || json=
  version=$(sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p' <<<"$json")
  if [ -n "$version" ] && [ "$(printf '%s\n1.5.7\n' "$version" | sort -V)" = "$(printf '1.5.7\n%s' "$version")" ]; then
    echo "$onpath"
    exit 0
  fi
fi
echo "$oldest"
