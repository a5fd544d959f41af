#!/usr/bin/env bash
# Fuzz every Go fuzz target in the module for a bounded time each:
#   scripts/fuzz.sh [DURATION]      (default 30s; e.g. 10s, 2m)
# The seed corpora already run as ordinary tests in `go test ./...`. A
# crash found here is saved by Go under the package's
# testdata/fuzz/<Target>/ directory, where plain `go test` replays it from
# then on: fix the bug, and commit that file as a regression case.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"

failed=()
# "package-dir<TAB>FuzzName" for every fuzz target in a _test.go file.
targets=$(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . \
  | sed -E 's#^\./##; s#/[^/]*_test\.go:func #\t#; s#^[^/\t]*_test\.go:func #.\t#' | sort -u)

while IFS=$'\t' read -r dir name; do
  [ -n "$name" ] || continue
  echo "== $name in ./$dir for $duration"
  if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$duration" "./$dir"; then
    failed+=("$dir $name")
  fi
done <<< "$targets"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found failures (new corpus entries under testdata/fuzz/):" >&2
  printf '  %s\n' "${failed[@]}" >&2
  git status --short -- '*testdata/fuzz/*' >&2 || true
  exit 1
fi
echo "all fuzz targets ran $duration without a failure"
