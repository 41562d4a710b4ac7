#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME each (default 5s): the error-envelope
# decoder, pagination, the AWS name rules and the validators. `go test -fuzz`
# takes one target of one package at a time. Failing inputs land in testdata/fuzz/ as regression
# seeds, which plain `go test` then runs every time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-5s}
for pkg in ./internal/buckt ./internal/awsnames ./internal/provider; do
  for target in $(go test "$pkg" -list '^Fuzz' | grep '^Fuzz'); do
    echo "fuzz $pkg $target ($fuzztime)"
    for attempt in 1 2; do
      if go test "$pkg" -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" > /tmp/fuzz-$$.log 2>&1; then
        break
      fi
      # The fuzzing engine itself can fail a run with "context deadline
      # exceeded" when a busy worker misses the -fuzztime deadline (no input
      # is written: nothing was found). Only that is retried, once; a real
      # failure writes its input to testdata/fuzz/ and fails here.
      if [ "$attempt" = 1 ] && grep -q 'context deadline exceeded' /tmp/fuzz-$$.log &&
        ! grep -q 'Failing input written' /tmp/fuzz-$$.log; then
        echo "  the fuzzing engine missed its deadline (nothing found); running $target again"
        continue
      fi
      cat /tmp/fuzz-$$.log; rm -f /tmp/fuzz-$$.log; exit 1
    done
  done
done
rm -f /tmp/fuzz-$$.log
