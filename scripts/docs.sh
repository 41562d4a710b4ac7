#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs (pinned in go.mod) from the schema,
# templates/ and examples/, offline: it needs terraform on PATH and no
# --tf-version (which would download). `scripts/docs.sh validate` checks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The newest CLI, as `terraform` on the PATH: only Terraform 1.14+ reports
# every kind of schema the docs cover (functions 1.8, identities 1.12, list
# resources and actions 1.14). An older one fails here rather than leave docs
# of a kind it cannot see stale.
newest=$(scripts/newest-terraform.sh)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$newest" "$bin/terraform"
export PATH=$bin:$PATH TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1
version=$(terraform version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p')
if [ "$(printf '%s\n1.14.0\n' "$version" | sort -V | head -1)" != 1.14.0 ]; then
  echo "docs.sh: Terraform $version at $newest cannot report list resources and actions (1.14+)" >&2
  exit 1
fi
case ${1:-generate} in
  generate) go tool tfplugindocs generate --provider-name buckt ;;
  validate) go tool tfplugindocs validate --provider-name buckt ;;
  *) echo "usage: $0 [generate|validate]" >&2; exit 2 ;;
esac
