#!/usr/bin/env bash
# Installs the Debian packages given as arguments that are not installed yet (apt-get update once).
# Used by .ci/run and scripts/provision-vscode.sh; prints what to run when it cannot install.
set -euo pipefail
log() { echo "[debian] $*" >&2; }
missing=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  log "missing Debian packages: ${missing[*]}"
  log "install them with: sudo apt-get install -y ${missing[*]}"
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
log "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2 || {
  log "could not install ${missing[*]}; install them by hand and run this again"; exit 1; }
