#!/usr/bin/env bash
# Builds the provider of this work tree into the directory $1 and writes
# $1/terraformrc, a Terraform/OpenTofu CLI configuration whose dev_overrides run
# that build for buckt/buckt on both registry hosts the address means
# (registry.terraform.io to Terraform, registry.opentofu.org to OpenTofu). With
# it no `init` is needed, and none is possible offline.
#
#   scripts/dev-provider.sh DIR && export TF_CLI_CONFIG_FILE=DIR/terraformrc
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "${1:?usage: dev-provider.sh PLUGIN_DIR}"
dir=$(cd "$1" && pwd)
go -C "$root" build -o "$dir/terraform-provider-buckt" .
cat > "$dir/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/buckt/buckt" = "$dir"
    "registry.opentofu.org/buckt/buckt" = "$dir"
  }
  direct {}
}
CFG
