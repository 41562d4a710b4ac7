#!/usr/bin/env bash
# Checks examples/: `terraform fmt -check` over all of them (.tftest.hcl and
# .tfquery.hcl too), and `terraform validate -query` of every example that uses
# only this provider,
# against the provider built from this tree through a dev_overrides CLI config
# (no init, offline).
# Examples that need the aws provider are formatted but not validated: it cannot
# be installed offline here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The newest CLI: examples show features of Terraform 1.7+ (import for_each).
terraform=$(scripts/newest-terraform.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1
echo "terraform fmt -check -recursive examples/"
"$terraform" fmt -check -recursive -diff examples/

scripts/dev-provider.sh "$work/plugins"
export TF_CLI_CONFIG_FILE=$work/plugins/terraformrc

validated=0 skipped=0
for dir in $(find examples -name '*.tf' -o -name '*.tfquery.hcl' | xargs -n1 dirname | sort -u); do
  if cat "$dir"/*.tf 2>/dev/null | grep -qE 'hashicorp/aws|resource "aws_|aws_iam_role\.'; then
    echo "skip     $dir (uses the aws provider)"
    skipped=$((skipped + 1))
    continue
  fi
  # import-by-*.tf are alternative ways to import the same resource: each is
  # validated with the other files, never together with another.
  imports=$(find "$dir" -maxdepth 1 -name 'import-by-*.tf' | sort)
  for variant in ${imports:-none}; do
    copy=$work/$(echo "$dir" | tr / _)$(basename "$variant" .tf)
    mkdir -p "$copy"
    find "$dir" -maxdepth 1 \( -name '*.tf' -o -name '*.tfquery.hcl' \) ! -name 'import-by-*.tf' -exec cp {} "$copy/" \;
    [ "$variant" = none ] || cp "$variant" "$copy/"
    if ! cat "$copy"/*.tf 2>/dev/null | grep -q required_providers; then
      printf 'terraform {\n  required_providers {\n    buckt = {\n      source = "buckt/buckt"\n    }\n  }\n}\n' > "$copy/zz_providers.tf"
    fi
    if ! out=$(cd "$copy" && "$terraform" validate -query -no-color 2>&1); then
      echo "FAIL     $dir ${variant#none}"
      echo "$out" | grep -v -i 'dev_overrides\|development overrides\|^$\|released version\|incompatible with\|published releases\|buckt/buckt in\|following provider\|configuration:' >&2
      exit 1
    fi
  done
  echo "valid    $dir"
  validated=$((validated + 1))
done
echo "examples: $validated validated, $skipped skipped (aws provider)"
