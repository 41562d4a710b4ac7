#!/usr/bin/env bash
# Runs the acceptance tests the way they run against a real Buckt: the Buckt
# is buckt-emulator started as its own process (the tests cannot reach into
# it), and the AWS side is a test account prepared once, as a real one would
# be (scripts/external-buckt-fixtures.json, loaded by the emulator's -fixtures),
# named by BUCKT_ACC_ROLE_ARN and BUCKT_ACC_BUCKETS: one IAM role whose
# trust policy allows Buckt's principal with StringLike sts:ExternalId
# "ext_*", and S3 buckets in its account. Tests that only the in-process
# emulator can run (injected faults, IAM delays, out-of-band changes, request
# counts) skip and say why. Fails unless at least $MIN_PASSED TestAcc* pass
# and none fails, and unless the Buckt lists no connection and no bucket once
# they are done. Then plants leftovers and runs the sweepers twice. The whole
# test log is kept in .tools/external-test.log.
#
# Against a real Buckt instead, skip this script and run
#   BUCKT_ENDPOINT=... BUCKT_API_KEY=... BUCKT_ACC_ROLE_ARN=... BUCKT_ACC_BUCKETS=a,b,c,d,e \
#     TF_ACC=1 go test ./internal/provider -run TestAcc -v
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
MIN_PASSED=${MIN_PASSED:-65}
terraform=${TF_ACC_TERRAFORM_PATH:-$(scripts/newest-terraform.sh)}
work=$(mktemp -d)
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  mkdir -p "$root/.tools"; cp "$work/test.log" "$root/.tools/external-test.log" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/buckt-emulator" ./cmd/buckt-emulator
export BUCKT_API_KEY="external-$RANDOM$RANDOM"
# The test account, prepared once as an operator would deploy it in AWS: the
# fixtures file's role (trusting Buckt's principal with StringLike
# sts:ExternalId "ext_*") and S3 buckets, which these two name for the tests.
export BUCKT_ACC_ROLE_ARN=arn:aws:iam::123456789012:role/BucktAcceptanceTests
export BUCKT_ACC_BUCKETS=acc-fixture-1,acc-fixture-2,acc-fixture-3,acc-fixture-4,acc-fixture-5,acc-fixture-6
# It behaves as another Buckt may: its error messages are worded otherwise
# (-reword-errors), its list cursors are offsets (-offset-cursors) and new
# items land anywhere in its listings (-unordered-ids).
"$work/buckt-emulator" -listen 127.0.0.1:0 -iam-delay 0s -reword-errors -offset-cursors -unordered-ids \
  -fixtures scripts/external-buckt-fixtures.json \
  -url-file "$work/url" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
if [ ! -s "$work/url" ]; then
  echo "the emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1
fi
BUCKT_ENDPOINT=$(cat "$work/url")
export BUCKT_ENDPOINT

export TF_CLI_CONFIG_FILE=/dev/null TF_ACC=1 TF_ACC_TERRAFORM_PATH=$terraform CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "Buckt at $BUCKT_ENDPOINT (its own process); test role $BUCKT_ACC_ROLE_ARN; buckets $BUCKT_ACC_BUCKETS"
set +e
go test -count=1 -timeout 30m -v -run '^TestAcc' ./internal/provider > "$work/test.log" 2>&1
status=$?
set -e
grep -E '^--- (PASS|FAIL)' "$work/test.log" || true
echo "== skipped, with the reason"
# go test prints a skip's reason on the line before its "--- SKIP".
awk '/^--- SKIP: TestAcc/ { sub(/^[ \t]*[^ ]+: /, "", previous); print "  " $3 ": " previous } { previous = $0 }' "$work/test.log"
passed=$(grep -cE '^--- PASS: TestAcc' "$work/test.log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$work/test.log" || true)
skipped=$(grep -cE '^--- SKIP: TestAcc' "$work/test.log" || true)
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  echo "== failures"
  grep -B2 -A40 -E '^\s*--- FAIL' "$work/test.log" | head -300 || true
fi
api() { curl -fsS -X "$1" "$BUCKT_ENDPOINT/v1$2" -H "Authorization: Bearer $BUCKT_API_KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
echo "== nothing left behind: the tests destroyed every connection and bucket they made"
for listing in /aws-accounts /buckets; do
  if ! api GET "$listing?limit=1" | grep -qE '"data": *\[\]'; then
    echo "FAIL: after the tests the Buckt still lists $listing: $(api GET "$listing?limit=5")" >&2
    status=1
  fi
done
echo "== sweepers: leftovers of a failed run are removed, then a second run finds nothing"
id_of() { sed -n 's/.*"id": *"\([^"]*\)".*/\1/p'; }
leftover=$(api POST /aws-accounts '{"label":"tf-acc-leftover"}' | id_of)
api PATCH "/aws-accounts/$leftover" "{\"roleArn\":\"$BUCKT_ACC_ROLE_ARN\"}" > /dev/null
api POST "/aws-accounts/$leftover/validate" > /dev/null
api POST "/aws-accounts/$leftover/import" '{"bucketNames":["acc-fixture-1"]}' > /dev/null
kept=$(api POST /aws-accounts '{"label":"production"}' | id_of)
for run in 1 2; do
  go test ./internal/provider -count=1 -sweep=all > "$work/sweep.log" 2>&1 || { cat "$work/sweep.log"; exit 1; }
  if api GET "/aws-accounts/$leftover" > /dev/null 2>&1; then echo "FAIL: sweep run $run left $leftover" >&2; exit 1; fi
  api GET "/aws-accounts/$kept" > /dev/null || { echo "FAIL: sweep run $run removed a connection that is not a test's" >&2; exit 1; }
  echo "sweep run $run: tf-acc-leftover released and disconnected, production kept"
done

version=$("$terraform" version)
echo "Against a Buckt in its own process (${version%%$'\n'*}): $passed TestAcc* passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ]; then exit 1; fi
if [ "$passed" -lt "$MIN_PASSED" ]; then
  echo "FAIL: fewer than $MIN_PASSED TestAcc* passed against an external Buckt" >&2
  exit 1
fi
