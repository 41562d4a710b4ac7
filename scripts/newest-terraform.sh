#!/usr/bin/env bash
# Prints the path of the newest Terraform CLI we test with: the release that
# scripts/install-tools.sh builds as terraform-newest (1.16.3; built once, about
# 5 minutes, then cached). Tests of features that need a newer CLI than the one
# they run on (identity 1.12, list resources and actions 1.14) skip themselves
# there, so this one runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
echo "$("$root/scripts/install-tools.sh" terraform-newest)/terraform-newest"
