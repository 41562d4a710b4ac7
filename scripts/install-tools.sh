#!/usr/bin/env bash
# Installs the tools the project builds and tests with, from the Go module proxy
# (nothing is downloaded from release sites), into a cache outside the work tree
# that later runs and fresh clones on this machine reuse, and links them into
# .tools/bin. Prints the bin directory.
#
#   scripts/install-tools.sh [terraform] [tofu] [golangci-lint] [goreleaser]
set -euo pipefail

TERRAFORM_VERSION=1.5.7
GOLANGCI_LINT_VERSION=2.15.0
GORELEASER_VERSION=2.16.0
OPENTOFU_VERSION=1.10.6

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BUCKT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-buckt}
bin=$root/.tools/bin
mkdir -p "$bin"
# An empty Terraform CLI config for tests and docs: the machine may export
# TF_CLI_CONFIG_FILE pointing at a missing file.
: > "$root/.tools/empty.tfrc"

# install NAME VERSION PACKAGE: go install PACKAGE@vVERSION once per version.
install() {
  local name=$1 version=$2 pkg=$3
  local dir=$cache/$name-$version
  if [ ! -x "$dir/$name" ]; then
    echo "installing $name $version (go install $pkg@v$version) ..." >&2
    mkdir -p "$dir"
    GOBIN=$dir GOFLAGS=-mod=mod go install "$pkg@v$version" >&2
  fi
  ln -sf "$dir/$name" "$bin/$name"
}

# install_tofu: OpenTofu's module has a replace directive, which go install
# refuses; download the module and build its CLI inside it instead.
install_tofu() {
  local dir=$cache/tofu-$OPENTOFU_VERSION
  if [ ! -x "$dir/tofu" ]; then
    echo "installing tofu $OPENTOFU_VERSION (go mod download, go build ./cmd/tofu) ..." >&2
    local module
    module=$(GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    mkdir -p "$dir"
    (cd "$module" && GOFLAGS=-mod=mod go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$dir/tofu" ./cmd/tofu) >&2
  fi
  ln -sf "$dir/tofu" "$bin/tofu"
}

for tool in "${@:-terraform}"; do
  case $tool in
    terraform) install terraform "$TERRAFORM_VERSION" github.com/hashicorp/terraform ;;
    tofu) install_tofu ;;
    golangci-lint) install golangci-lint "$GOLANGCI_LINT_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint ;;
    goreleaser) install goreleaser "$GORELEASER_VERSION" github.com/goreleaser/goreleaser/v2 ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
done
echo "$bin"
