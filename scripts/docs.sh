#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs (pinned in go.mod) from the schema,
# templates/ and examples/, offline: it needs terraform on PATH and no
# --tf-version (which would download). `scripts/docs.sh validate` checks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The newest CLI: Terraform 1.5 reports no provider functions in its schema.
terraform=$(scripts/newest-terraform.sh)
export PATH=$(dirname "$terraform"):$PATH TF_CLI_CONFIG_FILE=$root/.tools/empty.tfrc CHECKPOINT_DISABLE=1
case ${1:-generate} in
  generate)
    go tool tfplugindocs generate --provider-name buckt
    if [ -z "$(ls docs/functions 2>/dev/null)" ] && git ls-files --error-unmatch docs/functions >/dev/null 2>&1; then
      echo "warning: $("$terraform" version | head -1) reports no provider functions (1.8+): docs/functions/ kept as committed" >&2
      git checkout -- docs/functions
    fi
    ;;
  validate) go tool tfplugindocs validate --provider-name buckt ;;
  *) echo "usage: $0 [generate|validate]" >&2; exit 2 ;;
esac
