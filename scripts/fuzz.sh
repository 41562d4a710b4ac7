#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME each (default 5s): the error-envelope
# decoder, pagination, and the validators. `go test -fuzz` takes one target of
# one package at a time. Failing inputs land in testdata/fuzz/ as regression
# seeds, which plain `go test` then runs every time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-5s}
for pkg in ./internal/buckt ./internal/provider; do
  for target in $(go test "$pkg" -list '^Fuzz' | grep '^Fuzz'); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test "$pkg" -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" > /tmp/fuzz-$$.log 2>&1 || { cat /tmp/fuzz-$$.log; rm -f /tmp/fuzz-$$.log; exit 1; }
  done
done
rm -f /tmp/fuzz-$$.log
