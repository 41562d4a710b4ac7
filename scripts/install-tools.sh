#!/usr/bin/env bash
# Installs the tools the project builds and tests with, from the Go module proxy
# (nothing is downloaded from release sites), into a cache outside the work tree
# that later runs and fresh clones on this machine reuse, and links them into
# .tools/bin. Prints the bin directory.
#
#   scripts/install-tools.sh [terraform] [terraform-newest] [tofu] [golangci-lint] [goreleaser]
#
# terraform is the oldest CLI we support (1.5.7), linked as .tools/bin/terraform;
# terraform-newest the newest release (1.16.3), linked as .tools/bin/terraform-newest;
# tofu the newest OpenTofu (1.12.6).
set -euo pipefail

TERRAFORM_VERSION=1.5.7
TERRAFORM_NEWEST_VERSION=1.16.3
GOLANGCI_LINT_VERSION=2.15.0
GORELEASER_VERSION=2.16.0
OPENTOFU_VERSION=1.12.6

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BUCKT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-buckt}
bin=$root/.tools/bin
mkdir -p "$bin"

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
    module=$(module_dir "github.com/opentofu/opentofu@v$OPENTOFU_VERSION")
    mkdir -p "$dir"
    (cd "$module" && GOFLAGS=-mod=mod go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$dir/tofu" ./cmd/tofu) >&2
  fi
  ln -sf "$dir/tofu" "$bin/tofu"
}

# module_dir MODULE@VERSION: downloads a module from the Go module proxy and
# prints the directory it was unpacked into (read-only, in the module cache).
module_dir() {
  GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# The remote-state backends that Terraform >= 1.12 keeps in nested modules: its
# go.mod replaces them (and internal/legacy, which only they use) with paths the
# module zip leaves out, so `go install` fails. The test CLI is built without
# them; local state and everything a provider touches are unchanged.
NESTED_BACKENDS="azure consul cos gcs kubernetes oci oss pg s3"

# install_terraform_newest: copy Terraform's module to a writable directory,
# cut the nested backends out of internal/backend/init/init.go and go.mod, build.
install_terraform_newest() {
  local dir=$cache/terraform-$TERRAFORM_NEWEST_VERSION
  if [ ! -x "$dir/terraform" ]; then
    echo "installing terraform $TERRAFORM_NEWEST_VERSION (built from its module without the nested remote-state backends; about 5 minutes) ..." >&2
    local module src
    module=$(module_dir "github.com/hashicorp/terraform@v$TERRAFORM_NEWEST_VERSION")
    src=$(mktemp -d)
    cp -r "$module/." "$src"
    chmod -R u+w "$src"
    local init=$src/internal/backend/init/init.go backend alias
    for backend in $NESTED_BACKENDS; do
      alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9]*\) \"github.com/hashicorp/terraform/internal/backend/remote-state/$backend\"\$|\1|p" "$init")
      [ -n "$alias" ] || { echo "install-tools: no import of the $backend backend in $init" >&2; exit 1; }
      sed -i "/remote-state\/$backend\"\$/d; /[[:space:]]$alias\.New()/d" "$init"
      sed -i "/internal\/backend\/remote-state\/$backend /d" "$src/go.mod"
    done
    sed -i '/github.com\/hashicorp\/terraform\/internal\/legacy /d' "$src/go.mod"
    mkdir -p "$dir"
    (cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$dir/terraform" .) >&2
    rm -rf "$src"
  fi
  ln -sf "$dir/terraform" "$bin/terraform-newest"
}

for tool in "${@:-terraform}"; do
  case $tool in
    terraform) install terraform "$TERRAFORM_VERSION" github.com/hashicorp/terraform ;;
    terraform-newest) install_terraform_newest ;;
    tofu) install_tofu ;;
    golangci-lint) install golangci-lint "$GOLANGCI_LINT_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint ;;
    goreleaser) install goreleaser "$GORELEASER_VERSION" github.com/goreleaser/goreleaser/v2 ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
done
echo "$bin"
