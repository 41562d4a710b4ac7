#!/usr/bin/env bash
# The demo: builds the provider and the emulator, starts the emulator on
# 127.0.0.1, runs a real `terraform apply` of examples/demo through a
# dev_overrides CLI config written here, shows the outputs, proves with
# `terraform plan -detailed-exitcode` that nothing drifts, then destroys and
# stops the emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The newest Terraform (examples/demo uses provider functions, Terraform 1.8+).
terraform=$(scripts/newest-terraform.sh)
work=$root/.demo
rm -rf "$work"
mkdir -p "$work/plugins" "$work/tf"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building the provider and the emulator"
scripts/dev-provider.sh "$work/plugins"
go build -o "$work/buckt-emulator" ./cmd/buckt-emulator

step "Starting the Buckt emulator (IAM propagation delay 5s)"
export BUCKT_API_KEY="demo-$RANDOM$RANDOM"
"$work/buckt-emulator" -listen 127.0.0.1:0 -iam-delay 5s -url-file "$work/url" &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true; wait $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
BUCKT_ENDPOINT=$(cat "$work/url")
export BUCKT_ENDPOINT

export TF_CLI_CONFIG_FILE=$work/plugins/terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp examples/demo/*.tf "$work/tf/"
cd "$work/tf"

step "Simulated AWS: four existing S3 buckets in account 111122223333"
curl -fsS -X POST "$BUCKT_ENDPOINT/_admin/s3-buckets" -H 'Content-Type: application/json' \
  -d '{"awsAccountId":"111122223333","names":["legacy-marketing","legacy-sales","logs-eu","logs-us"]}'
echo
export TF_VAR_emulator_url=$BUCKT_ENDPOINT

step "terraform apply: connect, write the policies, deploy the role, attach and validate it, import buckets"
"$terraform" apply -auto-approve -input=false

step "terraform output"
"$terraform" output

step "terraform plan -detailed-exitcode (must show no changes)"
set +e
"$terraform" plan -detailed-exitcode -input=false
plan_status=$?
set -e
if [ "$plan_status" -ne 0 ]; then
  echo "FAIL: the plan after apply is not empty (exit $plan_status)" >&2
  exit 1
fi
echo "No changes: state matches Buckt."

step "terraform destroy"
"$terraform" destroy -auto-approve -input=false
echo
echo "Demo finished: apply, empty plan, destroy."
