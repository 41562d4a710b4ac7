#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs (pinned in go.mod) from the schema,
# templates/ and examples/, offline: it needs terraform on PATH and no
# --tf-version (both of which would download). `scripts/docs.sh validate` checks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=$(scripts/install-tools.sh terraform)
export PATH=$bin:$PATH TF_CLI_CONFIG_FILE=$root/.tools/empty.tfrc CHECKPOINT_DISABLE=1
case ${1:-generate} in
  generate) go tool tfplugindocs generate --provider-name buckt ;;
  validate) go tool tfplugindocs validate --provider-name buckt ;;
  *) echo "usage: $0 [generate|validate]" >&2; exit 2 ;;
esac
