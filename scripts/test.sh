#!/usr/bin/env bash
# Runs every test: unit tests, and acceptance tests with the real Terraform CLI
# against the in-process emulator on 127.0.0.1 (or a real Buckt when
# BUCKT_ENDPOINT and BUCKT_API_KEY are set). Ends with the counts.
#
# The CLI is the newest Terraform we test with (scripts/newest-terraform.sh),
# or TF_ACC_TERRAFORM_PATH when set (Terraform or OpenTofu): .ci/run also runs
# the suite on Terraform 1.5.7, the machine's Terraform and OpenTofu that way.
# When BUCKT_TEST_SUMMARY names a file, a line with the CLI and the counts is
# appended to it. With BUCKT_TEST_NO_SKIPS=1 a skipped test fails the run: on
# the newest CLI every test must run. With BUCKT_EMULATOR_REWORD=1 the
# in-process emulator words every error message differently from its own (same
# status, type and code), so a test that matches a server's sentence fails;
# with BUCKT_EMULATOR_OFFSET_CURSORS=1 its list cursors are offsets (a walk
# skips an item deleted before it, repeats one created before it), and with
# BUCKT_EMULATOR_UNORDERED_IDS=1 new items land anywhere in its listings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=${TF_ACC_TERRAFORM_PATH:-$(scripts/newest-terraform.sh)}
# No pipe into head: a CLI that writes its version in two writes would get
# SIGPIPE once head exits, and pipefail would end this script silently.
cli=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$terraform" version)
cli=${cli%%$'\n'*}
echo "CLI for the acceptance tests: $cli ($terraform)"

# An empty CLI config (the machine's may point at a missing file, whose warning
# breaks the testing library's version parsing); /dev/null needs no file.
export TF_CLI_CONFIG_FILE=/dev/null
export TF_ACC=1 TF_ACC_TERRAFORM_PATH=$terraform CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
go test -race -count=1 -timeout 30m -v "${@:-./...}" 2>&1 | tee "$log" | grep -E '^(--- |ok |FAIL|panic)'
status=${PIPESTATUS[0]}
set -e

passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
acceptance=$(grep -cE '^--- PASS: TestAcc' "$log" || true)
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  echo "== failures =="
  grep -B2 -A30 -E '^\s*--- FAIL' "$log" | head -300 || true
fi
if [ -n "${BUCKT_TEST_NO_SKIPS:-}" ] && [ "$skipped" -gt 0 ]; then
  echo "== skipped on $cli, where every test must run (BUCKT_TEST_NO_SKIPS) =="
  grep -A1 -E '^\s*--- SKIP' "$log" || true
  status=1
fi
label=$cli
if [ -n "${BUCKT_EMULATOR_REWORD:-}" ]; then
  label="$label, emulator errors reworded"
fi
if [ -n "${BUCKT_EMULATOR_OFFSET_CURSORS:-}" ]; then
  label="$label, offset cursors"
fi
if [ -n "${BUCKT_EMULATOR_UNORDERED_IDS:-}" ]; then
  label="$label, unordered ids"
fi
summary="$label: $passed passed, $failed failed, $skipped skipped ($acceptance TestAcc* passed with the real CLI)"
echo "$summary"
if [ -n "${BUCKT_TEST_SUMMARY:-}" ]; then
  echo "$summary" >> "$BUCKT_TEST_SUMMARY"
fi
exit "$status"
