#!/usr/bin/env bash
# The steps of action.yml, as plain shell so they can be tested on a real repository.
# Inputs come as environment variables: INPUT_FORMAT, INPUT_BASE, INPUT_FAIL_ON, INPUT_ROOT.
# PREFLIGHT_CLI: a built dist/cli.js to use instead of building the action's own checkout.
set -euo pipefail

format="${INPUT_FORMAT:-github}"
base="${INPUT_BASE:-}"
if [[ -z "$base" && -n "${GITHUB_BASE_REF:-}" ]]; then base="origin/${GITHUB_BASE_REF}"; fi

cli="${PREFLIGHT_CLI:-}"
if [[ -z "$cli" ]]; then
  # The CLI of this repository at the action's ref: built once per job, with no install scripts.
  (cd "$GITHUB_ACTION_PATH" && npm ci --ignore-scripts --no-audit --no-fund --silent && node scripts/build.mjs --production > /dev/null)
  cli="$GITHUB_ACTION_PATH/dist/cli.js"
fi

# A pull request is judged as a range from its base; any other event (a push to main) scans every file.
if [[ -n "$base" ]]; then args=(check --base "$base"); else args=(scan); fi
args+=(--format "$format")
if [[ -n "${INPUT_FAIL_ON:-}" ]]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [[ -n "${INPUT_ROOT:-}" ]]; then args+=(--root "$INPUT_ROOT"); fi

status=0
case "$format" in
  sarif | gitlab | json)
    report="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/preflight.${format}"
    node "$cli" "${args[@]}" > "$report" || status=$?
    if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "report=$report" >> "$GITHUB_OUTPUT"; fi
    ;;
  *) node "$cli" "${args[@]}" || status=$? ;;
esac
exit "$status"
