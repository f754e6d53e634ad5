#!/bin/sh
# tests/run.sh — runs every test suite once against one build and appends
# "PASSED FAILED" lines to a counts file; the Makefile sums them into the final line.
# usage: tests/run.sh LABEL KOPIR_BINARY UNIT_TEST_DIR COUNTS_FILE
# Suites: cmocka unit tests (TAP), then node:test suites under tests/http, tests/cli and
# tests/browser (each *.test.mjs, run with KOPIR pointing at the binary).
set -u
label=$1 kopir=$2 unitdir=$3 counts=$4
root=$(cd "$(dirname "$0")/.." && pwd)
export KOPIR="$(cd "$(dirname "$kopir")" && pwd)/$(basename "$kopir")"
export KOPIR_ROOT="$root"
log="$root/build/test-$label.log"
mkdir -p "$root/build"
: > "$log"

record() { # suite passed failed
    echo "[$label] $1: $2 passed, $3 failed"
    echo "$2 $3" >> "$counts"
}

# cmocka: TAP output, one "ok"/"not ok" line per test. A crash before the plan
# is counted as one failure so it can never pass silently.
for t in "$unitdir"/test_*; do
    [ -x "$t" ] || continue
    out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1); rc=$?
    printf '%s\n' "$out" >> "$log"
    p=$(printf '%s\n' "$out" | grep -c '^ok ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok ')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; printf '%s\n' "$out" | tail -20; fi
    [ "$f" -gt 0 ] && printf '%s\n' "$out" | grep -B2 -A8 '^not ok ' | head -60
    record "unit $(basename "$t")" "$p" "$f"
done

# node:test suites; playwright-core comes from tests/node_modules (npm ci).
if ls "$root"/tests/*/*.test.mjs >/dev/null 2>&1; then
    if [ ! -d "$root/tests/node_modules/playwright-core" ] && [ -f "$root/tests/package.json" ]; then
        (cd "$root/tests" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
         npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1)
    fi
    for dir in cli http browser; do
        files=$(ls "$root"/tests/$dir/*.test.mjs 2>/dev/null) || continue
        out=$(cd "$root/tests" && node --test --test-concurrency=1 --test-reporter=tap $files 2>&1)
        printf '%s\n' "$out" >> "$log"
        p=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p' | tail -1)
        f=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p' | tail -1)
        [ -n "$p" ] || p=0
        [ -n "$f" ] || f=1
        [ "$f" -gt 0 ] && printf '%s\n' "$out" | grep -A25 '^ *not ok ' | head -120
        record "$dir" "$p" "$f"
    done
fi
exit 0
