#!/usr/bin/env bash
# Prints a Terraform/OpenTofu CLI configuration that runs the provider binary in
# the directory $1 for buckt/buckt, on both registry hosts that address means
# (registry.terraform.io to Terraform, registry.opentofu.org to OpenTofu). With
# it no `init` is needed, and none is possible offline.
#
#   scripts/dev-overrides.sh DIR > terraformrc; export TF_CLI_CONFIG_FILE=$PWD/terraformrc
set -euo pipefail
dir=${1:?usage: dev-overrides.sh PLUGIN_DIR}
cat <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/buckt/buckt" = "$dir"
    "registry.opentofu.org/buckt/buckt" = "$dir"
  }
  direct {}
}
CFG
